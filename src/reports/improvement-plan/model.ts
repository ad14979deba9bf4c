import type { IsoDate } from '../../domain/dates.ts';
import { RAG_COLOURS, RAG_LABELS, type RagResult } from '../../domain/improvement/rag.ts';
import { SECURITY_MARKING } from '../common/marking.ts';
import { longDate } from '../common/text.ts';

/** What the report needs of one action (the improvement service's plan view provides it). */
export interface PlanActionInput {
  ref: string;
  area: string;
  action: string;
  lead: string;
  due: IsoDate;
  rag: RagResult;
  ragSource: 'measure' | 'manual';
  measureLabel: string | null;
  measure: { value: number | null; target: number; betterWhen: 'higher' | 'lower' } | null;
  reading: { covers: string } | null;
  latestUpdate: { date: IsoDate; text: string; author: string } | null;
}

export const PLAN_COLUMNS = ['Ref', 'Action', 'Lead', 'By when', 'Measure of success', 'Latest figure', 'Target', 'RAG', 'Update'] as const;

export interface PlanRow {
  area: string;
  cells: [string, string, string, string, string, string, string, string, string];
  rag: RagResult;
  /** Hex fill for the RAG cell, and whether its text should be white. */
  ragFill: string;
  ragTextWhite: boolean;
}

export interface ImprovementPlanReport {
  title: string;
  laCode: string;
  laName: string;
  asOf: IsoDate;
  generatedOn: IsoDate;
  marking: string;
  rows: PlanRow[];
  /** Counts by RAG for the summary line. */
  counts: Record<RagResult, number>;
  notes: string[];
}

const number = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** The RAG as words, so it reads without colour: "Red (from the figures)", "Amber (lead's rating)". */
export function ragText(rag: RagResult, source: 'measure' | 'manual'): string {
  if (rag === 'no_data' || rag === 'not_rated') return RAG_LABELS[rag];
  return `${RAG_LABELS[rag]} (${source === 'measure' ? 'from the figures' : 'lead’s rating'})`;
}

/** The Cabinet action-plan table, one row per action, grouped by area in the order areas first appear. */
export function buildImprovementPlanReport(input: { laCode: string; laName: string; asOf: IsoDate; generatedOn: IsoDate; actions: readonly PlanActionInput[] }): ImprovementPlanReport {
  const areas: string[] = [];
  for (const a of input.actions) if (!areas.includes(a.area)) areas.push(a.area);
  const ordered = areas.flatMap((area) => input.actions.filter((a) => a.area === area));
  const counts: Record<RagResult, number> = { red: 0, amber: 0, green: 0, no_data: 0, not_rated: 0 };
  const rows: PlanRow[] = ordered.map((a) => {
    counts[a.rag] += 1;
    const latest = a.measure === null ? 'No measure' : a.measure.value === null ? `No data (${a.reading?.covers.replace(/^no data:? ?/, '') ?? ''})` : `${number(a.measure.value)} (${a.reading?.covers ?? ''})`;
    const target = a.measure === null ? '' : `${a.measure.betterWhen === 'lower' ? 'At most' : 'At least'} ${number(a.measure.target)}`;
    const update = a.latestUpdate ? `${longDate(a.latestUpdate.date)}: ${a.latestUpdate.text} (${a.latestUpdate.author})` : 'No update yet';
    return {
      area: a.area,
      cells: [a.ref, a.action, a.lead, longDate(a.due), a.measureLabel ?? 'No measure (rated by the lead)', latest, target, ragText(a.rag, a.ragSource), update],
      rag: a.rag,
      ragFill: RAG_COLOURS[a.rag],
      ragTextWhite: a.rag === 'red' || a.rag === 'green',
    };
  });
  return {
    title: 'Improvement plan: progress against actions',
    laCode: input.laCode,
    laName: input.laName,
    asOf: input.asOf,
    generatedOn: input.generatedOn,
    marking: SECURITY_MARKING,
    rows,
    counts,
    notes: [
      `Figures at ${longDate(input.asOf)}. An indicator is the 12 months to the latest month end; a caseload figure is from the latest Annex A extract; agency and vacancy rates are from the latest workforce census.`,
      'RAG from the figures: green when the latest figure meets the target; amber when it does not and the action is not yet due; red when it does not and the due date has passed. No data: the figure is not available for the period, so no colour is given.',
      'Actions without a measure keep the rating their lead gave, marked “lead’s rating”.',
    ],
  };
}

export function summaryLine(report: ImprovementPlanReport): string {
  const c = report.counts;
  const parts = [`${c.red} red`, `${c.amber} amber`, `${c.green} green`];
  if (c.no_data > 0) parts.push(`${c.no_data} with no data`);
  if (c.not_rated > 0) parts.push(`${c.not_rated} not rated`);
  return `${report.rows.length} action${report.rows.length === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
