import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services as buildServices, type Adapters, type Services } from '../../src/app.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { buildProgram, main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import type { AuditRow } from '../../src/db/audit.repository.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

/**
 * Every way figures leave Headroom as a file or a report, on the web and on the command line.
 * Each must write exactly one audit row of its kind, written by the service that produces it
 * (src/services/export.service.ts, or the audit service for the audit log itself). The lists are
 * checked against the routes and commands themselves: a new download or exporting command that
 * is not listed here fails this test until it is listed (and audited).
 */
const SCENARIO = 'Two more in Assessment 1';
const q = `?la=855&date=${SEED_DATE}`;

interface WebExport {
  route: string;
  url: string;
  as: 'analyst' | 'admin';
  action: AuditRow['action'];
  download?: string;
}

const WEB_EXPORTS: WebExport[] = [
  { route: '/caseloads', url: `/caseloads${q}&format=csv`, as: 'analyst', action: 'export', download: 'caseloads-by-team' },
  { route: '/caseloads/workers', url: `/caseloads/workers${q}&format=xlsx`, as: 'analyst', action: 'export', download: 'caseloads-by-worker' },
  { route: '/caseloads/teams/:teamId', url: `/caseloads/teams/T-ASS1${q}&format=csv`, as: 'analyst', action: 'export', download: 'team-workers' },
  { route: '/forecast', url: '/forecast?la=855&download=points&format=csv', as: 'analyst', action: 'export', download: 'forecast-points' },
  { route: '/forecast', url: '/forecast?la=855&download=workforce&format=xlsx', as: 'analyst', action: 'export', download: 'forecast-workforce' },
  { route: '/performance/report', url: '/performance/report?la=855&year=2023-24&format=docx', as: 'analyst', action: 'export', download: 'performance-report' },
  { route: '/improvement/report', url: '/improvement/report?la=855&format=html', as: 'analyst', action: 'export', download: 'improvement-plan' },
  { route: '/planning/scenarios/:name/business-case', url: `/planning/scenarios/${encodeURIComponent(SCENARIO)}/business-case?la=855&format=xlsx`, as: 'analyst', action: 'export', download: 'business-case' },
  { route: '/data/imports/:id/issues.csv', url: '/data/imports/1/issues.csv', as: 'analyst', action: 'export', download: 'import-issues' },
  { route: '/admin/audit.csv', url: '/admin/audit.csv', as: 'admin', action: 'audit_exported' },
];

interface CliExport {
  command: string;
  args: (dir: string) => string[];
  action: AuditRow['action'];
}

const CLI_EXPORTS: CliExport[] = [
  { command: 'caseloads', args: () => ['caseloads', '--la', '855', '--by', 'worker', '--format', 'csv'], action: 'export' },
  { command: 'kpis', args: () => ['kpis', '--la', '855', '--year', '2023-24', '--format', 'json'], action: 'export' },
  { command: 'reconcile', args: () => ['reconcile', '--la', '855', '--year', '2023-24', '--format', 'json'], action: 'export' },
  { command: 'forecast', args: () => ['forecast', '--la', '855', '--format', 'json'], action: 'export' },
  { command: 'forecast backtest', args: () => ['forecast', 'backtest', '--la', '855', '--format', 'json'], action: 'export' },
  { command: 'benchmarks', args: () => ['benchmarks', '--la', '855', '--format', 'json'], action: 'export' },
  { command: 'plan', args: () => ['plan', '--la', '855', '--format', 'json'], action: 'export' },
  { command: 'report performance', args: (dir) => ['report', 'performance', '--la', '855', '--year', '2023-24', '--out', path.join(dir, 'performance.docx')], action: 'export' },
  { command: 'report business-case', args: (dir) => ['report', 'business-case', '--la', '855', '--scenario', SCENARIO, '--out', path.join(dir, 'case.html')], action: 'export' },
  { command: 'report improvement-plan', args: (dir) => ['report', 'improvement-plan', '--la', '855', '--out', path.join(dir, 'plan.xlsx')], action: 'export' },
  { command: 'audit export', args: (dir) => ['audit', 'export', '--out', path.join(dir, 'audit.csv')], action: 'audit_exported' },
  { command: 'audit archive', args: (dir) => ['audit', 'archive', '--before', '2000-01-01', '--out', path.join(dir, 'archive.csv')], action: 'audit_archived' },
];

/** Commands that print or write with --format or --out but export no council's figures, and why. */
const NOT_EXPORTS: Record<string, string> = {
  'scenario run': 'a what-if on a scenario file, shown to its author; the business case is the export',
  'scenario list': 'names of saved scenarios',
  'scenario compare': 'a what-if comparison; the business case is the export',
  'costs show': 'the cost model the council typed in',
  'benchmarks las': 'the councils in the published DfE tables, public data',
};

const PLAN_CSV = [
  'ref,area,action,lead,due,measure,target,status,update',
  '1.1,Caseloads,Bring Assessment caseloads down,Head of Service,2024-06-30,average_caseload_per_fte,18,in progress,Two posts advertised',
].join('\n');

const COST_MODEL = {
  name: 'Pay 2023-24',
  grades: { social_worker: { grade: 'Grade 10', annualSalaryPence: 4200000 }, team_manager: { grade: 'Grade 13', annualSalaryPence: 5500000 } },
  onCostsPercent: 30,
  agency: { basis: 'day_rate', dayRatePence: { social_worker: 40000 }, workingDaysPerYear: 220 },
  recruitment: { incentivePence: 200000, retentionPence: 100000 },
  vacancyFactorPercent: 3,
};

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
}

