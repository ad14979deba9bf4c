import type { Kysely, Transaction } from 'kysely';
import { AUDIT_GRADES, type AuditGrade } from '../domain/improvement/audit-grades.ts';
import { isMeasureId, type Better } from '../domain/improvement/measures.ts';
import type { ActionUpdate, CaseAudit, ImprovementAction, MeasureLink, Risk } from '../domain/improvement/model.ts';
import { ACTION_STATUSES, type ActionStatus, type Rag } from '../domain/improvement/rag.ts';
import { bulkInsert } from './bulk.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

function link(measureId: string | null, target: number | null, betterWhen: string | null): MeasureLink | null {
  if (measureId === null || target === null || !isMeasureId(measureId) || (betterWhen !== 'higher' && betterWhen !== 'lower')) return null;
  return { id: measureId, target: Number(target), betterWhen: betterWhen as Better };
}

const asStatus = (s: string): ActionStatus => ((ACTION_STATUSES as readonly string[]).includes(s) ? (s as ActionStatus) : 'not_started');
const asRag = (s: string | null): Rag | null => (s === 'red' || s === 'amber' || s === 'green' ? s : null);
const asGrade = (s: string): AuditGrade => ((AUDIT_GRADES as readonly string[]).includes(s) ? (s as AuditGrade) : 'inadequate');

export async function listActions(db: Db, laCode: string): Promise<ImprovementAction[]> {
  const rows = await db.selectFrom('improvement_action').selectAll().where('la_code', '=', laCode).orderBy('ref').execute();
  return rows.map((r) => ({
    ref: r.ref,
    area: r.area,
    action: r.action,
    lead: r.lead,
    start: r.start_date,
    due: r.due_date,
    status: asStatus(r.status),
    measure: link(r.measure_id, r.target, r.better_when),
    manualRag: asRag(r.manual_rag),
  }));
}

/** Adds actions or replaces those with the same ref; the start date of an existing action is kept. */
export async function upsertActions(db: Db, laCode: string, actions: readonly ImprovementAction[], by: { actor: string; at: Date }, batchId: number | null): Promise<void> {
  await bulkInsert(
    db,
    actions.map((a) => ({
      la_code: laCode,
      ref: a.ref,
      area: a.area,
      action: a.action,
      lead: a.lead,
      start_date: a.start,
      due_date: a.due,
      status: a.status,
      measure_id: a.measure?.id ?? null,
      target: a.measure?.target ?? null,
      better_when: a.measure?.betterWhen ?? null,
      manual_rag: a.manualRag,
      batch_id: batchId,
      changed_by: by.actor,
      changed_at: by.at.toISOString(),
    })),
    {
      table: 'improvement_action',
      columns: {
        la_code: 'text', ref: 'text', area: 'text', action: 'text', lead: 'text', start_date: 'date', due_date: 'date', status: 'text',
        measure_id: 'text', target: 'double precision', better_when: 'text', manual_rag: 'text', batch_id: 'integer', changed_by: 'text', changed_at: 'timestamptz',
      },
      conflict: { keys: ['la_code', 'ref'], update: ['area', 'action', 'lead', 'due_date', 'status', 'measure_id', 'target', 'better_when', 'manual_rag', 'batch_id', 'changed_by', 'changed_at'] },
    },
  );
}

export async function listUpdates(db: Db, laCode: string, ref?: string): Promise<ActionUpdate[]> {
  let q = db.selectFrom('improvement_update').selectAll().where('la_code', '=', laCode);
  if (ref !== undefined) q = q.where('ref', '=', ref);
  const rows = await q.orderBy('ref').orderBy('update_date').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, ref: r.ref, date: r.update_date, text: r.text, author: r.author }));
}

export async function insertUpdates(db: Db, laCode: string, updates: ReadonlyArray<Omit<ActionUpdate, 'id'>>): Promise<void> {
  if (updates.length === 0) return;
  await db.insertInto('improvement_update').values(updates.map((u) => ({ la_code: laCode, ref: u.ref, update_date: u.date, text: u.text, author: u.author }))).execute();
}

