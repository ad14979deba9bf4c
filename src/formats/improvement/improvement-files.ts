import { isKpiId } from '../../domain/flow/kpi.ts';
import { parseGrade } from '../../domain/improvement/audit-grades.ts';
import { isMeasureId, measureInfo, MEASURE_IDS, parseTarget, type MeasureId } from '../../domain/improvement/measures.ts';
import type { CaseAudit, ImprovementAction, MeasureLink, Risk } from '../../domain/improvement/model.ts';
import { parseRag, parseStatus } from '../../domain/improvement/rag.ts';
import { isRiskRating } from '../../domain/improvement/risk.ts';
import { RowChecker, type CsvColumn, type CsvTable } from '../csv/csv-table.ts';
import type { TableParseResult } from '../csv/result.ts';
import { readTableFile } from './table-file.ts';

export const PLAN_COLUMNS: readonly CsvColumn[] = [
  { name: 'ref', required: true, aliases: ['reference', 'action ref'] },
  { name: 'area', required: true, aliases: ['recommendation', 'theme'] },
  { name: 'action', required: true },
  { name: 'lead', required: true, aliases: ['owner', 'responsible'] },
  { name: 'due', required: true, aliases: ['by when', 'due date', 'deadline'] },
  { name: 'measure', required: true, aliases: ['measure of success', 'measure id'] },
  { name: 'target', required: true },
  { name: 'status', required: false },
  { name: 'update', required: false, aliases: ['latest update', 'progress update'] },
  { name: 'start', required: false, aliases: ['start date', 'started'] },
  { name: 'rag', required: false, aliases: ['manual rag', 'rating'] },
];

export const AUDIT_COLUMNS: readonly CsvColumn[] = [
  { name: 'child', required: true, aliases: ['child id', 'child_id'] },
  { name: 'team', required: true, aliases: ['team id', 'team_id'] },
  { name: 'worker', required: false, aliases: ['worker id', 'worker_id'] },
  { name: 'audit_date', required: true, aliases: ['audit date', 'date', 'audited'] },
  { name: 'auditor', required: true },
  { name: 'grade', required: true, aliases: ['judgement', 'overall grade'] },
  { name: 'themes', required: false, aliases: ['theme', 'practice themes'] },
];

export const RISK_COLUMNS: readonly CsvColumn[] = [
  { name: 'ref', required: true, aliases: ['reference', 'risk ref'] },
  { name: 'risk', required: true, aliases: ['description', 'risk description'] },
  { name: 'owner', required: true, aliases: ['risk owner'] },
  { name: 'likelihood', required: true },
  { name: 'impact', required: true },
  { name: 'mitigations', required: true, aliases: ['mitigation', 'controls'] },
  { name: 'measure', required: false, aliases: ['measure id'] },
  { name: 'target', required: false },
  { name: 'review_date', required: true, aliases: ['review date', 'next review'] },
];

export interface PlanRow {
  action: Omit<ImprovementAction, 'start'> & { start: string | null };
  update: string | null;
}

/** A measure id as people write it: any case, spaces or hyphens for underscores. */
export function normaliseMeasure(text: string): string {
  return text.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The measure and target columns of a row: both blank (no measure), or a known measure with a usable target. */
function measureLink(check: RowChecker, cells: Record<string, string>): MeasureLink | null | 'rejected' {
  const measureText = cells['measure'] ?? '';
  const targetText = cells['target'] ?? '';
  if (measureText === '' && targetText === '') return null;
  if (measureText === '') {
    check.error('target', 'A target needs a measure to be judged by; the row was not loaded.');
    return 'rejected';
  }
  const id = normaliseMeasure(measureText);
  if (!isMeasureId(id)) {
    check.error('measure', `"${measureText}" is not a measure Headroom knows (use an indicator id from headroom kpis, or ${MEASURE_IDS.filter((m) => !isKpiId(m)).join(', ')}); the row was not loaded.`);
    return 'rejected';
  }
  if (targetText === '') {
    check.error('target', `A measure needs a target; the row was not loaded.`);
    return 'rejected';
  }
  const target = parseTarget(targetText, measureInfo(id as MeasureId));
  if ('error' in target) {
    check.error('target', `The ${target.error}; the row was not loaded.`);
    return 'rejected';
  }
  return { id: id as MeasureId, target: target.value, betterWhen: target.betterWhen };
}

function emptyResult<T>(table: CsvTable): TableParseResult<T> {
  return { rows: [], issues: [...table.issues], rowsRead: table.records.length, fatal: table.fatal };
}

/** The improvement plan (docs/improvement.md). Each row is loaded as written or rejected with its reason. Never throws. */
export async function parsePlan(bytes: Buffer, fileName: string): Promise<TableParseResult<PlanRow>> {
  const table = await readTableFile(bytes, fileName, PLAN_COLUMNS);
  const result = emptyResult<PlanRow>(table);
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const check = new RowChecker(fileName, record);
    const ref = check.text('ref', true);
    const area = check.text('area', true);
    const action = check.text('action', true);
    const lead = check.text('lead', true);
    const due = check.date('due', true);
    const start = check.date('start', false);
    const measure = measureLink(check, record.cells);
    const statusText = record.cells['status'] ?? '';
    const status = statusText === '' ? 'not_started' : parseStatus(statusText);
    if (status === null) check.error('status', `"${statusText}" is not a status: use not started, in progress or complete. The row was not loaded.`);
    const ragText = record.cells['rag'] ?? '';
    const rag = ragText === '' ? null : parseRag(ragText);
    if (ragText !== '' && rag === null) check.error('rag', `"${ragText}" is not a RAG rating: use red, amber or green. The row was not loaded.`);
    if (rag !== null && measure !== null && measure !== 'rejected') check.warn('rag', 'The action has a measure, so its RAG comes from the figures; the rating written here was ignored.');
    if (ref !== null && seen.has(ref)) check.error('ref', `Action ${ref} is already on row ${seen.get(ref)}; this row was not loaded.`);
    if (start !== null && due !== null && start > due) check.error('start', `The action starts (${start}) after it is due (${due}); the row was not loaded.`);
    result.issues.push(...check.issues);
    if (check.rejected || ref === null || area === null || action === null || lead === null || due === null || status === null || measure === 'rejected') continue;
    seen.set(ref, record.rowNumber);
    result.rows.push({
      rowNumber: record.rowNumber,
      value: { action: { ref, area, action, lead, start, due, status, measure, manualRag: measure === null ? rag : null }, update: record.cells['update'] || null },
    });
  }
  return result;
}

