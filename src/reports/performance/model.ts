import { parsePeriod, QUARTERS, samePeriodLastYear, type FinancialYear, type Period, type Quarter } from '../../domain/calendar/periods.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { publishKpis, type PublishedFigures } from '../../domain/disclosure/suppression.ts';
import type { FlowData } from '../../domain/flow/events.ts';
import { computeKpis, type FlowOptions } from '../../domain/flow/indicators.ts';
import { withPrevious, type BetterWhen, type Direction, type KpiId, type KpiUnit } from '../../domain/flow/kpi.ts';
import { KPI_SECTIONS } from '../../domain/flow/sections.ts';
import { MEASURE_DEFINITIONS, type MeasureSource } from './definitions.ts';
import { SECURITY_MARKING } from '../common/marking.ts';
import type { RiskRegisterPart } from './risk-register.ts';
import { dateSpan } from '../common/text.ts';
import { NO_VALUE } from './format.ts';
import { buildHeadlines } from './headlines.ts';

export type SectionId = 'inputs' | 'processes' | 'outputs';
export type Judgement = 'better' | 'worse' | 'same';

/**
 * Numerator, denominator and value as published: numbers, or `c` where disclosure control
 * withheld them. The denominator is null for counts and is the population for rates; the value
 * is null when there is nothing to divide by.
 */
export type ReportFigures = PublishedFigures;

export interface ReportQuarter {
  quarter: Quarter;
  /** Null for a quarter after the period reported (not yet due). */
  figures: ReportFigures | null;
}

export interface ReportRow {
  id: KpiId;
  label: string;
  unit: KpiUnit;
  betterWhen: BetterWhen;
  current: ReportFigures;
  /** The same period a year earlier: the previous financial year, or the same quarter of it. */
  previousYear: ReportFigures | null;
  /** Q1 to Q4 of the financial year reported. */
  quarters: ReportQuarter[];
  /** How the published value moved against the previous year; null when it cannot be said. */
  direction: Direction | null;
  /** Whether that movement is better or worse; null for neutral measures or no direction. */
  judgement: Judgement | null;
  /** The direction was withheld because a figure it compares was suppressed. */
  directionWithheld: boolean;
  source: MeasureSource;
}

export interface ReportSection {
  id: SectionId;
  title: string;
  description: string;
  rows: ReportRow[];
}

export interface ReportPeriod {
  /** `2024-25` for a year, `Q2 2024-25` for a quarter. */
  label: string;
  financialYear: FinancialYear;
  quarter: Quarter | null;
  start: IsoDate;
  end: IsoDate;
  /** `1 July 2024 to 30 September 2024`. */
  dates: string;
}

export interface PerformanceReport {
  title: string;
  laCode: string;
  laName: string;
  period: ReportPeriod;
  periodLabel: string;
  /** The comparison period, with the heading of its table column. */
  previousYear: ReportPeriod & { heading: string };
  generatedOn: IsoDate;
  /** Government Security Classification marking for every page. */
  marking: string;
  /** Disclosure control applied: counts of 1 to 5 and the figures built on them are `c`. */
  suppressed: boolean;
  /** Plain-English sentences on the largest movements against the previous year, largest first. */
  headlines: string[];
  sections: ReportSection[];
  /** Placeholders the service replaces with its own commentary, one per section. */
  commentary: Array<{ sectionId: SectionId; heading: string; placeholder: string }>;
  definitions: Array<{ id: KpiId; label: string; definition: string; source: MeasureSource }>;
  notes: string[];
  /** The council's risk register, when one is loaded (added by the service, not the model). */
  riskRegister?: RiskRegisterPart | undefined;
}

export interface PerformanceReportInput {
  /** DfE three-digit LA number. */
  laCode: string;
  laName: string;
  /** `2024-25`; a RangeError is thrown for anything else (validate user input first). */
  year: FinancialYear;
  /** Report one quarter; the whole financial year when absent. */
  quarter?: Quarter | undefined;
  data: FlowData;
  /**
   * Events for the previous year's figures, when they differ from `data` (another population
   * estimate, or the care leaver cohort of that year). Defaults to `data`.
   */
  previousYearData?: FlowData | undefined;
  /** Events for a quarter's column, when they differ from `data` (the care leaver cohort at that quarter). */
  quarterData?: Partial<Record<Quarter, FlowData>> | undefined;
  options: FlowOptions;
  /** Disclosure control; on unless `false` is passed for internal use. */
  suppress?: boolean | undefined;
  generatedOn: IsoDate;
  /** At most this many headlines; default 5. */
  maxHeadlines?: number | undefined;
}

export { SECURITY_MARKING };

function reportPeriod(period: Period, financialYear: FinancialYear): ReportPeriod {
  return {
    label: period.quarter ? `${period.quarter} ${financialYear}` : financialYear,
    financialYear,
    quarter: period.quarter,
    start: period.start,
    end: period.end,
    dates: dateSpan(period.start, period.end),
  };
}

function judge(direction: Direction | null, betterWhen: BetterWhen): Judgement | null {
  if (direction === null) return null;
  if (direction === 'same') return 'same';
  if (betterWhen === 'neutral') return null;
  return (direction === 'up') === (betterWhen === 'higher') ? 'better' : 'worse';
}

