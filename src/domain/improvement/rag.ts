import type { IsoDate } from '../dates.ts';
import type { Better } from './measures.ts';

export type Rag = 'green' | 'amber' | 'red';
/** `no_data`: the measure has no value for the period judged, so no colour is given. `not_rated`: no measure and no manual rating. */
export type RagResult = Rag | 'no_data' | 'not_rated';
export type RagSource = 'measure' | 'manual';

export const ACTION_STATUSES = ['not_started', 'in_progress', 'complete'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface RagInput {
  due: IsoDate;
  asOf: IsoDate;
  /** The linked measure, or null for an action without one. */
  measure: { value: number | null; target: number; betterWhen: Better } | null;
  manualRag: Rag | null;
}

export interface RagOutcome {
  rag: RagResult;
  ragSource: RagSource;
  /** The due date has passed (due < asOf); an action due today is not overdue. */
  overdue: boolean;
  /** Whether the latest value meets the target; null without a measure or a value. */
  met: boolean | null;
}

/** A value meets its target when it is at or beyond it in the better direction: exactly on target counts as met. */
export function meetsTarget(value: number, target: number, betterWhen: Better): boolean {
  return betterWhen === 'higher' ? value >= target : value <= target;
}

/**
 * The RAG rule (docs/improvement.md): with a measure, green when the latest value meets the
 * target; otherwise amber until the due date and red once it has passed. An action due today is
 * still amber. A measure with no value for the period is `no_data`: no colour is guessed from an
 * older or missing figure. Without a measure the action keeps the rating its lead gave it, labelled
 * manual.
 */
export function ragFor(input: RagInput): RagOutcome {
  const overdue = input.due < input.asOf;
  if (input.measure === null) return { rag: input.manualRag ?? 'not_rated', ragSource: 'manual', overdue, met: null };
  const { value, target, betterWhen } = input.measure;
  if (value === null) return { rag: 'no_data', ragSource: 'measure', overdue, met: null };
  const met = meetsTarget(value, target, betterWhen);
  return { rag: met ? 'green' : overdue ? 'red' : 'amber', ragSource: 'measure', overdue, met };
}

export function parseRag(text: string): Rag | null {
  const t = text.trim().toLowerCase();
  if (t === 'r' || t === 'red') return 'red';
  if (t === 'a' || t === 'amber') return 'amber';
  if (t === 'g' || t === 'green') return 'green';
  return null;
}

export function parseStatus(text: string): ActionStatus | null {
  const t = text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (t === 'not started') return 'not_started';
  if (t === 'in progress' || t === 'on track' || t === 'started') return 'in_progress';
  if (t === 'complete' || t === 'completed' || t === 'done') return 'complete';
  return null;
}

export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = { not_started: 'Not started', in_progress: 'In progress', complete: 'Complete' };
export const RAG_LABELS: Readonly<Record<RagResult, string>> = { green: 'Green', amber: 'Amber', red: 'Red', no_data: 'No data', not_rated: 'Not rated' };
/** GOV.UK colours for RAG cells in reports and pages. */
export const RAG_COLOURS: Readonly<Record<RagResult, string>> = { green: '00703C', amber: 'FFDD00', red: 'D4351C', no_data: 'F3F2F1', not_rated: 'F3F2F1' };
