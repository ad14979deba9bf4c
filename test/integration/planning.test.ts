import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listAudit } from '../../src/db/audit.repository.ts';
import type { Issue } from '../../src/domain/issue.ts';
import { isAppError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { buildBusinessCase, renderBusinessCase } from '../../src/reports/business-case/index.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';

const BY = { actor: 'analyst-1', actorRole: 'analyst' };

const COSTS = {
  name: 'Testshire pay 2023-24',
  grades: {
    social_worker: { grade: 'Grade 10', annualSalaryPence: 4_200_000 },
    team_manager: { grade: 'Grade 13', annualSalaryPence: 5_500_000 },
  },
  onCostsPercent: 30,
  agency: { basis: 'day_rate', dayRatePence: { social_worker: 40_000 } },
};

const TWO_MORE = {
  name: 'Two more in Assessment 1',
  description: 'Two permanent social workers',
  asOf: SEED_DATE,
  changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: 1, count: 2 }],
};

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; issues: readonly Issue[] }> {
  try {
    await promise;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message, issues: err.issues };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe.each(testDrivers())('planning storage and runs on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2026-11-22T10:00:00Z'), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    await truncateAll(handle.db);
    await seedSmallCouncil(handle.db);
  });

  it('refuses a cost model without a grade for a role in post, naming the role, and saves nothing', async () => {
    const { grades, ...rest } = COSTS;
    const err = await rejection(s.planning.setCostModel('855', { ...rest, grades: { social_worker: grades.social_worker } }, BY));
    expect(err.code).toBe('input_rejected');
    expect(err.issues).toEqual([expect.objectContaining({ code: 'required', path: 'grades.team_manager' })]);
    expect(await s.planning.costModel('855')).toBeNull();
  });

  it('refuses a cost model written for another LA', async () => {
    const err = await rejection(s.planning.setCostModel('855', { ...COSTS, laCode: '999' }, BY));
    expect(err.issues).toEqual([expect.objectContaining({ code: 'conflict', path: 'laCode', message: expect.stringMatching(/^laCode: the cost model is for LA 999/) })]);
    expect(await s.planning.costModel('855')).toBeNull();
  });

  it('stores cost models as versions, and an identical save adds none', async () => {
    expect((await s.planning.setCostModel('855', COSTS, BY)).version).toBe(1);
    expect((await s.planning.setCostModel('855', COSTS, BY)).version).toBe(1);
    const v2 = await s.planning.setCostModel('855', { ...COSTS, onCostsPercent: 31 }, BY);
    expect(v2.version).toBe(2);
    expect((await s.planning.costModel('855'))?.model.onCostsPercent).toBe(31);
    const audit = await listAudit(handle.db, {});
    expect(audit.filter((a) => a.action === 'settings_changed').map((a) => a.detail)).toEqual([
      { what: 'cost model', name: COSTS.name, version: 1 },
      { what: 'cost model', name: COSTS.name, version: 2 },
    ]);
  });

  it('refuses a scenario naming an unknown team or a negative FTE, naming the field, and saves nothing', async () => {
    const unknown = await rejection(s.planning.saveScenario('855', { ...TWO_MORE, changes: [{ ...TWO_MORE.changes[0], team: 'T-NOPE' }] }, BY));
    expect(unknown.code).toBe('input_rejected');
    expect(unknown.message).toBe('The scenario "Two more in Assessment 1" has a problem, so nothing was saved or worked out:');
    expect(unknown.issues).toEqual([{ code: 'not_found', path: 'changes[0].team', message: 'changes[0].team: there is no team "T-NOPE"', reason: 'there is no team "T-NOPE"' }]);
    const negative = await rejection(s.planning.saveScenario('855', { ...TWO_MORE, changes: [{ ...TWO_MORE.changes[0], fte: -1 }] }, BY));
    expect(negative.issues.map((i) => [i.code, i.path])).toEqual([['invalid', 'changes[0].fte']]);
    const unnamed = await rejection(s.planning.saveScenario('855', { changes: [{ type: 'add_posts', role: 'social_worker', fte: 1 }] }, BY));
    expect(unnamed.issues.map((i) => [i.code, i.path])).toEqual([
      ['required', 'name'],
      ['required', 'changes[0].team'],
    ]);
    expect(await s.planning.scenarios('855')).toEqual([]);
  });

  it('refuses a caseload standard with each issue and its field path, and saves nothing', async () => {
    const bad = { name: 'Ours', roles: { social_worker: { min: 10, max: -1 }, wizard: { min: 1, max: 2 } }, asye: { min: 5, max: 15 } };
    const err = await rejection(s.standards.useCustom('855', bad, 'ours.json'));
    expect(err.code).toBe('input_rejected');
    expect(err.message).toBe('ours.json has 2 problems, so it is not a valid caseload standard and nothing was saved:');
    expect(err.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid', 'roles.social_worker.max'],
      ['unknown_field', 'roles.wizard'],
    ]);
    expect((await s.standards.active('855')).name).toBe('local-18-20');
  });

  it('versions a scenario only when its content changes, and keeps every version', async () => {
    const first = await s.planning.saveScenario('855', TWO_MORE, BY);
    expect([first.saved.version, first.unchanged]).toEqual([1, false]);
    const again = await s.planning.saveScenario('855', TWO_MORE, BY);
    expect([again.saved.version, again.unchanged]).toEqual([1, true]);
    const changed = await s.planning.saveScenario('855', { ...TWO_MORE, changes: [{ ...TWO_MORE.changes[0], count: 3 }] }, BY, { risks: ['Assessments will drift.', '  '] });
    expect(changed.saved.version).toBe(2);
    expect(changed.saved.risks).toEqual(['Assessments will drift.']);
    expect((await s.planning.scenarios('855')).map((x) => [x.name, x.version])).toEqual([[TWO_MORE.name, 2]]);
    expect((await s.planning.scenario('855', TWO_MORE.name, 1)).scenario.changes[0]).toMatchObject({ count: 2 });
    expect((await s.planning.versions('855', TWO_MORE.name)).map((v) => v.version)).toEqual([2, 1]);
    const missing = await rejection(s.planning.scenario('855', 'Nothing like it'));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain(`"${TWO_MORE.name}"`);
  });

  it('runs a scenario on the live data: caseloads after, posts needed and the cost against the stored model', async () => {
    await s.planning.setCostModel('855', COSTS, BY);
    const run = await s.planning.run('855', TWO_MORE);
    expect(run.asOf).toBe(SEED_DATE);
    const team = run.comparison.teams.find((t) => t.teamId === 'T-ASS1')!;
    expect(team.baseline).toMatchObject({ children: 49, caseHoldingFte: 2, averagePerFte: 23, unallocated: 3 });
    expect(team.options[0]).toMatchObject({ children: 49, caseHoldingFte: 4 });
    expect(team.options[0]!.averagePerFte!).toBeLessThan(team.baseline!.averagePerFte!);
    expect(run.postsNeeded.scenario.total.postsToMax).toBeLessThanOrEqual(run.postsNeeded.baseline.total.postsToMax);
    // Today: team manager 55,000 and one social worker 42,000 with 30% on-costs, an agency social
    // worker at £400 a day for 220 days, and in CIN North 1.5 FTE of social workers.
    expect(run.cost?.baseline.total.totalPence).toBe(7_150_000 + 5_460_000 + 8_800_000 + 2_730_000 + 5_460_000);
    expect(run.cost?.total.pressurePence).toBe(2 * 5_460_000);
    expect(run.cost?.total.newPermanentPosts).toBe(2);
    expect(run.costErrors).toEqual([]);
  });

  it('runs without costs when no cost model is set, and says why when the model lacks a rate', async () => {
    expect((await s.planning.run('855', TWO_MORE)).cost).toBeNull();
    await s.planning.setCostModel('855', COSTS, BY);
    const run = await s.planning.run('855', { ...TWO_MORE, changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'family_worker', fte: 1 }] });
    expect(run.cost).toBeNull();
    expect(run.costErrors.map((e) => e.path)).toEqual(['grades.family_worker']);
  });

  it('compares up to three saved scenarios at one date', async () => {
    await s.planning.saveScenario('855', TWO_MORE, BY);
    await s.planning.saveScenario('855', { ...TWO_MORE, name: 'One more', changes: [{ ...TWO_MORE.changes[0], count: 1 }] }, BY);
    const compared = await s.planning.compare('855', [TWO_MORE.name, 'One more']);
    expect(compared.comparison.options).toEqual([TWO_MORE.name, 'One more']);
    const team = compared.comparison.teams.find((t) => t.teamId === 'T-ASS1')!;
    expect(team.options.map((o) => o?.caseHoldingFte)).toEqual([4, 3]);
    const tooMany = await rejection(s.planning.compare('855', ['a', 'b', 'c', 'd']));
    expect(tooMany.code).toBe('bad_usage');
  });

  it('gives the business case its inputs and they render, with no worker names', async () => {
    await s.planning.saveScenario('855', TWO_MORE, BY, { risks: ['Without these posts the team stays over the standard.'] });
    const uncosted = await rejection(s.planning.businessCase('855', TWO_MORE.name, { withNames: false }));
    expect(uncosted.message).toContain('headroom costs set');
    await s.planning.setCostModel('855', COSTS, BY);
    const input = await s.planning.businessCase('855', TWO_MORE.name, { withNames: false });
    expect(input.la).toEqual({ code: '855', name: 'Testshire' });
    expect(input.scenario).toEqual({ name: TWO_MORE.name, description: TWO_MORE.description, version: 1 });
    expect(input.trend?.dates.length).toBeGreaterThan(0);
    const html = (await renderBusinessCase(buildBusinessCase(input), 'html')).toString('utf8');
    expect(html).toContain(TWO_MORE.name);
    expect(html).toContain('Without these posts the team stays over the standard.');
    expect(html).toContain('£109,200.00');
    expect(html).not.toContain('Alex Able');
  });
});
