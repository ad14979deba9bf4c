import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services as buildServices, type Adapters, type Services } from '../../src/app.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { loadWorkbook, unzipText, wordTables } from '../support/report.fixtures.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'headroom-improvement-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  return f;
}

const PLAN = [
  'ref,area,action,lead,due,measure,target,status,update',
  '1.1,Caseloads,Bring Assessment caseloads down,Head of Service,2024-06-30,average_caseload_per_fte,18,in progress,Two posts advertised',
  '1.2,Caseloads,Allocate every child,Head of Service,2024-03-31,unallocated_children,0,in progress,',
  '2.1,Oversight,Monthly supervision audit,Principal Social Worker,2024-12-31,,,not started,',
  '2.2,Oversight,Bad date,Principal Social Worker,2024-02-30,,,,',
].join('\n');

const CLOCK = new Date('2024-03-31T12:00:00Z');

for (const driver of testDrivers()) {
  describe(`headroom plan, import audits|risks and report improvement-plan (${driver.kind})`, () => {
    let handle: DatabaseHandle;
    let svc: Services;
    let out: string[];
    let err: string[];
    const ctx: CliContext = {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      isTty: false,
      env: {},
      config: () => loadConfig({}),
      logger: () => createLogger({ level: 'silent' }),
      readSecret: () => Promise.resolve(''),
      actor: () => 'cli:tester',
      open: () => {
        const adapters: Adapters = { db: handle.db, dbKind: handle.kind, dbLocation: handle.location, clock: () => CLOCK, logger: createLogger({ level: 'silent' }), close: () => Promise.resolve() };
        return Promise.resolve({ adapters, services: buildServices(adapters) });
      },
    };
    async function headroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      out = [];
      err = [];
      const code = await main(['node', 'headroom', ...args], ctx);
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    }

    beforeAll(async () => {
      handle = await driver.open();
      svc = buildServices({ db: handle.db, dbKind: handle.kind, clock: () => CLOCK, logger: createLogger({ level: 'silent' }) });
    }, 60_000);
    afterAll(async () => {
      await handle.close();
    });
    beforeEach(async () => {
      await truncateAll(handle.db);
      await seedSmallCouncil(handle.db);
    });

    it('imports a plan, lists the rejected row with its reason, and prints the JSON contract', async () => {
      const imported = await headroom('plan', 'import', file('plan.csv', PLAN), '--la', '855');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/plan\.csv\s+4\s+3\s+1/);
      expect(imported.stdout).toContain('error: plan.csv, row 5');
      expect(imported.stdout).toContain('due "2024-02-30" is not a real date');

      const r = await headroom('plan', '--la', '855', '--as-of', '2024-03-31', '--format', 'json');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as { laCode: string; asOf: string; actions: Array<Record<string, unknown>> };
      expect(Object.keys(json)).toEqual(['laCode', 'asOf', 'actions']);
      expect(json).toMatchObject({ laCode: '855', asOf: '2024-03-31' });
      expect(json.actions.map((a) => Object.keys(a))).toEqual(Array(3).fill(['ref', 'area', 'action', 'lead', 'due', 'status', 'overdue', 'rag', 'ragSource', 'measure']));
      const snapshot = await svc.caseloads.snapshot('855', '2024-03-31');
      expect(json.actions[0]).toEqual({
        ref: '1.1', area: 'Caseloads', action: 'Bring Assessment caseloads down', lead: 'Head of Service', due: '2024-06-30', status: 'in_progress', overdue: false, rag: 'amber', ragSource: 'measure',
        measure: { id: 'average_caseload_per_fte', value: snapshot.totals.averagePerFte, target: 18, betterWhen: 'lower', met: false },
      });
      // Due on the day it is judged, with 3 children unallocated: amber, not yet red.
      expect(json.actions[1]).toMatchObject({ ref: '1.2', rag: 'amber', overdue: false, measure: { value: 3, met: false } });
      expect(json.actions[2]).toMatchObject({ ref: '2.1', rag: 'not_rated', ragSource: 'manual', measure: null });

      const later = JSON.parse((await headroom('plan', '--la', '855', '--as-of', '2024-04-01', '--format', 'json')).stdout) as typeof json;
      expect(later.actions[1]).toMatchObject({ rag: 'red', overdue: true });

      const csv = await headroom('plan', '--la', '855', '--format', 'csv');
      expect(csv.stdout.split('\n')[0]).toBe('Ref,Area,Action,Lead,Due,Status,Overdue,RAG,RAG from,Measure,Latest,Target,Better when,Met');
      const table = await headroom('plan', '--la', '855');
      expect(table.stdout).toContain('Improvement plan for LA 855 at 2024-03-31.');
    });

    it('refuses a bad date on the command line and a missing file with the contract exit codes', async () => {
      expect((await headroom('plan', '--la', '855', '--as-of', '31/03/2024')).code).toBe(2);
      expect((await headroom('plan', 'import', path.join(dir, 'missing.csv'), '--la', '855')).code).toBe(3);
      const noColumns = await headroom('plan', 'import', file('wrong.csv', 'ref,action\n1,x\n'), '--la', '855');
      expect(noColumns.code).toBe(3);
      expect(noColumns.stderr).toContain('Nothing was loaded');
      expect((await headroom('report', 'improvement-plan', '--la', '855', '--out', path.join(dir, 'empty.docx'))).code).toBe(3);
    });

    it('writes the improvement plan as Word and Excel, and records the export', async () => {
      await headroom('plan', 'import', file('plan.csv', PLAN), '--la', '855');
      const docx = path.join(dir, 'plan.docx');
      const r = await headroom('report', 'improvement-plan', '--la', '855', '--as-of', '2024-04-01', '--out', docx);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('3 actions: 1 red, 1 amber, 0 green, 1 not rated.');
      const table = wordTables(unzipText(readFileSync(docx))['word/document.xml'] ?? '')[0] ?? [];
      expect(table[0]).toEqual(['Ref', 'Action', 'Lead', 'By when', 'Measure of success', 'Latest figure', 'Target', 'RAG', 'Update']);
      expect(table.find((row) => row[0] === '1.2')?.slice(5, 8)).toEqual(['3 (at 1 Apr 2024)', 'At most 0', 'Red (from the figures)']);
      const xlsx = path.join(dir, 'plan.xlsx');
      expect((await headroom('report', 'improvement-plan', '--la', '855', '--as-of', '2024-04-01', '--out', xlsx)).code).toBe(0);
      const ws = (await loadWorkbook(readFileSync(xlsx))).getWorksheet('Action plan');
      expect(ws?.getRow(7).getCell(2).value).toBe('1.1');
      const log = await svc.audit.recent({ laCodes: ['855'], limit: 20 });
      expect(log.filter((l) => l.action === 'export' && (l.detail as { command?: string }).command === 'report improvement-plan')).toHaveLength(2);
    });

    it('imports audits and risks through headroom import', async () => {
      const audits = await headroom('import', 'audits', file('audits.csv', 'child,team,worker,audit date,auditor,grade,themes\nC1,T-ASS1,SW1,2024-03-31,QA,Good,\nC2,T-ASS1,SW1,2024-03-31,QA,Awful,\n'), '--la', '855', '--json');
      expect(audits.code).toBe(0);
      expect(JSON.parse(audits.stdout)).toMatchObject({ source: 'audits', lists: [{ rowsRead: 2, loaded: 1, rejected: 1 }] });
      const risks = await headroom('import', 'risks', file('risks.csv', 'ref,risk,owner,likelihood,impact,mitigations,measure,target,review date\nR1,Caseloads stay high,Director,4,4,Recruitment,average_caseload_per_fte,18,2024-06-30\n'), '--la', '855');
      expect(risks.code).toBe(0);
      expect((await svc.improvement.risks('855')).risks[0]).toMatchObject({ ref: 'R1', score: 16, band: 'very_high' });
    });
  });
}