export async function listCaseAudits(db: Db, laCode: string): Promise<CaseAudit[]> {
  const rows = await db.selectFrom('case_audit').selectAll().where('la_code', '=', laCode).orderBy('audit_date').orderBy('child_id').execute();
  return rows.map((r) => ({
    childId: r.child_id,
    teamId: r.team_id,
    workerId: r.worker_id,
    auditDate: r.audit_date,
    auditor: r.auditor,
    grade: asGrade(r.grade),
    themes: Array.isArray(r.themes) ? r.themes.filter((t): t is string => typeof t === 'string') : [],
  }));
}

/** Adds audits; an audit of the same child on the same date replaces the earlier record of it. */
export async function upsertCaseAudits(db: Db, laCode: string, audits: readonly CaseAudit[], batchId: number): Promise<void> {
  await bulkInsert(
    db,
    audits.map((a) => ({ la_code: laCode, child_id: a.childId, team_id: a.teamId, worker_id: a.workerId, audit_date: a.auditDate, auditor: a.auditor, grade: a.grade, themes: a.themes, batch_id: batchId })),
    {
      table: 'case_audit',
      columns: { la_code: 'text', child_id: 'text', team_id: 'text', worker_id: 'text', audit_date: 'date', auditor: 'text', grade: 'text', themes: 'jsonb', batch_id: 'integer' },
      conflict: { keys: ['la_code', 'child_id', 'audit_date'], update: ['team_id', 'worker_id', 'auditor', 'grade', 'themes', 'batch_id'] },
    },
  );
}

export async function listRisks(db: Db, laCode: string): Promise<Risk[]> {
  const rows = await db.selectFrom('risk').selectAll().where('la_code', '=', laCode).orderBy('ref').execute();
  return rows.map((r) => ({
    ref: r.ref,
    risk: r.risk,
    owner: r.owner,
    likelihood: r.likelihood,
    impact: r.impact,
    mitigations: r.mitigations,
    measure: link(r.measure_id, r.target, r.better_when),
    reviewDate: r.review_date,
  }));
}

export async function upsertRisks(db: Db, laCode: string, risks: readonly Risk[], by: { actor: string; at: Date }, batchId: number | null): Promise<void> {
  await bulkInsert(
    db,
    risks.map((r) => ({
      la_code: laCode,
      ref: r.ref,
      risk: r.risk,
      owner: r.owner,
      likelihood: r.likelihood,
      impact: r.impact,
      mitigations: r.mitigations,
      measure_id: r.measure?.id ?? null,
      target: r.measure?.target ?? null,
      better_when: r.measure?.betterWhen ?? null,
      review_date: r.reviewDate,
      batch_id: batchId,
      changed_by: by.actor,
      changed_at: by.at.toISOString(),
    })),
    {
      table: 'risk',
      columns: {
        la_code: 'text', ref: 'text', risk: 'text', owner: 'text', likelihood: 'integer', impact: 'integer', mitigations: 'text', measure_id: 'text',
        target: 'double precision', better_when: 'text', review_date: 'date', batch_id: 'integer', changed_by: 'text', changed_at: 'timestamptz',
      },
      conflict: { keys: ['la_code', 'ref'], update: ['risk', 'owner', 'likelihood', 'impact', 'mitigations', 'measure_id', 'target', 'better_when', 'review_date', 'batch_id', 'changed_by', 'changed_at'] },
    },
  );
}

/** The first date any allocation starts for an LA (allocations import), or null. */
export async function earliestAllocationStart(db: Db, laCode: string): Promise<string | null> {
  const row = await db.selectFrom('allocation').select(({ fn }) => fn.min('start_date').as('d')).where('la_code', '=', laCode).executeTakeFirst();
  return (row?.d as string | null | undefined) ?? null;
}

/** Each workforce census loaded for an LA: its reference date and the summary the import stored. */
export async function listCswwSummaries(db: Db, laCode: string): Promise<Array<{ censusYear: number; summary: unknown }>> {
  const rows = await db.selectFrom('csww_census').select(['census_year', 'summary']).where('la_code', '=', laCode).orderBy('census_year').execute();
  return rows.map((r) => ({ censusYear: r.census_year, summary: r.summary }));
}
