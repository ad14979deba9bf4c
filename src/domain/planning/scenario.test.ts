import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario.ts';

const messages = (input: unknown): string[] => {
  const parsed = parseScenario(input);
  return parsed.ok ? [] : parsed.errors.map((error) => error.message);
};

describe('parseScenario', () => {
  it('accepts every change type', () => {
    const parsed = parseScenario({
      name: 'Everything',
      description: 'One of each',
      asOf: '2025-09-30',
      changes: [
        { type: 'add_posts', team: 'T1', role: 'social_worker', fte: 1, count: 2, agency: false, asye: true, supernumerary: true, startDate: '2025-10-01' },
        { type: 'remove_posts', team: 'T1', role: 'social_worker', fte: 0.5, count: 1 },
        { type: 'remove_posts', workerId: 'W1' },
        { type: 'convert_agency', team: 'T1', count: 1 },
        { type: 'convert_agency', workerIds: ['W2'] },
        { type: 'move_workers', workerIds: ['W3'], toTeam: 'T2' },
        { type: 'move_team', team: 'T2', toParent: null },
        { type: 'split_team', team: 'T1', newTeam: { teamId: 'T3', name: 'Three' }, workerIds: ['W4'], managers: [{ workerId: 'W5' }, { role: 'practice_manager', fte: 0.5 }] },
        { type: 'set_profile', profile: 'good-15-18' },
        { type: 'demand', team: 'T1', factor: 1.15 },
      ],
    });
    expect(parsed.ok).toBe(true);
  });

  it('reads JSON text', () => {
    expect(parseScenario('{"name":"x","changes":[]}').ok).toBe(true);
    expect(messages('{"name":')[0]).toMatch(/^scenario: not valid JSON/);
  });

  it('names each bad field', () => {
    expect(
      messages({
        name: '',
        asOf: '2025-02-30',
        changes: [
          { type: 'add_posts', team: 'T1', role: 'wizard', fte: 1.5, count: 0 },
          { type: 'hire' },
          { type: 'remove_posts', team: 'T1' },
          { type: 'remove_posts', workerId: 'W1', count: 2 },
          { type: 'demand', team: 'T1', factor: -1, colour: 'red' },
          { type: 'split_team', team: 'T1', newTeam: { teamId: 'T2', name: 'Two' }, workerIds: [], managers: [{ fte: 1 }] },
        ],
      }),
    ).toEqual([
      'name: must not be empty',
      'asOf: must be a date written YYYY-MM-DD',
      'changes[0].role: must be one of social_worker, senior_practitioner, advanced_practitioner, team_manager, practice_manager, service_manager, head_of_service, iro, personal_adviser, family_worker, student',
      'changes[0].fte: must be more than 0 and at most 1 (got 1.5)',
      'changes[0].count: must be 1 or more',
      'changes[1].type: must be one of add_posts, remove_posts, convert_agency, move_workers, move_team, split_team, set_profile, demand',
      'changes[2].role: is required (or give workerId to remove one worker)',
      'changes[2].fte: is required (or give workerId to remove one worker)',
      'changes[3].count: must not be given with workerId: remove one worker, or posts by team, role and FTE',
      'changes[4].factor: must be 0 or more',
      'changes[4].colour: is not a field this input has (check the spelling)',
      'changes[5].managers[0].role: is required for a new manager post (or give workerId to move an existing manager)',
    ]);
  });

  it('says what is missing from an empty object', () => {
    expect(messages({})).toEqual(['name: is required', 'changes: is required']);
    expect(messages([])).toEqual(['scenario: must be a JSON object']);
  });
});
