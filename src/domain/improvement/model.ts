import type { IsoDate } from '../dates.ts';
import type { AuditGrade } from './audit-grades.ts';
import type { Better, MeasureId } from './measures.ts';
import type { ActionStatus, Rag } from './rag.ts';

/** A measure an action or risk is tied to, with the target it is judged against. */
export interface MeasureLink {
  id: MeasureId;
  target: number;
  betterWhen: Better;
}

export interface ImprovementAction {
  ref: string;
  /** What the action answers, e.g. an Ofsted recommendation. */
  area: string;
  action: string;
  lead: string;
  /** When the action started (its trend is drawn from here). */
  start: IsoDate;
  due: IsoDate;
  status: ActionStatus;
  measure: MeasureLink | null;
  /** The lead's own rating, used only when there is no measure. */
  manualRag: Rag | null;
}

export interface ActionUpdate {
  id: number;
  ref: string;
  date: IsoDate;
  text: string;
  author: string;
}

export interface CaseAudit {
  childId: string;
  teamId: string;
  workerId: string | null;
  auditDate: IsoDate;
  auditor: string;
  grade: AuditGrade;
  themes: string[];
}

export interface Risk {
  ref: string;
  risk: string;
  owner: string;
  likelihood: number;
  impact: number;
  mitigations: string;
  measure: MeasureLink | null;
  reviewDate: IsoDate;
}
