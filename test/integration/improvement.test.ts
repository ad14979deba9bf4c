import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listActions } from '../../src/db/improvement.repository.ts';
import type { Allocation, Worker } from '../../src/domain/workforce/types.ts';
import { writeAllocationsCsv } from '../../src/formats/allocations/allocations.ts';
import { writeRosterCsv } from '../../src/formats/roster/roster.ts';
import { writeTeamsCsv } from '../../src/formats/teams/teams.ts';
import { createLogger } from '../../src/logger.ts';
import { unzipText } from '../support/report.fixtures.ts';
import { renderPerformance } from '../../src/reports/performance/render.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';

// One team of 14 social workers holding 294 children: 21 per FTE, 14 cases over capacity.
function council() {
  const teams = writeTeamsCsv([
    { teamId: 'S1', name: 'Assessment', parentId: null, kind: 'service' },
    { teamId: 'T1', name: 'Assessment 1', parentId: 'S1', kind: 'team' },
  ]);
  const workers: Worker[] = Array.from({ length: 14 }, (_, i) => ({
    workerId: `W${i + 1}`, name: `Worker ${i + 1}`, teamId: 'T1', role: 'social_worker', fte: 1, asye: false, agency: false, startDate: '2020-01-01', endDate: null, managerId: null,
  }));
  const allocations: Allocation[] = [];
  for (let i = 0; i < 14 * 21; i++) allocations.push({ childId: `C${i}`, workerId: `W${(i % 14) + 1}`, teamId: 'T1', caseType: 'cin', startDate: '2024-01-01', endDate: null });
  return { teams, roster: writeRosterCsv(workers), allocations: writeAllocationsCsv(allocations) };
}

const PLAN = [
  'ref,area,action,lead,due,measure,target,status,update,start,rag',
  'A1,Caseloads,Recruit to vacant posts,Jo Head,2024-09-30,average_caseload_per_fte,21,in progress,Six offers made,2024-02-01,',
  'A2,Caseloads,Reduce caseloads to 18,Jo Head,2024-06-30,average_caseload_per_fte,18,in progress,,2024-02-01,',
  'A3,Caseloads,No team over capacity,Sam Lead,01/05/2024,cases_over_capacity,0,not started,,,',
  'A4,Oversight,Supervision audit,Sam Lead,2024-12-31,,,in progress,,,amber',
  'A5,Workforce,Cut agency use,Jo Head,2024-12-31,agency_rate,10,,,,',
  'B1,Caseloads,Unknown measure,Jo Head,2024-12-31,happiness,10,,,,',
  'B2,Caseloads,Bad date,Jo Head,31/13/2024,cases_over_capacity,0,,,,',
  'B3,Caseloads,Words for a target,Jo Head,2024-12-31,cases_over_capacity,none,,,,',
].join('\n');

