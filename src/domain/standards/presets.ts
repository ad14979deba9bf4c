import { DEFAULT_SPAN_OF_CONTROL } from './caseload-standard.ts';
import type { CaseloadRange, StandardProfile } from './caseload-standard.ts';

export const PRESET_NAMES = ['local-18-20', 'cipfa-14-17', 'pan-london-15-21', 'good-15-18', 'outstanding-7-10'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * IRO Handbook: statutory guidance for independent reviewing officers and local authorities
 * (DCSF, 2010, ref. DCSF-00184-2010), chapter 7: a caseload of 50 to 70 looked after children
 * per full-time-equivalent IRO. Used by every preset.
 */
const IRO_HANDBOOK: CaseloadRange = { min: 50, max: 70 };

/**
 * A county council's adopted caseload standard: social worker 18-20, ASYE and senior
 * practitioner 12-15, personal adviser 18-20. Advanced practitioners are not named by it and
 * are given the senior practitioner range.
 */
const LOCAL: {
  socialWorker: CaseloadRange;
  asye: CaseloadRange;
  seniorPractitioner: CaseloadRange;
  personalAdviser: CaseloadRange;
} = {
  socialWorker: { min: 18, max: 20 },
  asye: { min: 12, max: 15 },
  seniorPractitioner: { min: 12, max: 15 },
  personalAdviser: { min: 18, max: 20 },
};

/**
 * The benchmark presets state a social worker range only. For the other case-holding roles a
 * preset carries the local standard's range for that role, never above the preset's social
 * worker range (each bound capped), so an ASYE is never allowed more children than a qualified
 * social worker under the same preset.
 */
function capAt(local: CaseloadRange, socialWorker: CaseloadRange): CaseloadRange {
  return { min: Math.min(local.min, socialWorker.min), max: Math.min(local.max, socialWorker.max) };
}

function benchmarkPreset(name: PresetName, label: string, source: string, socialWorker: CaseloadRange): StandardProfile {
  const senior = capAt(LOCAL.seniorPractitioner, socialWorker);
  return {
    name,
    label,
    source,
    roles: {
      social_worker: socialWorker,
      senior_practitioner: senior,
      advanced_practitioner: senior,
      iro: IRO_HANDBOOK,
      personal_adviser: capAt(LOCAL.personalAdviser, socialWorker),
    },
    asye: capAt(LOCAL.asye, socialWorker),
    weights: {},
    spanOfControl: DEFAULT_SPAN_OF_CONTROL,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Frozen: callers that need a variant build a custom profile (parseProfile) instead of editing a preset. */
export const PRESETS: Readonly<Record<PresetName, StandardProfile>> = deepFreeze({
  'local-18-20': {
    name: 'local-18-20',
    label: 'Local standard: social worker 18-20',
    source:
      "A county council's caseload standard (social worker 18-20, ASYE and senior practitioner 12-15, personal adviser 18-20); IRO 50-70 from the IRO Handbook (DCSF, 2010)",
    roles: {
      social_worker: LOCAL.socialWorker,
      senior_practitioner: LOCAL.seniorPractitioner,
      advanced_practitioner: LOCAL.seniorPractitioner,
      iro: IRO_HANDBOOK,
      personal_adviser: LOCAL.personalAdviser,
    },
    asye: LOCAL.asye,
    weights: {},
    spanOfControl: DEFAULT_SPAN_OF_CONTROL,
  },
  'cipfa-14-17': benchmarkPreset(
    'cipfa-14-17',
    'CIPFA benchmark: social worker 14-17',
    'CIPFA children’s social care benchmarking: caseload per social worker 14-17; IRO 50-70 from the IRO Handbook (DCSF, 2010)',
    { min: 14, max: 17 },
  ),
  'pan-london-15-21': benchmarkPreset(
    'pan-london-15-21',
    'Pan-London agreement: social worker 15-21',
    'Pan-London agreement between London boroughs: caseload per social worker 15-21; IRO 50-70 from the IRO Handbook (DCSF, 2010)',
    { min: 15, max: 21 },
  ),
  'good-15-18': benchmarkPreset(
    'good-15-18',
    'Authorities rated good: social worker 15-18',
    'Caseloads per social worker in authorities rated good by Ofsted: 15-18; IRO 50-70 from the IRO Handbook (DCSF, 2010)',
    { min: 15, max: 18 },
  ),
  'outstanding-7-10': benchmarkPreset(
    'outstanding-7-10',
    'Authorities rated outstanding: social worker 7-10',
    'Caseloads per social worker in the two authorities rated outstanding by Ofsted: 7-10; IRO 50-70 from the IRO Handbook (DCSF, 2010)',
    { min: 7, max: 10 },
  ),
});

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export function getPreset(name: PresetName): StandardProfile;
export function getPreset(name: string): StandardProfile | undefined;
export function getPreset(name: string): StandardProfile | undefined {
  return isPresetName(name) ? PRESETS[name] : undefined;
}
