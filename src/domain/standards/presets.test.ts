import { describe, expect, it } from 'vitest';
import { getPreset, isPresetName, PRESET_NAMES, PRESETS } from './presets.ts';
import { isCaseHoldingRole, standardRangeFor } from './caseload-standard.ts';

describe('caseload standard presets', () => {
  it('offers the five named presets', () => {
    expect(Object.keys(PRESETS)).toEqual([...PRESET_NAMES]);
    for (const name of PRESET_NAMES) expect(getPreset(name).name).toBe(name);
  });

  it('carries the local standard as adopted', () => {
    const local = getPreset('local-18-20');
    expect(local.roles).toEqual({
      social_worker: { min: 18, max: 20 },
      senior_practitioner: { min: 12, max: 15 },
      advanced_practitioner: { min: 12, max: 15 },
      iro: { min: 50, max: 70 },
      personal_adviser: { min: 18, max: 20 },
    });
    expect(local.asye).toEqual({ min: 12, max: 15 });
    expect(local.spanOfControl).toMatchObject({ min: 8, max: 10 });
  });

  it.each([
    ['cipfa-14-17', { min: 14, max: 17 }, { min: 12, max: 15 }, { min: 14, max: 17 }],
    ['pan-london-15-21', { min: 15, max: 21 }, { min: 12, max: 15 }, { min: 15, max: 20 }],
    ['good-15-18', { min: 15, max: 18 }, { min: 12, max: 15 }, { min: 15, max: 18 }],
    ['outstanding-7-10', { min: 7, max: 10 }, { min: 7, max: 10 }, { min: 7, max: 10 }],
  ] as const)('%s: social worker range from its source, other roles capped at it', (name, socialWorker, asye, adviser) => {
    const preset = getPreset(name);
    expect(preset.roles.social_worker).toEqual(socialWorker);
    expect(preset.asye).toEqual(asye);
    expect(preset.roles.senior_practitioner).toEqual(asye);
    expect(preset.roles.personal_adviser).toEqual(adviser);
  });

  it('uses the IRO Handbook 50-70 in every preset and cites a source', () => {
    for (const preset of Object.values(PRESETS)) {
      expect(preset.roles.iro).toEqual({ min: 50, max: 70 });
      expect(preset.source).toMatch(/IRO Handbook/);
      expect(preset.asye.max).toBeLessThanOrEqual(preset.roles.social_worker.max);
    }
  });

  it('treats managers, family workers and students as not holding cases', () => {
    const local = getPreset('local-18-20');
    for (const role of ['team_manager', 'practice_manager', 'service_manager', 'head_of_service', 'family_worker', 'student'] as const) {
      expect(isCaseHoldingRole(local, role)).toBe(false);
      expect(standardRangeFor(local, role, false)).toBeNull();
    }
    expect(standardRangeFor(local, 'social_worker', true)).toEqual({ min: 12, max: 15 });
  });

  it('answers undefined for an unknown name and cannot be edited', () => {
    expect(getPreset('national-30')).toBeUndefined();
    expect(isPresetName('good-15-18')).toBe(true);
    expect(Object.isFrozen(getPreset('good-15-18').roles.social_worker)).toBe(true);
  });
});