/** Every web route whose handler sends a file: a table download or a report with a content disposition. */
function downloadRoutes(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(path.join(SRC, 'web'))) {
    const text = readFileSync(file, 'utf8');
    const starts = [...text.matchAll(/app\.(?:get|post|put|delete|route)\s*(?:<[^(]*?>)?\(\s*['"`]([^'"`]+)['"`]/g)];
    starts.forEach((m, i) => {
      const block = text.slice(m.index, starts[i + 1]?.index ?? text.length);
      if (/sendTable\(|content-disposition|REPORT_MEDIA_TYPES/.test(block)) found.push(m[1]!);
    });
  }
  return [...new Set(found)].sort();
}

interface Node {
  name: string;
  command: Command;
}

function commands(command: Command, prefix: string[] = []): Node[] {
  return command.commands.flatMap((sub) => {
    const names = [...prefix, sub.name()];
    return [{ name: names.join(' '), command: sub }, ...commands(sub, names)];
  });
}

describe('the export list is complete', () => {
  it('lists every web route that sends a file', () => {
    expect(downloadRoutes()).toEqual([...new Set(WEB_EXPORTS.map((e) => e.route))].sort());
  });

  it('lists every command that writes figures with --format or --out, or says why it is not an export', () => {
    const program = buildProgram({ out: () => undefined, err: () => undefined, isTty: false, env: {}, config: () => loadConfig({}), logger: () => createLogger({ level: 'silent' }), readSecret: () => Promise.resolve(''), actor: () => 'cli:tester', open: () => Promise.reject(new Error('not opened')) });
    const writing = commands(program)
      .filter((c) => c.command.options.some((o) => o.long === '--format' || o.long === '--out'))
      .map((c) => c.name)
      .filter((name) => !(name in NOT_EXPORTS))
      .sort();
    expect(writing).toEqual(CLI_EXPORTS.map((e) => e.command).sort());
  });
});

for (const driver of testDrivers()) {
  describe(`every export writes one audit row (${driver.kind})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'headroom-export-audit-'));
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let s: Services;
    let clients: Record<WebExport['as'], Client>;
    let lastId = 0;
    const clock = () => new Date('2024-03-31T12:00:00Z');

    async function newRows(): Promise<AuditRow[]> {
      const rows = (await s.audit.recent({ limit: 1000 })).filter((r) => r.id > lastId).reverse();
      lastId = Math.max(lastId, ...rows.map((r) => r.id));
      return rows;
    }

    const ctx: CliContext = {
      out: () => undefined,
      err: () => undefined,
      isTty: false,
      env: {},
      config: () => loadConfig({}),
      logger: () => createLogger({ level: 'silent' }),
      readSecret: () => Promise.resolve(''),
      actor: () => 'cli:tester',
      open: () => {
        const adapters: Adapters = { db: handle.db, dbKind: handle.kind, dbLocation: handle.location, clock, logger: createLogger({ level: 'silent' }), close: () => Promise.resolve() };
        return Promise.resolve({ adapters, services: buildServices(adapters) });
      },
    };

    beforeAll(async () => {
      handle = await driver.open();
      await seedSmallCouncil(handle.db);
      await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
      await insertBatch(handle.db, { la_code: '855', source: 'annex-a', file_name: 'earlier', sha256: 'y', extract_date: '2023-09-30', loaded_by: 'test', status: 'loaded' });
      s = buildServices({ db: handle.db, dbKind: handle.kind, clock, logger: createLogger({ level: 'silent' }) });
      const by = { actor: 'setup', actorRole: 'analyst' };
      expect((await s.planning.saveCostModel('855', COST_MODEL, by)).ok).toBe(true);
      await s.planning.saveScenario('855', { name: SCENARIO, changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: 1, count: 2, startDate: '2024-01-08' }] }, by);
      const planFile = path.join(dir, 'plan.csv');
      writeFileSync(planFile, PLAN_CSV);
      expect(await main(['node', 'headroom', 'plan', 'import', planFile, '--la', '855'], ctx)).toBe(0);
      app = await webFor(handle, undefined, { clock });
      clients = { analyst: clientFor(app, await signInAs(handle, 'analyst', { clock })), admin: clientFor(app, await signInAs(handle, 'admin', { clock })) };
      await newRows();
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const e of WEB_EXPORTS) {
      it(`GET ${e.url} writes one ${e.action} row`, async () => {
        const res = await clients[e.as].get(e.url);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        const rows = await newRows();
        expect(rows.map((r) => r.action)).toEqual([e.action]);
        expect(rows[0]).toMatchObject({ actorRole: e.as, route: e.route, ip: '127.0.0.1' });
        if (e.download !== undefined) expect(rows[0]!.detail).toMatchObject({ download: e.download });
      });
    }

    for (const e of CLI_EXPORTS) {
      it(`headroom ${e.command} writes one ${e.action} row`, async () => {
        expect(await main(['node', 'headroom', ...e.args(dir)], ctx)).toBe(0);
        const rows = await newRows();
        expect(rows.map((r) => r.action)).toEqual([e.action]);
        expect(rows[0]!.actor).toBe('cli:tester');
        if (e.action === 'export') expect(rows[0]!.detail).toMatchObject({ command: e.command });
      });
    }
  });
}
