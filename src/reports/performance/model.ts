import { parsePeriod, quartersOf, samePeriodLastYear, type Quarter } from '../../domain/calendar/periods.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { SUPPRESSED, suppressKpi, type PublishedNumber } from '../../domain/disclosure/suppression.ts';
import type { FlowData } from '../../domain/flow/events.ts';
import { computeKpis, type FlowOptions } from '../../domain/flow/indicators.ts';
import { withPrevious, type BetterWhen, type KpiId, type KpiUnit, type KpiWithPrevious } from '../../domain/flow/kpi.ts';
import { KPI_SECTIONS } from '../../domain/flow/sections.ts';

/** The DfE statistics release each indicator follows (docs/kpi-definitions.md). */
const SOURCES: Partial<Record<KpiId, string>> = {
  contacts: 'Annex A list 1 (local measure)',
  contact_conversion: 'Annex A lists 1 and 3 (local measure)',
  cla_open_at_end: 'DfE Children looked after in England',
  cla_per_10k: 'DfE Children looked after in England',
  cla_started: 'DfE Children looked after in England',
  cla_ceased: 'DfE Children looked after in England',
  cla_3plus_placements: 'DfE Children looked after in England',
  care_leavers_suitable_accommodation: 'DfE Children looked after in England (care leavers)',
  care_leavers_eet: 'DfE Children looked after in England (care leavers)',
};
const DEFAULT_SOURCE = 'DfE Characteristics of children in need';

export type Judgement = 'better' | 'worse' | 'same' | null;

export interface ReportFigure {
  numerator: PublishedNumber | null;
  denominator: PublishedNumber | null;
  value: PublishedNumber | null;
}

export interface ReportRow {
  id: KpiId;
  label: string;
  unit: KpiUnit;
  betterWhen: BetterWhen;
  current: ReportFigure;
  previousYear: ReportFigure | null;
  /** Q1 to Q4 of the financial year; null for quarters after the one reported. */
  quarters: Array<PublishedNumber | null>;
  direction: KpiWithPrevious['direction'];
  judgement: Judgement;
  source: string;
}

export interface PerformanceReport {
  title: string;
  laCode: string;
  laName: string;
  periodLabel: string;
  previousLabel: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  generatedOn: IsoDate;
  suppressed: boolean;
  headlines: string[];
  sections: Array<{ id: string; title: string; description: string; rows: ReportRow[] }>;
  notes: string[];
}

export interface PerformanceInput {
  laCode: string;
  laName: string;
  year: string;
  quarter?: Quarter | undefined;
  data: FlowData;
  options: FlowOptions;
  /** Disclosure control: counts 1-5 shown as "c" and figures built on them withheld. On by default. */
  suppress?: boolean | undefined;
  generatedOn: IsoDate;
}

function judge(k: KpiWithPrevious): Judgement {
  if (k.direction === null) return null;
  if (k.direction === 'same') return 'same';
  if (k.betterWhen === 'neutral') return null;
  return (k.direction === 'up') === (k.betterWhen === 'higher') ? 'better' : 'worse';
}

const figure = (f: { numerator: PublishedNumber | null; denominator: PublishedNumber | null; value: PublishedNumber | null }): ReportFigure => ({ numerator: f.numerator, denominator: f.denominator, value: f.value });

/** The quarterly (or annual) activity and performance report as one model, rendered three ways. */
export function buildPerformanceReport(input: PerformanceInput): PerformanceReport {
  const period = parsePeriod(input.year, input.quarter);
  const previous = samePeriodLastYear(period);
  const suppress = input.suppress ?? true;
  const current = withPrevious(computeKpis(input.data, period, input.options), computeKpis(input.data, previous, input.options));
  const quarters = quartersOf(input.year).map((q) => (q.end <= period.end ? computeKpis(input.data, q, input.options) : null));
  const publish = (k: KpiWithPrevious) => (suppress ? suppressKpi(k) : k);
  const rows = new Map<KpiId, ReportRow>();
  for (const k of current) {
    const p = publish(k);
    rows.set(k.id, {
      id: k.id,
      label: k.label,
      unit: k.unit,
      betterWhen: k.betterWhen,
      current: figure(p),
      previousYear: p.previous ? figure(p.previous) : null,
      quarters: quarters.map((q) => {
        const qk = q?.find((x) => x.id === k.id);
        if (!qk) return null;
        return suppress ? suppressKpi(qk).value : qk.value;
      }),
      direction: p.direction,
      judgement: suppress && (p.value === SUPPRESSED || p.previous?.value === SUPPRESSED) ? null : judge(k),
      source: SOURCES[k.id] ?? DEFAULT_SOURCE,
    });
  }
  const headlines = current
    .filter((k) => k.previous?.value !== null && k.previous?.value !== undefined && k.value !== null && k.previous.value !== 0 && judge(k) !== null)
    .filter((k) => !suppress || (rows.get(k.id)?.current.value !== SUPPRESSED && rows.get(k.id)?.previousYear?.value !== SUPPRESSED))
    .map((k) => ({ k, change: Math.abs((k.value ?? 0) - (k.previous?.value ?? 0)) / Math.abs(k.previous?.value ?? 1) }))
    .filter((x) => x.change > 0)
    .sort((a, b) => b.change - a.change || a.k.id.localeCompare(b.k.id))
    .slice(0, 5)
    .map(({ k }) => headline(k, previous.label));
  return {
    title: `Children's social care activity and performance, ${period.label}`,
    laCode: input.laCode,
    laName: input.laName,
    periodLabel: period.label,
    previousLabel: previous.label,
    periodStart: period.start,
    periodEnd: period.end,
    generatedOn: input.generatedOn,
    suppressed: suppress,
    headlines,
    sections: KPI_SECTIONS.map((s) => ({ id: s.id, title: s.title, description: s.description, rows: s.ids.map((id) => rows.get(id)).filter((r): r is ReportRow => r !== undefined) })),
    notes: [
      'Indicators follow the Department for Education\u2019s definitions; docs/kpi-definitions.md gives each numerator and denominator.',
      'Working days exclude weekends and bank holidays in England and Wales.',
      'Rates per 10,000 use the ONS mid-year estimate of children aged 0 to 17; quarterly rates are annualised.',
      suppress ? 'Counts of 1 to 5 are shown as c, and percentages and rates built on them are withheld, to protect the children concerned.' : 'For internal use: small numbers are not suppressed. Do not publish.',
      `Direction of travel compares with ${previous.label}.`,
    ],
  };
}

export function formatFigure(value: PublishedNumber | null, unit: KpiUnit): string {
  if (value === null) return '–';
  if (value === SUPPRESSED) return SUPPRESSED;
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  if (unit === 'rate_per_10k') return value.toFixed(1);
  return value.toLocaleString('en-GB');
}

export function directionWords(row: Pick<ReportRow, 'direction' | 'judgement'>): string {
  if (row.direction === null) return 'not comparable';
  if (row.direction === 'same') return '→ no change';
  const arrow = row.direction === 'up' ? '↑ up' : '↓ down';
  return row.judgement === 'better' || row.judgement === 'worse' ? `${arrow}, ${row.judgement}` : arrow;
}

function headline(k: KpiWithPrevious, previousLabel: string): string {
  const from = formatFigure(k.previous?.value ?? null, k.unit);
  const to = formatFigure(k.value, k.unit);
  const verb = k.direction === 'up' ? 'rose' : 'fell';
  const verdict = judge(k) === 'better' ? 'an improvement' : 'a deterioration';
  return `${k.label} ${verb} from ${from} in ${previousLabel} to ${to}, ${verdict}.`;
}
