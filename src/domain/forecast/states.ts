/**
 * The state space of the stock-flow model. A child is in exactly one state on a day: the first
 * of looked after, care leaver, child protection plan, child in need, open assessment whose
 * episode is open, in that order; otherwise out of the system.
 */
export const AGE_BANDS = ['under_1', '1_4', '5_9', '10_15', '16_17', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = { under_1: 'under 1', '1_4': '1 to 4', '5_9': '5 to 9', '10_15': '10 to 15', '16_17': '16 and 17', unknown: 'age not known' };
/** Birthdays on which a child moves to the next band (the 18th takes them out of the bands). */
export const BAND_BIRTHDAYS = [1, 5, 10, 16, 18] as const;

export const PLACEMENT_GROUPS = ['fostering', 'residential', 'supported', 'placed_with_parents', 'adoption', 'other'] as const;
export type PlacementGroup = (typeof PLACEMENT_GROUPS)[number];
export const PLACEMENT_GROUP_LABELS: Record<PlacementGroup, string> = {
  fostering: 'fostering',
  residential: "residential (children's homes and secure)",
  supported: 'supported and semi-independent',
  placed_with_parents: 'placed with parents',
  adoption: 'placed for adoption',
  other: 'other placements',
};

/**
 * 903 placement type codes by group (DfE SSDA903 guidance, placement type codes). Codes not
 * listed, and a missing code, fall in "other".
 */
const PLACEMENT_CODES: Record<string, PlacementGroup> = {
  U1: 'fostering', U2: 'fostering', U3: 'fostering', U4: 'fostering', U5: 'fostering', U6: 'fostering',
  K1: 'residential', K2: 'residential', R1: 'residential', S1: 'residential',
  H5: 'supported', P2: 'supported', K3: 'supported', K4: 'supported',
  P1: 'placed_with_parents',
  A3: 'adoption', A4: 'adoption', A5: 'adoption', A6: 'adoption',
};

export function placementGroupOf(code: string | null | undefined): PlacementGroup {
  if (code === null || code === undefined) return 'other';
  return PLACEMENT_CODES[code.trim().toUpperCase()] ?? 'other';
}

/** V3 and V4 are short breaks: not looked after in the DfE's count of children looked after. */
export function isShortBreak(legalStatus: string | null | undefined): boolean {
  const code = legalStatus?.trim().toUpperCase();
  return code === 'V3' || code === 'V4';
}

export const STATE_FAMILIES = ['assessment', 'cin', 'cp', 'cla', 'care_leaver'] as const;
export type StateFamily = (typeof STATE_FAMILIES)[number];

export interface StateDef {
  index: number;
  family: StateFamily;
  band: AgeBand | null;
  group: PlacementGroup | null;
  key: string;
}

function buildStates(): StateDef[] {
  const out: StateDef[] = [];
  const add = (family: StateFamily, band: AgeBand | null, group: PlacementGroup | null) =>
    out.push({ index: out.length, family, band, group, key: [family, group, band].filter((p) => p !== null).join(':') });
  for (const family of ['assessment', 'cin', 'cp'] as const) for (const band of AGE_BANDS) add(family, band, null);
  for (const group of PLACEMENT_GROUPS) for (const band of AGE_BANDS) add('cla', band, group);
  add('care_leaver', null, null);
  return out;
}

export const STATES: readonly StateDef[] = buildStates();
export const STATE_COUNT = STATES.length;
const BY_KEY = new Map(STATES.map((s) => [s.key, s.index]));
const BAND_INDEX = new Map(AGE_BANDS.map((b, i) => [b, i]));
const GROUP_INDEX = new Map(PLACEMENT_GROUPS.map((g, i) => [g, i]));

export function stateIndex(family: StateFamily, band: AgeBand | null, group: PlacementGroup | null): number {
  if (family === 'care_leaver') return STATE_COUNT - 1;
  const b = BAND_INDEX.get(band ?? 'unknown') ?? AGE_BANDS.length - 1;
  if (family === 'cla') return 3 * AGE_BANDS.length + (GROUP_INDEX.get(group ?? 'other') ?? PLACEMENT_GROUPS.length - 1) * AGE_BANDS.length + b;
  const f = family === 'assessment' ? 0 : family === 'cin' ? 1 : 2;
  return f * AGE_BANDS.length + b;
}

export function stateByKey(key: string): number | undefined {
  return BY_KEY.get(key);
}

/** Age band for an age in whole years; under 0 (a plan before birth) counts as under 1, 18 and over as 16-17. */
export function ageBandFor(ageYears: number | null): AgeBand {
  if (ageYears === null) return 'unknown';
  if (ageYears < 1) return 'under_1';
  if (ageYears < 5) return '1_4';
  if (ageYears < 10) return '5_9';
  if (ageYears < 16) return '10_15';
  return '16_17';
}

/** The measures the forecast reports, each a set of states (or, for referrals, a flow). */
export const STOCK_MEASURES = ['cla', ...PLACEMENT_GROUPS.map((g) => `cla_${g}` as const), 'cp', 'cin', 'assessments', 'care_leavers'] as const;
export type StockMeasure = (typeof STOCK_MEASURES)[number];
export type Measure = StockMeasure | 'referrals';
export const MEASURES: readonly Measure[] = [...STOCK_MEASURES, 'referrals'];

export const MEASURE_LABELS: Record<Measure, string> = {
  cla: 'Children looked after',
  cla_fostering: 'Looked after: fostering',
  cla_residential: "Looked after: children's homes and secure",
  cla_supported: 'Looked after: supported and semi-independent',
  cla_placed_with_parents: 'Looked after: placed with parents',
  cla_adoption: 'Looked after: placed for adoption',
  cla_other: 'Looked after: other placements',
  cp: 'Child protection plans',
  cin: 'Children in need (not on a plan or looked after)',
  assessments: 'Open assessments',
  care_leavers: 'Care leavers',
  referrals: 'Referrals in the month',
};

/** Membership of each stock measure as a 0/1 mask over the states. */
export function measureMask(measure: StockMeasure): Uint8Array {
  const mask = new Uint8Array(STATE_COUNT);
  for (const s of STATES) {
    const hit =
      measure === 'cla' ? s.family === 'cla'
      : measure.startsWith('cla_') ? s.family === 'cla' && `cla_${s.group ?? ''}` === measure
      : measure === 'cp' ? s.family === 'cp'
      : measure === 'cin' ? s.family === 'cin'
      : measure === 'assessments' ? s.family === 'assessment'
      : s.family === 'care_leaver';
    if (hit) mask[s.index] = 1;
  }
  return mask;
}
