import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services as buildServices, type Adapters, type Services } from '../../src/app.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import type { ScenarioCompareJson, ScenarioRunJson } from '../../src/cli/planning-output.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { formatPence } from '../../src/domain/planning/index.ts';
import { createLogger } from '../../src/logger.ts';
import { loadWorkbook, unzipText, wordText } from '../support/report.fixtures.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'headroom-planning-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const f = path.join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

const ADD_TWO = {
  name: 'Two more in Assessment 1',
  description: 'Two permanent social workers from January',
  changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: 1, count: 2, startDate: '2024-01-08' }],
};

/** Costs every role of the small council: a team manager, social workers (one agency) and an ASYE. */
const COST_MODEL = {
  name: 'Pay 2023-24',
  grades: {
    social_worker: { grade: 'Grade 10', annualSalaryPence: 4200000 },
    team_manager: { grade: 'Grade 13', annualSalaryPence: 5500000 },
  },
  onCostsPercent: 30,
  agency: { basis: 'day_rate', dayRatePence: { social_worker: 40000 }, workingDaysPerYear: 220 },
  recruitment: { incentivePence: 200000, retentionPence: 100000 },
  vacancyFactorPercent: 3,
};

for (const driver of testDrivers()) {
  describe(`headroom scenario, costs and report business-case (${driver.kind})`, () => {
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
        const adapters: Adapters = { db: handle.db, dbKind: handle.kind, dbLocation: handle.location, clock: () => new Date('2024-03-31T12:00:00Z'), logger: createLogger({ level: 'silent' }), close: () => Promise.resolve() };
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
      svc = buildServices({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2024-03-31T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
    }, 60_000);
    afterAll(async () => {
      await handle.close();
    });
    beforeEach(async () => {
      await truncateAll(handle.db);
      await seedSmallCouncil(handle.db);
    });

    it('runs a scenario file as a table: the changes, T-ASS1 before and after, posts needed and how to set costs', async () => {
      const r = await headroom('scenario', 'run', file('add-two.json', ADD_TWO), '--la', '855');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Scenario "Two more in Assessment 1" (not saved) for LA 855 at ${SEED_DATE}, against local-18-20.`);
      expect(r.stdout).toContain('1. Added 2 social worker posts of 1 FTE to team T-ASS1');
      // 49 children, 46 of them held by workers over 2 FTE today (average 23.0, with 3 unallocated
      // beside it; 49 against a capacity of 40 is 9 over); over 4 FTE with the scenario.
      expect(r.stdout).toContain('Average caseload per FTE  Unallocated children');
      expect(r.stdout).toMatch(/T-ASS1 Assessment 1\s+today\s+49\s+2\s+23\s+3\s+9\s+0\.5/);
      expect(r.stdout).toMatch(/^\s+scenario\s+49\s+4\s+11\.5\s+3\s+0\s+0$/m);
      expect(r.stdout).toContain('Posts needed');
      expect(r.stdout).toContain('LA 855 has no cost model, so costs are not shown. Set one with: headroom costs set FILE.json --la 855');
      expect(await svc.planning.scenarios('855')).toEqual([]);
    });

    it('runs a scenario as JSON in the documented shape, with the same figures as the service', async () => {
      const r = await headroom('scenario', 'run', file('add-two.json', ADD_TWO), '--la', '855', '--format', 'json');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as ScenarioRunJson;
      const direct = await svc.planning.run('855', ADD_TWO);
      const row = direct.comparison.teams.find((t) => t.teamId === 'T-ASS1');
      const team = json.teams.find((t) => t.teamId === 'T-ASS1');
      expect(team?.after).toEqual({
        children: row?.options[0]?.children,
        caseHoldingFte: row?.options[0]?.caseHoldingFte,
        averagePerFte: row?.options[0]?.averagePerFte,
        unallocated: row?.options[0]?.unallocated,
        casesOverCapacity: row?.options[0]?.casesOverCapacity,
        fteToMax: row?.options[0]?.fteRequiredToMax,
        fteToMid: row?.options[0]?.fteRequiredToMid,
      });
      expect(team).toEqual({
        teamId: 'T-ASS1',
        name: 'Assessment 1',
        before: { children: 49, caseHoldingFte: 2, averagePerFte: 23, unallocated: 3, casesOverCapacity: 9, fteToMax: 0.5, fteToMid: 0.6 },
        after: { children: 49, caseHoldingFte: 4, averagePerFte: 11.5, unallocated: 3, casesOverCapacity: 0, fteToMax: 0, fteToMid: 0 },
      });
      expect(json).toMatchObject({
        la: '855',
        asOf: SEED_DATE,
        profile: { before: 'local-18-20', after: 'local-18-20' },
        scenario: { name: ADD_TWO.name, description: ADD_TWO.description, version: null },
        changes: ['Added 2 social worker posts of 1 FTE to team T-ASS1'],
        costModel: null,
        costs: null,
        costErrors: [],
      });
      expect(json.totals.before.children).toBe(direct.comparison.totals.baseline.children);
      expect(json.totals.after.averagePerFte).toBe(direct.comparison.totals.options[0]?.averagePerFte);
      expect(json.postsNeeded.before.fteToMax).toBe(direct.postsNeeded.baseline.total.fteToMax);
      expect(json.postsNeeded.after.fteToMax).toBe(0);
      expect(json.postsNeeded.teams.map((t) => t.teamId)).toEqual(direct.postsNeeded.baseline.teams.map((t) => t.teamId));
    });

    it('--save saves first; list and show round-trip; the version goes up only when the content changes', async () => {
      const f = file('save.json', ADD_TWO);
      const first = await headroom('scenario', 'run', f, '--la', '855', '--save');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('Saved scenario "Two more in Assessment 1" for LA 855 as version 1.');
      expect(first.stdout).toContain('(version 1)');

      const again = await headroom('scenario', 'save', f, '--la', '855');
      expect(again.stdout).toBe('Scenario "Two more in Assessment 1" for LA 855 is unchanged: it is already version 1.');

      const list = await headroom('scenario', 'list', '--la', '855', '--format', 'json');
      expect(JSON.parse(list.stdout)).toMatchObject({ la: '855', scenarios: [{ name: ADD_TWO.name, version: 1, description: ADD_TWO.description, savedBy: 'cli:tester' }] });
      const table = await headroom('scenario', 'list', '--la', '855');
      expect(table.stdout).toMatch(/^Name\s+Version\s+Saved by\s+Saved at\s+Description$/m);
      expect(table.stdout).toMatch(/^Two more in Assessment 1\s+1\s+cli:tester/m);

      // What show prints saves back as the same scenario: still version 1.
      const shown = await headroom('scenario', 'show', ADD_TWO.name, '--la', '855');
      expect(JSON.parse(shown.stdout)).toEqual(ADD_TWO);
      expect((await headroom('scenario', 'save', file('shown.json', shown.stdout), '--la', '855')).stdout).toContain('unchanged: it is already version 1');

      const changed = { ...ADD_TWO, changes: [{ ...ADD_TWO.changes[0], count: 3 }] };
      expect((await headroom('scenario', 'save', file('changed.json', changed), '--la', '855')).stdout).toBe('Saved scenario "Two more in Assessment 1" for LA 855 as version 2.');
      expect(JSON.parse((await headroom('scenario', 'show', ADD_TWO.name, '--la', '855')).stdout)).toEqual(changed);
      expect(JSON.parse((await headroom('scenario', 'show', ADD_TWO.name, '--la', '855', '--version', '1')).stdout)).toEqual(ADD_TWO);
      expect((await svc.planning.versions('855', ADD_TWO.name)).map((v) => v.version)).toEqual([2, 1]);

      const missing = await headroom('scenario', 'show', 'Nope', '--la', '855');
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('There is no scenario "Nope" for LA 855. Saved scenarios: "Two more in Assessment 1".');
    });

    it('rejects a scenario naming an unknown team or a negative FTE with exit 3, naming the field, and saves nothing', async () => {
      const unknownTeam = await headroom('scenario', 'run', file('t99.json', { name: 'Bad team', changes: [{ type: 'add_posts', team: 'T99', role: 'social_worker', fte: 1 }] }), '--la', '855', '--save');
      expect(unknownTeam.code).toBe(3);
      expect(unknownTeam.stderr).toContain('changes[0].team: there is no team "T99"');
      const negative = await headroom('scenario', 'save', file('neg.json', { name: 'Bad FTE', changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: -1 }] }), '--la', '855');
      expect(negative.code).toBe(3);
      expect(negative.stderr).toContain('changes[0].fte: must be more than 0 and at most 1 (got -1)');
      expect(negative.stderr).toContain('nothing was saved');
      expect(JSON.parse((await headroom('scenario', 'list', '--la', '855', '--format', 'json')).stdout)).toEqual({ la: '855', scenarios: [] });
      expect((await headroom('scenario', 'list', '--la', '855')).stdout).toBe('LA 855 has no saved scenarios. Save one with: headroom scenario save FILE.json --la 855');
    });

    it('prints each issue on its own line, and with --format json the error with its issues on stdout', async () => {
      const bad = file('two-bad.json', { name: 'Two bad', changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: -1 }, { type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: 2 }] });
      const text = await headroom('scenario', 'run', bad, '--la', '855');
      expect(text.code).toBe(3);
      expect(text.stderr.split('\n')).toEqual([
        'headroom: The scenario has 2 problems, so nothing was saved or worked out:',
        '- changes[0].fte: must be more than 0 and at most 1 (got -1)',
        '- changes[1].fte: must be more than 0 and at most 1 (got 2)',
      ]);
      const json = await headroom('scenario', 'run', bad, '--la', '855', '--format', 'json');
      expect(json.code).toBe(3);
      expect(JSON.parse(json.stdout)).toEqual({
        error: {
          code: 'input_rejected',
          message: 'The scenario has 2 problems, so nothing was saved or worked out:',
          issues: [
            { code: 'invalid', path: 'changes[0].fte', message: 'changes[0].fte: must be more than 0 and at most 1 (got -1)', reason: 'must be more than 0 and at most 1 (got -1)' },
            { code: 'invalid', path: 'changes[1].fte', message: 'changes[1].fte: must be more than 0 and at most 1 (got 2)', reason: 'must be more than 0 and at most 1 (got 2)' },
          ],
        },
      });
    });

    it('refuses a missing file, a file that is not JSON and an unknown LA (each exit 3), each in one line', async () => {
      const missing = await headroom('scenario', 'run', path.join(dir, 'nowhere.json'), '--la', '855');
      expect(missing.code).toBe(3);
      expect(missing.stderr).toBe(`headroom: ${path.join(dir, 'nowhere.json')}: no such file or folder. Nothing was saved.`);
      const notJson = await headroom('costs', 'set', file('broken.json', '{ "name": '), '--la', '855');
      expect(notJson.code).toBe(3);
      expect(notJson.stderr).toMatch(/^headroom: .*broken\.json is not valid JSON \(.*\)\. Nothing was saved\.$/);
      const unknownLa = await headroom('scenario', 'list', '--la', '999');
      expect(unknownLa.code).toBe(3);
      expect(unknownLa.stderr).toContain('There is no data for LA 999.');
      expect((await headroom('scenario', 'show', 'X', '--la', '855', '--version', 'two')).code).toBe(2);
      expect((await headroom('scenario', 'run', file('x.json', ADD_TWO), '--la', '855', '--format', 'csv')).code).toBe(2);
    });

    it('refuses a cost model without a grade for a role in post (exit 3, naming grades.team_manager) and keeps none', async () => {
      const { team_manager: _dropped, ...grades } = COST_MODEL.grades;
      const r = await headroom('costs', 'set', file('no-tm.json', { ...COST_MODEL, grades }), '--la', '855');
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('grades.team_manager: the cost model has no pay grade for team_manager');
      const shown = await headroom('costs', 'show', '--la', '855');
      expect(shown.stdout).toBe('LA 855 has no cost model. Set one with: headroom costs set FILE.json --la 855');
      expect((await headroom('costs', 'show', '--la', '855', '--format', 'json')).stdout).toBe('null');
    });

    it('costs set then scenario run shows the costs, in pounds and pence and as JSON pence', async () => {
      const f = file('costs.json', COST_MODEL);
      expect((await headroom('costs', 'set', f, '--la', '855')).stdout).toBe('Saved cost model "Pay 2023-24" for LA 855 as version 1.');
      expect((await headroom('costs', 'set', f, '--la', '855')).stdout).toBe('Cost model "Pay 2023-24" for LA 855 is unchanged: it is already version 1.');
      const show = await headroom('costs', 'show', '--la', '855');
      expect(show.stdout).toContain('Cost model "Pay 2023-24" for LA 855, version 1');
      expect(show.stdout).toMatch(/social worker\s+Grade 10\s+£42,000\.00/);
      const showJson = JSON.parse((await headroom('costs', 'show', '--la', '855', '--format', 'json')).stdout) as { version: number; model: unknown };
      expect(showJson.version).toBe(1);
      expect(showJson.model).toEqual(COST_MODEL);

      const direct = await svc.planning.run('855', ADD_TWO);
      const cost = direct.cost;
      if (!cost) throw new Error('expected costs');
      // Two permanent social workers: 2 × £42,000 × 1.3 = £109,200, less the 3% vacancy factor.
      expect(cost.total.pressurePence).toBe(10592400);
      const table = await headroom('scenario', 'run', file('add-two.json', ADD_TWO), '--la', '855');
      expect(table.stdout).toContain('Costs (cost model "Pay 2023-24", version 1; in-year to 31 March of 2023-24)');
      expect(table.stdout).toMatch(/Establishment today\s+£[\d,]+\.\d\d/);
      expect(table.stdout).toMatch(/Full-year pressure\s+£105,924\.00/);
      expect(table.stdout).toContain(`In-year pressure`);
      expect(table.stdout).toContain(formatPence(cost.total.inYearPence));
      expect(table.stdout).toMatch(/One-off payments \(2 new permanent posts\)\s+£6,000\.00/);

      const json = JSON.parse((await headroom('scenario', 'run', file('add-two.json', ADD_TWO), '--la', '855', '--format', 'json')).stdout) as ScenarioRunJson;
      expect(json.costModel).toEqual({ name: 'Pay 2023-24', version: 1 });
      expect(json.costs).toMatchObject({
        financialYear: '2023-24',
        establishment: { todayPence: cost.baseline.total.totalPence, scenarioPence: cost.scenario.total.totalPence },
        fullYearPressurePence: 10592400,
        inYearPressurePence: cost.total.inYearPence,
        oneOffPence: 600000,
        newPermanentPosts: 2,
        agencySpendAvoided: { conversions: 0, agencyPence: 0, permanentPence: 0, netSavingPence: 0 },
      });
      expect(json.costs?.teams.find((t) => t.teamId === 'T-ASS1')).toMatchObject({ fullYearPressurePence: 10592400, oneOffPence: 600000 });

      const convert = { name: 'Make the agency post permanent', changes: [{ type: 'convert_agency', workerIds: ['W2'] }] };
      const converted = JSON.parse((await headroom('scenario', 'run', file('convert.json', convert), '--la', '855', '--format', 'json')).stdout) as ScenarioRunJson;
      // £400 × 220 days avoided, against £42,000 × 1.3 as a permanent post.
      expect(converted.costs?.agencySpendAvoided).toEqual({ conversions: 1, agencyPence: 8800000, permanentPence: 5460000, netSavingPence: 3340000 });
    });

    it('shows cost errors when a scenario adds a role the cost model has no grade for', async () => {
      await headroom('costs', 'set', file('costs.json', COST_MODEL), '--la', '855');
      const fw = { name: 'A family worker', changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'family_worker', fte: 1 }] };
      const table = await headroom('scenario', 'run', file('fw.json', fw), '--la', '855');
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('Costs could not be worked out: the cost model "Pay 2023-24", version 1 lacks rates the posts need.');
      expect(table.stdout).toContain('grades.family_worker: the cost model has no pay grade for family_worker');
      const json = JSON.parse((await headroom('scenario', 'run', file('fw.json', fw), '--la', '855', '--format', 'json')).stdout) as ScenarioRunJson;
      expect(json.costs).toBeNull();
      expect(json.costErrors[0]?.field).toBe('grades.family_worker');
    });

    it('compares today with saved scenarios team by team', async () => {
      await headroom('scenario', 'save', file('a.json', ADD_TWO), '--la', '855');
      const other = { name: 'More demand', changes: [{ type: 'demand', team: 'T-ASS1', factor: 1.2 }] };
      await headroom('scenario', 'save', file('b.json', other), '--la', '855');
      const json = JSON.parse((await headroom('scenario', 'compare', ADD_TWO.name, 'More demand', '--la', '855', '--format', 'json')).stdout) as ScenarioCompareJson;
      expect(json.scenarios.map((s) => [s.name, s.version])).toEqual([
        [ADD_TWO.name, 1],
        ['More demand', 1],
      ]);
      const team = json.teams.find((t) => t.teamId === 'T-ASS1');
      expect(team?.today?.children).toBe(49);
      expect(team?.scenarios.map((s) => s?.children)).toEqual([49, 59]);
      expect(team?.scenarios[0]?.averagePerFte).toBe(11.5);
      const table = await headroom('scenario', 'compare', ADD_TWO.name, 'More demand', '--la', '855');
      expect(table.stdout).toContain('option 1: "Two more in Assessment 1" (version 1)');
      expect(table.stdout).toMatch(/^\s+option 2\s+59\s+2\s+27\.5\s+4\s+19\s+1$/m);
      const tooMany = await headroom('scenario', 'compare', 'a', 'b', 'c', 'd', '--la', '855');
      expect(tooMany.code).toBe(2);
    });

    it('report business-case writes Word, Excel and HTML with the scenario and its full-year pressure, and audits each export', async () => {
      await headroom('costs', 'set', file('costs.json', COST_MODEL), '--la', '855');
      const none = await headroom('report', 'business-case', '--la', '855', '--scenario', ADD_TWO.name, '--out', path.join(dir, 'none.html'));
      expect(none.code).toBe(3);
      expect(none.stderr).toContain(`There is no scenario "${ADD_TWO.name}" for LA 855.`);

      await headroom('scenario', 'save', file('a.json', ADD_TWO), '--la', '855');
      const pressure = formatPence(10592400);
      for (const ext of ['docx', 'xlsx', 'html'] as const) {
        const out = path.join(dir, `case.${ext}`);
        const r = await headroom('report', 'business-case', '--la', '855', '--scenario', ADD_TWO.name, '--out', out);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`Wrote the business case for "${ADD_TWO.name}" (version 1) for Testshire at ${SEED_DATE} to ${out}: full-year pressure ${pressure}`);
        const bytes = readFileSync(out);
        let text: string;
        if (ext === 'docx') text = wordText(unzipText(bytes)['word/document.xml'] ?? '');
        else if (ext === 'xlsx') {
          const wb = await loadWorkbook(bytes);
          const cells: string[] = [];
          wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(typeof cell.value === 'number' ? formatPence(Math.round(cell.value * 100)) : String(cell.text)))));
          text = cells.join('\n');
        } else text = bytes.toString('utf8');
        expect(text, ext).toContain(ADD_TWO.name);
        expect(text, ext).toContain(ext === 'xlsx' ? pressure : pressure.replace(/\.00$/, ''));
        // A document for Cabinet: no worker names.
        expect(text, ext).not.toContain('Alex Able');
      }
      const audit = await handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'export').execute();
      const details = audit.map((a) => a.detail as { command?: string; format?: string; scenario?: string; version?: number });
      expect(details.filter((d) => d.command === 'report business-case').map((d) => [d.format, d.scenario, d.version])).toEqual([
        ['docx', ADD_TWO.name, 1],
        ['xlsx', ADD_TWO.name, 1],
        ['html', ADD_TWO.name, 1],
      ]);
      expect((await headroom('report', 'business-case', '--la', '855', '--scenario', ADD_TWO.name, '--out', path.join(dir, 'case.pdf'))).code).toBe(2);
    });

    it('keeps --version for Headroom’s version before a command, and --debug after one', async () => {
      const v = await headroom('--version');
      expect(v.code).toBe(0);
      expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      expect((await headroom('scenario', 'list', '--la', '855', '--debug')).code).toBe(0);
    });
  });
}
