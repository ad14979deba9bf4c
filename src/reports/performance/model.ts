import { parsePeriod, QUARTERS, rangePeriod, type FinancialYear, type Period, type Quarter } from '../../domain/calendar/periods.ts';
import { CoverageIndex } from '../../domain/coverage/coverage.ts';
import { computeCoveredKpis } from '../../domain/coverage/covered-kpis.ts';
import { comparisonPeriod, coverageNote, runningPeriod } from '../../domain/coverage/kpi-coverage.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { publishKpis, type PublishedFigures } from '../../domain/disclosure/suppression.ts';
import type { FlowData } from '../../domain/flow/events.ts';
import type { FlowOptions } from '../../domain/flow/indicators.ts';
import { withPrevious, type BetterWhen, type Direction, type FigureCoverage, type KpiId, type KpiUnit, type KpiWithPrevious } from '../../domain/flow/kpi.ts';
import { KPI_SECTIONS } from '../../domain/flow/sections.ts';
import { MEASURE_DEFINITIONS, type MeasureSource } from './definitions.ts';
import { SECURITY_MARKING } from '../common/marking.ts';
import { dateSpan, longDate } from '../common/text.ts';
import type { RiskRegisterPart } from './risk-register.ts';
import { NO_VALUE } from './format.ts';
import { buildHeadlines } from './headlines.ts';
import type { BenchmarkTable } from '../common/benchmark-table.ts';

export type SectionId = 'inputs' | 'processes' | 'outputs';
export type Judgement = 'better' | 'worse' | 'same';

/**
 * Numerator, denominator and value as published: numbers, or `c` where disclosure control
 * withheld them. The denominator is null for counts and is the population for rates; the value
 * is null when there is nothing to divide by.
 */
export type ReportFigures = PublishedFigures & FigureCoverage;

export interface ReportQuarter {
  quarter: Quarter;
  /** Null for a quarter after the period reported (not yet due). */
  figures: ReportFigures | null;
}

/** A figure and the same period a year earlier, with the direction between them (only when both are fully covered). */
export interface ReportComparison {
  current: ReportFigures;
  previousYear: ReportFigures | null;
  direction: Direction | null;
  judgement: Judgement | null;
  directionWithheld: boolean;
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
  /** A quarter's report: the year to date (Q4: the whole year) and the same months a year earlier. */
  yearToDate: ReportComparison | null;
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
  /** A quarter's report: the year to the quarter's end (or the data's last date) and the same months a year earlier. */
  yearToDate: { period: ReportPeriod; previousYear: ReportPeriod; heading: string; previousHeading: string } | null;
  /** The period was still running at the data's last date, so it is reported to that date. */
  running: boolean;
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
  /** England, region and statistical neighbours beside the council's figures, when published. */
  benchmarks?: BenchmarkTable | null;
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
  /** The dates the loaded data covers; everything when absent. */
  coverage?: CoverageIndex | undefined;
  /** The data's last date: a period still running then is reported to it. */
  dataEnd?: IsoDate | null | undefined;
}

export { SECURITY_MARKING };