const figures = (f: PublishedFigures): ReportFigures => ({ numerator: f.numerator, denominator: f.denominator, value: f.value });

/**
 * The activity and performance report for Cabinet: every indicator in the Inputs, Processes and
 * Outputs sections, for the period, the same period a year earlier and each quarter of the year
 * so far, with the direction of travel and headlines. Pure: the same input gives the same report.
 */
export function buildPerformanceReport(input: PerformanceReportInput): PerformanceReport {
  const suppress = input.suppress ?? true;
  const period = parsePeriod(input.year, input.quarter);
  const lastYear = samePeriodLastYear(period);
  const currentKpis = computeKpis(input.data, period, input.options);
  const paired = withPrevious(currentKpis, computeKpis(input.previousYearData ?? input.data, lastYear, input.options));
  const published = publishKpis(paired, { suppress });

  const quarterColumns = QUARTERS.map((quarter) => {
    const q = parsePeriod(input.year, quarter);
    if (q.end > period.end) return { quarter, byId: null };
    const kpis = quarter === period.quarter ? currentKpis : computeKpis(input.quarterData?.[quarter] ?? input.data, q, input.options);
    return { quarter, byId: new Map(publishKpis(kpis, { suppress }).map((k) => [k.id, figures(k)])) };
  });

  const rows = new Map<KpiId, ReportRow>();
  paired.forEach((k, i) => {
    const p = published[i];
    if (!p) return;
    rows.set(k.id, {
      id: k.id,
      label: k.label,
      unit: k.unit,
      betterWhen: k.betterWhen,
      current: figures(p),
      previousYear: p.previous ? figures(p.previous) : null,
      quarters: quarterColumns.map((q) => ({ quarter: q.quarter, figures: q.byId?.get(k.id) ?? null })),
      direction: p.direction,
      judgement: judge(p.direction, k.betterWhen),
      directionWithheld: k.direction !== null && p.direction === null,
      source: MEASURE_DEFINITIONS[k.id].source,
    });
  });

  const sections: ReportSection[] = KPI_SECTIONS.map((s) => ({
    id: s.id,
    title: s.title,
    description: s.description,
    rows: s.ids.flatMap((id) => rows.get(id) ?? []),
  }));
  const current = reportPeriod(period, input.year);
  const previous = reportPeriod(lastYear, lastYear.financialYear ?? input.year);
  const comparedWith = period.quarter ? 'the same quarter last year' : 'last year';

  return {
    title: `Children's social care activity and performance, ${current.label}`,
    laCode: input.laCode,
    laName: input.laName,
    period: current,
    periodLabel: current.label,
    previousYear: { ...previous, heading: period.quarter ? `Same quarter last year (${previous.label})` : `Previous year (${previous.label})` },
    generatedOn: input.generatedOn,
    marking: SECURITY_MARKING,
    suppressed: suppress,
    headlines: buildHeadlines(
      sections.flatMap((s) => s.rows),
      comparedWith,
      input.maxHeadlines ?? 5,
    ),
    sections,
    commentary: sections.map((s) => ({
      sectionId: s.id,
      heading: s.title,
      placeholder: `Replace this text with the service's commentary on ${s.title.toLowerCase()}, ${lowerFirst(s.description).replace(/\.$/, '')}: what has changed, why, and what the service is doing about it.`,
    })),
    definitions: sections.flatMap((s) => s.rows.map((r) => ({ id: r.id, label: r.label, ...MEASURE_DEFINITIONS[r.id] }))),
    notes: notes(current, previous, suppress),
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function notes(current: ReportPeriod, previous: ReportPeriod, suppress: boolean): string[] {
  return [
    `Figures are for ${current.dates} and are compared with ${previous.label} (${previous.dates}).`,
    'Number is the count of events or children. Out of is what a percentage is taken of, or the children aged 0 to 17 for a rate per 10,000.',
    'Quarter columns give each quarter on its own: flows (such as referrals) in the quarter, stocks (such as children on a plan) on its last day. Quarters after the period reported are left blank.',
    'Rates of referrals and section 47 enquiries for a quarter are annualised (multiplied by 4) so that they can be compared with a year; rates of children on a plan or looked after are taken on the last day and are not.',
    'Direction of travel compares the published value with the same period a year earlier. Better or worse is said only where a higher or a lower value is clearly better; for volumes and rates the direction alone says nothing about quality.',
    'Care leaver measures describe the cohort of care leavers supplied for the period.',
    `${NO_VALUE} means there was nothing to measure: no events to take a percentage of, or no population figure.`,
    suppress
      ? 'To protect the children concerned, counts of 1 to 5 are shown as c, as are percentages and rates built on them and directions of travel that compare them; 0 is shown.'
      : 'For internal use only: small numbers have not been suppressed. Apply disclosure control before publishing any figure from this report.',
    'The measures follow the definitions of the Department for Education national statistics named in the Source column; the full counting rules are in Headroom\u2019s KPI definitions (docs/kpi-definitions.md).',
  ];
}
