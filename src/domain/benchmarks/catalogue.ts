/**
 * The published DfE and ONS tables Headroom's benchmarks come from, and the measures read from
 * each. Every definition is the DfE's own (see docs/benchmarks.md for the source publications).
 */
export type BetterWhen = 'lower' | 'higher' | 'neither';
export type MeasureUnit = 'ratio' | 'percent' | 'rate_per_10000' | 'count';

export interface MeasureDef {
  id: string;
  label: string;
  unit: MeasureUnit;
  /** Decimal places the DfE publishes the measure with (used for the neighbours' average). */
  decimals: number;
  betterWhen: BetterWhen;
  /** The column holding the figure. */
  column: string;
  /** Only rows whose breakdown columns hold these values. */
  where?: Readonly<Record<string, string>>;
  definition: string;
}

export interface SourceDef {
  id: string;
  title: string;
  publication: string;
  /** How a file of this table is recognised in a folder (DfE file names keep their stem between releases). */
  filePattern: RegExp;
  categoryColumns?: readonly string[];
  measures: readonly MeasureDef[];
}

export const NEIGHBOUR_MODEL_PATTERN = /^sn_model_(\d{4})_wide.*\.csv$/i;

export const SOURCES: readonly SourceDef[] = [
  {
    id: 'csww',
    title: 'Children’s social work workforce: indicators by local authority',
    publication: 'DfE, Children’s social work workforce (annual, February), table csww_indicators',
    filePattern: /^csww_indicators.*\.csv$/i,
    measures: [
      { id: 'caseload_fte', label: 'Average caseload per case-holding FTE social worker', unit: 'ratio', decimals: 1, betterWhen: 'lower', column: 'caseload_fte', definition: 'Cases held by children and family social workers at 30 September divided by the FTE of case-holding social workers.' },
      { id: 'turnover_rate_fte', label: 'Social worker turnover rate (FTE, %)', unit: 'percent', decimals: 1, betterWhen: 'lower', column: 'turnover_rate_fte', definition: 'FTE leavers in the year to 30 September as a percentage of FTE social workers in post at 30 September.' },
      { id: 'agency_rate_fte', label: 'Agency social worker rate (FTE, %)', unit: 'percent', decimals: 1, betterWhen: 'lower', column: 'agency_rate_fte', definition: 'FTE agency workers at 30 September as a percentage of FTE agency workers plus FTE social workers in post.' },
      { id: 'vacancy_rate_fte', label: 'Social worker vacancy rate (FTE, %)', unit: 'percent', decimals: 1, betterWhen: 'lower', column: 'vacancy_rate_fte', definition: 'FTE vacancies at 30 September as a percentage of FTE vacancies plus FTE social workers in post.' },
      { id: 'absence_rate_fte', label: 'Social worker sickness absence rate (%)', unit: 'percent', decimals: 1, betterWhen: 'lower', column: 'absence_rate_fte', definition: 'Working days lost to sickness absence in the year as a percentage of the working days available to FTE social workers in post.' },
    ],
  },
  {
    id: 'cin_referrals',
    title: 'Children in need: referrals and re-referrals (table C1)',
    publication: 'DfE, Children in need (annual, October/November), table c1',
    filePattern: /^c1_children_in_need_referrals.*\.csv$/i,
    measures: [
      { id: 'referral_count', label: 'Referrals to children’s social care', unit: 'count', decimals: 0, betterWhen: 'neither', column: 'referral_count', definition: 'Referrals received in the year to 31 March (rounded by the DfE).' },
      { id: 'rereferral_percent', label: 'Re-referrals within 12 months (%)', unit: 'percent', decimals: 1, betterWhen: 'lower', column: 'rereferral_percent', definition: 'Referrals in the year within 12 months of a previous referral, as a percentage of referrals in the year.' },
    ],
  },
  {
    id: 'cin',
    title: 'Children in need: episodes and children (table B1)',
    publication: 'DfE, Children in need (annual, October/November), table b1',
    filePattern: /^b1_children_in_need.*\.csv$/i,
    measures: [
      { id: 'cin_at31_count', label: 'Children in need at 31 March', unit: 'count', decimals: 0, betterWhen: 'neither', column: 'At31_episodes', definition: 'Children in need episodes open at 31 March (rounded by the DfE).' },
    ],
  },
  {
    id: 'cpp_subsequent',
    title: 'Child protection plans which are a second or subsequent plan (table D3)',
    publication: 'DfE, Children in need (annual, October/November), table d3',
    filePattern: /^d3_cpps_subsequent.*\.csv$/i,
    measures: [
      { id: 'cpp_subsequent_percent', label: 'Child protection plans that are a second or subsequent plan (%)', unit: 'percent', decimals: 1, betterWhen: 'lower', column: 'CPP_subsequent_percent', definition: 'Child protection plans started in the year that were a second or subsequent plan, as a percentage of plans started in the year.' },
    ],
  },
  {
    id: 'cpp_duration',
    title: 'Child protection plans at 31 March by length of time (table D5)',
    publication: 'DfE, Children in need (annual, October/November), table d5',
    filePattern: /^d5_cpps_at31march_by_duration.*\.csv$/i,
    measures: [
      { id: 'cpp_at31_count', label: 'Children on a child protection plan at 31 March', unit: 'count', decimals: 0, betterWhen: 'neither', column: 'CPP_At31', definition: 'Child protection plans open at 31 March (rounded by the DfE).' },
      { id: 'cpp_2years_plus_percent', label: 'Child protection plans open 2 years or more at 31 March (%)', unit: 'percent', decimals: 1, betterWhen: 'lower', column: '2_years_or_more_percent', definition: 'Plans open at 31 March that had lasted 2 years or more, as a percentage of plans open at 31 March.' },
    ],
  },
  {
    id: 'cla',
    title: 'Children looked after: numbers and rates per 10,000 children',
    publication: 'DfE, Children looked after in England including adoptions (annual, November)',
    filePattern: /^cla_number_and_rate.*\.csv$/i,
    categoryColumns: ['population_type'],
    measures: [
      { id: 'cla_rate_per_10000', label: 'Children looked after at 31 March per 10,000 children', unit: 'rate_per_10000', decimals: 0, betterWhen: 'neither', column: 'rate_per_10000', where: { population_type: 'Children looked after on 31 March each year' }, definition: 'Children looked after at 31 March per 10,000 children aged 0 to 17 (ONS mid-year estimate).' },
      { id: 'cla_count', label: 'Children looked after at 31 March', unit: 'count', decimals: 0, betterWhen: 'neither', column: 'children_count', where: { population_type: 'Children looked after on 31 March each year' }, definition: 'Children looked after at 31 March (rounded by the DfE).' },
      { id: 'cla_started_rate_per_10000', label: 'Children starting to be looked after per 10,000 children', unit: 'rate_per_10000', decimals: 0, betterWhen: 'neither', column: 'rate_per_10000', where: { population_type: 'Children starting to be looked after each year' }, definition: 'Children who started to be looked after in the year to 31 March per 10,000 children aged 0 to 17.' },
      { id: 'cla_ceased_rate_per_10000', label: 'Children ceasing to be looked after per 10,000 children', unit: 'rate_per_10000', decimals: 0, betterWhen: 'neither', column: 'rate_per_10000', where: { population_type: 'Children ceasing to be looked after each year' }, definition: 'Children who ceased to be looked after in the year to 31 March per 10,000 children aged 0 to 17.' },
    ],
  },
  {
    id: 'placement_stability',
    title: 'Children looked after: placement stability',
    publication: 'DfE, Children looked after in England including adoptions (annual, November)',
    filePattern: /^la_cla_placement_stability.*\.csv$/i,
    categoryColumns: ['cla_group', 'placement_stability'],
    measures: [
      { id: 'placements_3plus_percent', label: 'Children looked after with 3 or more placements in the year (%)', unit: 'percent', decimals: 0, betterWhen: 'lower', column: 'children_percent', where: { cla_group: 'CLA on 31 March', placement_stability: 'With 3 or more placements during the year' }, definition: 'Children looked after at 31 March who had 3 or more placements during the year, as a percentage of children looked after at 31 March.' },
      { id: 'placement_long_term_percent', label: 'Long-term placement stability: same carer for 2 years (%)', unit: 'percent', decimals: 0, betterWhen: 'higher', column: 'children_percent', where: { cla_group: 'Children looked after continuously for at least 2.5 years on 31 March aged under 16 years', placement_stability: 'Living with the same carer for at least 2 years' }, definition: 'Children under 16 looked after continuously for at least 2.5 years who had lived with the same carer for at least 2 years, as a percentage of them.' },
    ],
  },
  {
    id: 'care_leavers',
    title: 'Care leavers: suitability of accommodation',
    publication: 'DfE, Children looked after in England including adoptions (annual, November)',
    filePattern: /^la_care_leavers_accommodation.*\.csv$/i,
    categoryColumns: ['care_leaver_age', 'breakdown'],
    measures: [
      { id: 'care_leavers_suitable_19_21_percent', label: 'Care leavers aged 19 to 21 in suitable accommodation (%)', unit: 'percent', decimals: 0, betterWhen: 'higher', column: 'care_leaver_percent', where: { care_leaver_age: '19 to 21 years', breakdown: 'Accommodation considered suitable' }, definition: 'Care leavers aged 19 to 21 whose accommodation was considered suitable, as a percentage of care leavers of that age.' },
      { id: 'care_leavers_suitable_17_18_percent', label: 'Care leavers aged 17 to 18 in suitable accommodation (%)', unit: 'percent', decimals: 0, betterWhen: 'higher', column: 'care_leaver_percent', where: { care_leaver_age: '17 to 18 years', breakdown: 'Accommodation considered suitable' }, definition: 'Care leavers aged 17 to 18 whose accommodation was considered suitable, as a percentage of care leavers of that age.' },
    ],
  },
  {
    id: 'sw_changes',
    title: 'Children looked after: social worker changes',
    publication: 'DfE, Children looked after in England including adoptions (annual, November)',
    filePattern: /^la_cla_swcount.*\.csv$/i,
    categoryColumns: ['cla_group', 'sw_stability'],
    measures: [
      { id: 'cla_3plus_social_workers_percent', label: 'Children looked after with 3 or more social workers in the year (%)', unit: 'percent', decimals: 0, betterWhen: 'lower', column: 'percentage', where: { cla_group: 'CLA on 31 March', sw_stability: '3 or more social workers during the year' }, definition: 'Children looked after at 31 March who had 3 or more social workers during the year, as a percentage of children looked after at 31 March.' },
    ],
  },
  {
    id: 'population',
    title: 'ONS mid-year population estimates: children aged 0 to 17',
    publication: 'ONS mid-year population estimates, in the DfE statistics service layout',
    filePattern: /^ons_mid-year_population.*\.csv$/i,
    categoryColumns: ['age_group'],
    measures: [
      { id: 'population_0_17', label: 'Children aged 0 to 17 (ONS mid-year estimate)', unit: 'count', decimals: 0, betterWhen: 'neither', column: 'population_estimate', where: { age_group: 'Children aged 0 to 17 years' }, definition: 'ONS estimate of children aged 0 to 17 at 30 June of the year.' },
    ],
  },
];

export const MEASURES: readonly MeasureDef[] = SOURCES.flatMap((s) => s.measures);

/** Which source a measure is read from. */
export function sourceOf(measureId: string): SourceDef | undefined {
  return SOURCES.find((s) => s.measures.some((m) => m.id === measureId));
}

/** The value columns a source's file must carry. */
export function valueColumnsOf(source: SourceDef): string[] {
  return [...new Set(source.measures.map((m) => m.column))];
}