function reportPeriod(period: Period, financialYear: FinancialYear, running = false): ReportPeriod {
  const base = period.quarter ? `${period.quarter} ${financialYear}` : financialYear;
  return {
    label: running ? `${base} to ${longDate(period.end)}` : base,
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

const figures = (f: PublishedFigures, c: FigureCoverage): ReportFigures => ({ numerator: f.numerator, denominator: f.denominator, value: f.value, coverage: c.coverage, covers: c.covers });

const previousCoverage = (k: KpiWithPrevious): FigureCoverage => ({ coverage: k.previous?.coverage ?? 'none', covers: k.previous?.covers ?? null });

/** Indicators for a period and for the same period a year earlier, each as far as the data covers it, paired. */
function compare(input: PerformanceReportInput, coverage: CoverageIndex, period: Period, lastYear: Period, currentData: FlowData = input.data) {
  const now = computeCoveredKpis(currentData, period, input.options, coverage);
  const then = computeCoveredKpis(input.previousYearData ?? input.data, lastYear, input.options, coverage);
  const paired = withPrevious(now.kpis, then.kpis, { current: now.coverage, previous: then.coverage });
  return { paired, published: publishKpis(paired, { suppress: input.suppress ?? true }) };
}

function comparison(k: KpiWithPrevious, p: ReturnType<typeof publishKpis>[number] & { previous: PublishedFigures | null; direction: Direction | null }): ReportComparison {
  return {
    current: figures(p, k),
    previousYear: p.previous ? figures(p.previous, previousCoverage(k)) : null,
    direction: p.direction,
    judgement: judge(p.direction, k.betterWhen),
    directionWithheld: k.direction !== null && p.direction === null,
  };
}

/**
 * The activity and performance report for Cabinet: every indicator in the Inputs, Processes and
 * Outputs sections, for the period, the same period a year earlier and each quarter of the year
 * so far (a quarter's report also the year to date and the same months a year earlier), with the
 * direction of travel and headlines. Only fully covered periods are compared: a figure the data
 * does not cover is "no data", a partly covered one says which dates it counts, and a period
 * still running at the data's last date is reported to that date and compared with the same
 * part of the year before. Pure: the same input gives the same report.
 */
export function buildPerformanceReport(input: PerformanceReportInput): PerformanceReport {
  const suppress = input.suppress ?? true;
  const coverage = input.coverage ?? CoverageIndex.everything();
  const dataEnd = input.dataEnd ?? null;
  const full = parsePeriod(input.year, input.quarter);
  const { period, running } = runningPeriod(full, dataEnd);
  const lastYear = comparisonPeriod(full, period, running, 'lastYear');
  const main = compare(input, coverage, period, lastYear);

  const yearFull = parsePeriod(input.year);
  const ytd = full.quarter ? runningPeriod({ ...rangePeriod(yearFull.start, full.end), kind: 'year', financialYear: input.year, quarter: null, label: input.year }, dataEnd) : null;
  const ytdLast = ytd ? comparisonPeriod({ ...yearFull, end: full.end }, ytd.period, true, 'lastYear') : null;
  const ytdPair = ytd && ytdLast ? compare(input, coverage, ytd.period, ytdLast) : null;

  const quarterColumns = QUARTERS.map((quarter) => {
    const q = parsePeriod(input.year, quarter);
    if (q.start > period.end) return { quarter, byId: null };
    const cut = runningPeriod(q, dataEnd).period;
    const shown = computeCoveredKpis(input.quarterData?.[quarter] ?? input.data, cut, input.options, coverage);
    const published = publishKpis(shown.kpis, { suppress });
    return { quarter, byId: new Map(published.map((k) => [k.id, figures(k, shown.coverage.get(k.id) ?? { coverage: 'none', covers: null })])) };
  });

  const rows = new Map<KpiId, ReportRow>();
  main.paired.forEach((k, i) => {
    const p = main.published[i];
    if (!p) return;
    const main_ = comparison(k, p);
    const yk = ytdPair?.paired[i];
    const yp = ytdPair?.published[i];
    rows.set(k.id, {
      id: k.id,
      label: k.label,
      unit: k.unit,
      betterWhen: k.betterWhen,
      current: main_.current,
      previousYear: main_.previousYear,
      quarters: quarterColumns.map((q) => ({ quarter: q.quarter, figures: q.byId?.get(k.id) ?? null })),
      direction: main_.direction,
      judgement: main_.judgement,
      directionWithheld: main_.directionWithheld,
      yearToDate: yk && yp ? comparison(yk, yp) : null,
      source: MEASURE_DEFINITIONS[k.id].source,
    });
  });

  const sections: ReportSection[] = KPI_SECTIONS.map((s) => ({
    id: s.id,
    title: s.title,
    description: s.description,
    rows: s.ids.flatMap((id) => rows.get(id) ?? []),
  }));
  const current = reportPeriod(period, input.year, running);
  const previous = reportPeriod(lastYear, lastYear.financialYear ?? input.year, running);
  const comparedWith = period.quarter ? 'the same quarter last year' : 'last year';
  const yearToDate =
    ytd && ytdLast
      ? (() => {
          const p = reportPeriod(ytd.period, input.year, ytd.running);
          const before = reportPeriod(ytdLast, ytdLast.financialYear ?? input.year, true);
          const isWholeYear = !ytd.running && full.quarter === 'Q4';
          return {
            period: { ...p, label: isWholeYear ? input.year : `${input.year} to ${longDate(ytd.period.end)}` },
            previousYear: { ...before, label: isWholeYear ? (ytdLast.financialYear ?? before.label) : `${ytdLast.financialYear ?? ''} to ${longDate(ytdLast.end)}` },
            heading: isWholeYear ? `Whole year (${input.year})` : 'Year to date',
            previousHeading: isWholeYear ? `Previous year (${ytdLast.financialYear ?? ''})` : 'Same months last year',
          };
        })()
      : null;
  const allRows = sections.flatMap((s) => s.rows);

  return {
    title: `Children's social care activity and performance, ${current.label}`,
    laCode: input.laCode,
    laName: input.laName,
    period: current,
    periodLabel: current.label,
    previousYear: { ...previous, heading: period.quarter ? `Same quarter last year (${previous.label})` : `Previous year (${previous.label})` },
    yearToDate,
    running,
    generatedOn: input.generatedOn,
    marking: SECURITY_MARKING,
    suppressed: suppress,
    headlines: buildHeadlines(allRows, comparedWith, input.maxHeadlines ?? 5),
    sections,
    commentary: sections.map((s) => ({
      sectionId: s.id,
      heading: s.title,
      placeholder: `Replace this text with the service's commentary on ${s.title.toLowerCase()}, ${lowerFirst(s.description).replace(/\.$/, '')}: what has changed, why, and what the service is doing about it.`,
    })),
    definitions: sections.flatMap((s) => s.rows.map((r) => ({ id: r.id, label: r.label, ...MEASURE_DEFINITIONS[r.id] }))),
    notes: [...coverageNotes(allRows, current, previous, running), ...notes(current, previous, suppress)],
  };
}

/** What the data does not cover, in plain words, before the standing notes. */
function coverageNotes(rows: readonly ReportRow[], current: ReportPeriod, previous: ReportPeriod, running: boolean): string[] {
  const out: string[] = [];
  if (running) out.push(`The period was still running on the data's last date, so figures are to ${longDate(current.end)} and are compared with the same part of the year before (${previous.dates}).`);
  for (const r of rows) if (r.current.coverage === 'partial' && r.current.covers) out.push(`${r.label}: the data ${coverageNote(r.current.covers)}.`);
  const none = rows.filter((r) => r.current.coverage === 'none').map((r) => r.label);
  if (none.length > 0) out.push(`No data for ${current.label}: ${none.join('; ')}.`);
  const noPrevious = rows.filter((r) => r.previousYear?.coverage !== 'full').length;
  if (noPrevious > 0) out.push(`The data does not fully cover ${previous.label} for ${noPrevious === rows.length ? 'any measure' : `${noPrevious} of the ${rows.length} measures`}, so those are not compared with it ("no data" or "part only").`);
  return out;
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