describe.each(testDrivers())('improvement plan, audits and risks on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  const run = (source: 'teams' | 'roster' | 'allocations' | 'plan' | 'audits' | 'risks', bytes: string | Buffer, fileName = `${source}.csv`) =>
    s.imports.run(source, { laCode: '855', fileName, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), loadedBy: 'test' });

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2024-06-30T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
    const files = council();
    await run('teams', files.teams);
    await run('roster', files.roster);
    await run('allocations', files.allocations);
  });

  it('imports a plan, rejecting bad rows with their row and reason, and rates it from the live figures', async () => {
    const result = await run('plan', PLAN);
    expect(result.lists[0]).toMatchObject({ rowsRead: 8, loaded: 5, rejected: 3 });
    expect(result.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.column])).toEqual([
      [7, 'measure'],
      [8, 'due'],
      [9, 'target'],
    ]);
    const plan = s.improvement.toJson(await s.improvement.plan('855'));
    expect(plan.asOf).toBe('2024-06-30');
    const byRef = new Map(plan.actions.map((a) => [a.ref, a]));
    expect(byRef.get('A1')).toEqual({
      ref: 'A1', area: 'Caseloads', action: 'Recruit to vacant posts', lead: 'Jo Head', due: '2024-09-30', status: 'in_progress', overdue: false, rag: 'green', ragSource: 'measure',
      measure: { id: 'average_caseload_per_fte', value: 21, target: 21, betterWhen: 'lower', met: true },
    });
    expect(byRef.get('A2')).toMatchObject({ rag: 'amber', overdue: false, measure: { value: 21, met: false } });
    expect(byRef.get('A3')).toMatchObject({ due: '2024-05-01', rag: 'red', overdue: true, measure: { value: 14, target: 0 } });
    expect(byRef.get('A4')).toMatchObject({ rag: 'amber', ragSource: 'manual', measure: null });
    expect(byRef.get('A5')).toMatchObject({ rag: 'no_data', ragSource: 'measure', measure: { value: null, met: null } });
  });

  it('keeps updates across re-imports, adds a changed one, and reads an xlsx plan the same way', async () => {
    await run('plan', PLAN);
    await run('plan', PLAN);
    expect((await s.improvement.action('855', 'A1')).updates.map((u) => u.text)).toEqual(['Six offers made']);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Plan');
    sheet.addRow(['ref', 'area', 'action', 'lead', 'due', 'measure', 'target', 'status', 'update']);
    sheet.addRow(['A1', 'Caseloads', 'Recruit to vacant posts', 'Jo Head', new Date(Date.UTC(2024, 9, 31)), 'average_caseload_per_fte', 20, 'complete', 'Eight in post']);
    const result = await run('plan', Buffer.from(await book.xlsx.writeBuffer()), 'plan.xlsx');
    expect(result.lists[0]).toMatchObject({ rowsRead: 1, loaded: 1 });
    const a1 = await s.improvement.action('855', 'A1');
    expect(a1.view).toMatchObject({ due: '2024-10-31', status: 'complete', start: '2024-02-01', rag: 'amber', measure: { target: 20 } });
    expect(a1.updates.map((u) => u.text)).toEqual(['Six offers made', 'Eight in post']);
    expect(a1.trend.at(-1)).toEqual({ date: '2024-06-30', value: 21 });
    expect(a1.trend[0]).toEqual({ date: '2024-01-31', value: 21 });
  });

  it('refuses a file without the plan columns and changes nothing', async () => {
    await expect(run('plan', 'ref,action\nA1,Something\n')).rejects.toMatchObject({ code: 'input_rejected' });
    expect((await s.improvement.plan('855')).actions).toEqual([]);
  });

  it('records changes made from the app in the audit log', async () => {
    await run('plan', PLAN);
    await s.improvement.addUpdate('855', 'A2', 'Two agency workers started', { actor: 'jo', author: 'Jo Head' });
    const a2 = await s.improvement.action('855', 'A2');
    expect(a2.updates).toMatchObject([{ date: '2024-06-30', text: 'Two agency workers started', author: 'Jo Head' }]);
    const a3 = (await listActions(handle.db, '855')).find((a) => a.ref === 'A3');
    if (!a3) throw new Error('A3 was not imported');
    await s.improvement.saveAction('855', { ...a3, status: 'complete' }, { actor: 'jo' });
    expect((await s.improvement.action('855', 'A3')).view).toMatchObject({ status: 'complete', rag: 'red', overdue: false });
    const log = await s.audit.recent({ laCodes: ['855'], limit: 50 });
    expect(log.filter((r) => r.action === 'improvement_changed').map((r) => (r.detail as { what: string }).what).sort()).toEqual(['action', 'update']);
  });

  it('imports audits and shows each case beside its team caseload on the audit date', async () => {
    const audits = [
      'child,team,worker,audit date,auditor,grade,themes',
      'C1,T1,W2,2024-03-15,A Auditor,Good,voice of the child',
      'C2,T1,W3,2024-03-15,A Auditor,Inadequate,management oversight; voice of the child',
      'C3,T9,,2024-04-02,A Auditor,RI,',
      'C4,T1,,2024-04-02,A Auditor,brilliant,',
    ].join('\n');
    const result = await run('audits', audits);
    expect(result.lists[0]).toMatchObject({ rowsRead: 4, loaded: 3, rejected: 1 });
    expect(result.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [5, 'grade', 'error'],
      [4, 'team', 'warning'],
    ]);
    const view = await s.improvement.audits('855');
    expect(view.points).toEqual([
      { childId: 'C1', teamId: 'T1', auditDate: '2024-03-15', grade: 'good', teamAveragePerFte: 21 },
      { childId: 'C2', teamId: 'T1', auditDate: '2024-03-15', grade: 'inadequate', teamAveragePerFte: 21 },
      { childId: 'C3', teamId: 'T9', auditDate: '2024-04-02', grade: 'requires_improvement', teamAveragePerFte: null },
    ]);
    expect(view.byTeam.find((t) => t.key === 'T1')).toMatchObject({ name: 'Assessment 1', audited: 2, goodOrBetterPct: 50, inadequatePct: 50 });
    expect(view.byQuarter.map((q) => q.key)).toEqual(['2023-24 Q4', '2024-25 Q1']);
    expect(view.themes[0]).toEqual({ theme: 'voice of the child', count: 2 });
  });

  it('imports risks, scores and bands them, and reads their measures', async () => {
    const risks = [
      'ref,risk,owner,likelihood,impact,mitigations,measure,target,review date',
      'R1,Caseloads stay too high,Director,4,5,Recruitment campaign,average_caseload_per_fte,18,2024-09-30',
      'R2,Data quality,Head of performance,2,2,Monthly checks,,,2024-09-30',
      'R3,Bad,Someone,6,2,None,,,2024-09-30',
    ].join('\n');
    const result = await run('risks', risks);
    expect(result.lists[0]).toMatchObject({ rowsRead: 3, loaded: 2, rejected: 1 });
    const view = await s.improvement.risks('855');
    expect(view.risks.map((r) => [r.ref, r.score, r.band, r.reading?.value ?? null, r.met])).toEqual([
      ['R1', 20, 'very_high', 21, false],
      ['R2', 4, 'low', null, null],
    ]);
    // The quarterly Cabinet report carries the register, with the linked figures at the period end.
    const report = await s.kpis.report('855', '2023-24', 'Q4', true);
    expect(report.riskRegister?.figuresAt).toBe('2024-03-31');
    expect(report.riskRegister?.rows.map((r) => [r.ref, r.score, r.band])).toEqual([['R1', 20, 'Very high'], ['R2', 4, 'Low']]);
    const html = (await renderPerformance(report, 'html')).toString('utf8');
    expect(html).toContain('<h2 id="risk-register">Risk register</h2>');
    expect(html).toContain('Average caseload per case-holding FTE: 21 (at 31 Mar 2024), target at most 18, not met');
    expect(unzipText(await renderPerformance(report, 'docx'))['word/document.xml']).toContain('Caseloads stay too high');
  });
});
