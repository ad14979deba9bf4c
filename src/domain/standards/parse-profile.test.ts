import { describe, expect, it } from 'vitest';
import { parseProfile } from './parse-profile.ts';

const minimal = {
  name: 'ours-2025',
  roles: { social_worker: { min: 16, max: 18 } },
  asye: { min: 10, max: 12 },
};

function messages(input: unknown): string[] {
  const result = parseProfile(input);
  return result.ok ? [] : result.errors.map((error) => error.message);
}

describe('parseProfile', () => {
  it('accepts a minimal profile and fills the defaults', () => {
    const result = parseProfile(JSON.stringify(minimal));
    expect(result).toEqual({
      ok: true,
      profile: {
        name: 'ours-2025',
        label: 'ours-2025',
        source: 'Custom profile',
        roles: { social_worker: { min: 16, max: 18 } },
        asye: { min: 10, max: 12 },
        weights: {},
        spanOfControl: { min: 8, max: 10, roles: ['team_manager', 'practice_manager', 'service_manager', 'head_of_service'] },
      },
    });
  });

  it('accepts the full format documented in docs/standards.md', () => {
    const result = parseProfile({
      ...minimal,
      label: 'Our standard',
      source: 'Cabinet report, March 2025',
      roles: { ...minimal.roles, iro: { min: 50, max: 70 }, family_worker: { min: 8, max: 12 } },
      weights: { cp: 1.5, cla: 1.25 },
      spanOfControl: { min: 6, max: 8, roles: ['team_manager'] },
    });
    expect(result.ok && result.profile.spanOfControl).toEqual({ min: 6, max: 8, roles: ['team_manager'] });
    expect(result.ok && result.profile.roles.family_worker).toEqual({ min: 8, max: 12 });
  });

  it('names the field in every message', () => {
    expect(
      messages({
        name: 'x',
        roles: { social_worker: { min: 22, max: 20 }, wizard: { min: 1, max: 2 } },
        asye: { min: 'ten', max: 12, extra: 1 },
        weights: { cp: 0, urgent: 2 },
        colour: 'red',
      }),
    ).toEqual([
      'roles.social_worker.min (22) must not be above max (20)',
      expect.stringContaining('roles: unknown role "wizard" (expected one of social_worker,'),
      'asye.min must be a number',
      'asye: unknown field "extra" (expected one of min, max)',
      'weights.cp must be more than 0',
      expect.stringContaining('weights: unknown case type "urgent" (expected one of cin, cp,'),
      expect.stringContaining('profile: unknown field "colour"'),
    ]);
  });

  it('requires name, roles, asye and a social worker range', () => {
    expect(messages({})).toEqual(['name is required', 'roles is required', 'asye is required']);
    expect(messages({ ...minimal, roles: { iro: { min: 50, max: 70 } } })).toEqual([
      'roles.social_worker is required: FTE required is counted in social worker posts',
    ]);
  });

  it('gives one message per mistake', () => {
    expect(messages({ ...minimal, asye: { min: 1, max: -3 } })).toEqual(['asye.max must be more than 0']);
    expect(messages({ ...minimal, spanOfControl: { min: 8, max: 10, roles: ['boss'] } })).toEqual([
      expect.stringMatching(/^spanOfControl\.roles\[0\] must be one of social_worker/),
    ]);
  });

  it('reports text that is not JSON, or JSON that is not an object, without throwing', () => {
    expect(messages('{"name":')).toEqual([expect.stringMatching(/^profile: not valid JSON/)]);
    expect(messages('[1, 2]')).toEqual(['profile must be a JSON object']);
    expect(messages(null)).toEqual(['profile must be a JSON object']);
  });
});