/** Case-file audits. Never throws. */
export async function parseAudits(bytes: Buffer, fileName: string): Promise<TableParseResult<CaseAudit>> {
  const table = await readTableFile(bytes, fileName, AUDIT_COLUMNS);
  const result = emptyResult<CaseAudit>(table);
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const check = new RowChecker(fileName, record);
    const childId = check.text('child', true);
    const teamId = check.text('team', true);
    const auditDate = check.date('audit_date', true);
    const auditor = check.text('auditor', true);
    const gradeText = check.text('grade', true);
    const grade = gradeText === null ? null : parseGrade(gradeText);
    if (gradeText !== null && grade === null) check.error('grade', `"${gradeText}" is not a grade: use outstanding, good, requires improvement or inadequate. The row was not loaded.`);
    const key = `${childId} ${auditDate}`;
    if (childId !== null && auditDate !== null && seen.has(key)) check.error('child', `Child ${childId} has an audit on ${auditDate} already on row ${seen.get(key)}; this row was not loaded.`);
    result.issues.push(...check.issues);
    if (check.rejected || childId === null || teamId === null || auditDate === null || auditor === null || grade === null) continue;
    seen.set(key, record.rowNumber);
    const themes = (record.cells['themes'] ?? '').split(/[;|]/).map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
    result.rows.push({ rowNumber: record.rowNumber, value: { childId, teamId, workerId: record.cells['worker'] || null, auditDate, auditor, grade, themes: [...new Set(themes)].sort() } });
  }
  return result;
}

/** The risk register. Never throws. */
export async function parseRisks(bytes: Buffer, fileName: string): Promise<TableParseResult<Risk>> {
  const table = await readTableFile(bytes, fileName, RISK_COLUMNS);
  const result = emptyResult<Risk>(table);
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const check = new RowChecker(fileName, record);
    const ref = check.text('ref', true);
    const risk = check.text('risk', true);
    const owner = check.text('owner', true);
    const mitigations = check.text('mitigations', true);
    const reviewDate = check.date('review_date', true);
    const rating = (column: 'likelihood' | 'impact'): number | null => {
      const text = check.text(column, true);
      if (text === null) return null;
      const n = Number(text);
      if (!isRiskRating(n)) {
        check.error(column, `The ${column} "${text}" must be a whole number from 1 to 5; the row was not loaded.`);
        return null;
      }
      return n;
    };
    const likelihood = rating('likelihood');
    const impact = rating('impact');
    const measure = measureLink(check, record.cells);
    if (ref !== null && seen.has(ref)) check.error('ref', `Risk ${ref} is already on row ${seen.get(ref)}; this row was not loaded.`);
    result.issues.push(...check.issues);
    if (check.rejected || ref === null || risk === null || owner === null || mitigations === null || reviewDate === null || likelihood === null || impact === null || measure === 'rejected') continue;
    seen.set(ref, record.rowNumber);
    result.rows.push({ rowNumber: record.rowNumber, value: { ref, risk, owner, likelihood, impact, mitigations, measure, reviewDate } });
  }
  return result;
}
