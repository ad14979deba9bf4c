/**
 * The SSDA903 tables as the DfE specifies them (the children looked after return), by the
 * columns each has. A file is recognised by its columns, not its name: `signature` columns must
 * all be present, and the table with the most of its columns in the header wins.
 */
export type Ssda903TableName =
  | 'header'
  | 'episodes'
  | 'uasc'
  | 'missing'
  | 'reviews'
  | 'prev_perm'
  | 'sw_episodes'
  | 'oc2'
  | 'oc3'
  | 'ad1'
  | 'placed_adoption';

export interface Ssda903TableSpec {
  name: Ssda903TableName;
  title: string;
  columns: readonly string[];
  signature: readonly string[];
  /** Columns holding dates; `required` ones reject the row when missing or not a date. */
  dates: readonly string[];
  requiredDates: readonly string[];
  /** For the typed record columns: which date starts/ends it and which code it carries. */
  start?: string;
  end?: string;
  code?: string;
}

export const SSDA903_TABLES: readonly Ssda903TableSpec[] = [
  {
    name: 'header',
    title: 'Header',
    columns: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
    signature: ['CHILD', 'SEX', 'DOB', 'ETHNIC'],
    dates: ['DOB', 'MC_DOB'],
    requiredDates: [],
    start: 'DOB',
    code: 'SEX',
  },
  {
    name: 'episodes',
    title: 'Episodes',
    columns: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
    signature: ['CHILD', 'DECOM', 'RNE', 'LS'],
    dates: ['DECOM', 'DEC'],
    requiredDates: ['DECOM'],
  },
  { name: 'uasc', title: 'UASC', columns: ['CHILD', 'SEX', 'DOB', 'DUC'], signature: ['CHILD', 'DUC'], dates: ['DOB', 'DUC'], requiredDates: [], end: 'DUC' },
  {
    name: 'missing',
    title: 'Missing',
    columns: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
    signature: ['CHILD', 'MIS_START'],
    dates: ['DOB', 'MIS_START', 'MIS_END'],
    requiredDates: ['MIS_START'],
    start: 'MIS_START',
    end: 'MIS_END',
    code: 'MISSING',
  },
  {
    name: 'reviews',
    title: 'Reviews',
    columns: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
    signature: ['CHILD', 'REVIEW', 'REVIEW_CODE'],
    dates: ['DOB', 'REVIEW'],
    requiredDates: ['REVIEW'],
    start: 'REVIEW',
    code: 'REVIEW_CODE',
  },
  {
    name: 'prev_perm',
    title: 'Previous permanence',
    columns: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
    signature: ['CHILD', 'PREV_PERM'],
    dates: ['DOB'],
    requiredDates: [],
    code: 'PREV_PERM',
  },
  {
    name: 'sw_episodes',
    title: 'Social worker episodes',
    columns: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
    signature: ['CHILD', 'SW_ID', 'SW_DECOM'],
    dates: ['DOB', 'SW_DECOM', 'SW_DEC'],
    requiredDates: ['SW_DECOM'],
    start: 'SW_DECOM',
    end: 'SW_DEC',
    code: 'SW_ID',
  },
  {
    name: 'oc2',
    title: 'OC2 (outcomes)',
    columns: ['CHILD', 'DOB', 'SDQ_SCORE', 'SDQ_REASON', 'CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'],
    signature: ['CHILD', 'CONVICTED', 'HEALTH_CHECK'],
    dates: ['DOB'],
    requiredDates: [],
  },
  {
    name: 'oc3',
    title: 'OC3 (care leavers)',
    columns: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
    signature: ['CHILD', 'IN_TOUCH', 'ACTIV'],
    dates: ['DOB'],
    requiredDates: [],
    start: 'DOB',
    code: 'ACTIV',
  },
  {
    name: 'ad1',
    title: 'AD1 (adoption)',
    columns: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
    signature: ['CHILD', 'DATE_INT', 'DATE_MATCH'],
    dates: ['DOB', 'DATE_INT', 'DATE_MATCH'],
    requiredDates: [],
    start: 'DATE_INT',
    end: 'DATE_MATCH',
  },
  {
    name: 'placed_adoption',
    title: 'Placed for adoption',
    columns: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
    signature: ['CHILD', 'DATE_PLACED'],
    dates: ['DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED'],
    requiredDates: ['DATE_PLACED'],
    start: 'DATE_PLACED',
    end: 'DATE_PLACED_CEASED',
    code: 'REASON_PLACED_CEASED',
  },
];

/** Code lists checked on reading (DfE SSDA903 guidance); a code outside them is a warning, not a rejection. */
export const SSDA903_CODES: Readonly<Record<string, readonly string[]>> = {
  RNE: ['S', 'L', 'P', 'T', 'U', 'B'],
  LS: ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'],
  CIN: ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'],
  PLACE: ['A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'K3', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1'],
  PLACE_PROVIDER: ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'],
  REC: ['E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17', 'E2', 'E3', 'E41', 'E45', 'E46', 'E47', 'E48', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9', 'X1'],
  MISSING: ['M', 'A'],
  SW_REASON: ['MANAGE', 'FTWORK', 'PTWORK', 'LEFTROLE', 'ORGRESTRUCT', 'OTHER'],
  SEX: ['1', '2'],
};

/** Columns whose values are codes: compared and stored upper case, spaces removed. */
export const CODE_COLUMNS = new Set(['RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'REC', 'REASON_PLACE_CHANGE', 'MISSING', 'SW_REASON', 'SEX', 'ETHNIC', 'REVIEW_CODE', 'IN_TOUCH', 'ACTIV', 'ACCOM', 'LA_PERM', 'PREV_PERM']);

/** Legal statuses of a series of short breaks (respite): not counted as looked after at 31 March. */
export const SHORT_BREAK_LEGAL_STATUSES: readonly string[] = ['V3', 'V4'];

export function normaliseColumn(h: string): string {
  return h.replace(/^\ufeff/, '').trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/** The table whose signature the header carries, preferring the one with the most known columns. */
export function detectTable(header: readonly string[]): Ssda903TableSpec | null {
  const cols = new Set(header.map(normaliseColumn));
  let best: { spec: Ssda903TableSpec; score: number } | null = null;
  for (const spec of SSDA903_TABLES) {
    if (!spec.signature.every((c) => cols.has(c))) continue;
    const score = spec.columns.filter((c) => cols.has(c)).length - spec.columns.length / 100;
    if (!best || score > best.score) best = { spec, score };
  }
  return best?.spec ?? null;
}
