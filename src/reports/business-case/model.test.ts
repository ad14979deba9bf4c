import { describe, expect, it } from 'vitest';
import { applyScenario } from '../../domain/planning/apply-scenario.ts';
import { formatPence } from '../../domain/planning/money.ts';
import { cellText, type BusinessCaseCell } from './format.ts';
import { ALL_CHILD_IDS, ALL_WORKER_IDS, buildExample, REPLACE_SCENARIO, tableOf, WORKERS } from '../../../test/support/business-case.fixtures.ts';
import { buildBusinessCase } from './model.ts';

const texts = (row: BusinessCaseCell[] | undefined) => (row ?? []).map(cellText);

describe('buildBusinessCase on the worked example of docs/scenarios.md', () => {
  const { report, cost } = buildExample();

  it('has the eight sections in order', () => {
    expect(report.sections.map((s) => [s.number, s.title])).toEqual([
      [1, 'Summary'],
      [2, 'The pressure'],
      [3, 'The proposal'],
      [4, 'The effect'],
      [5, 'Posts needed'],
      [6, 'The costs'],
      [7, 'Risks of not investing'],
      [8, 'Notes and assumptions'],
    ]);
    expect(report).toMatchObject({ title: 'Business case: Split the assessment team', laName: 'Goldshire', marking: 'Official – Sensitive', generatedOn: '2025-10-06' });
  });

  it('gives summary totals equal to scenarioCost, with the figures worked by hand in the docs', () => {
    const s = report.summary;
    expect(s.fullYearPence).toBe(cost.total.pressurePence);
    expect(s.partYearPence).toBe(cost.total.inYearPence);
    expect(s.oneOffPence).toBe(cost.total.oneOffPence);
    expect(s.establishmentPence).toEqual({ today: cost.total.baselinePence, withProposal: cost.total.scenarioPence });
    expect(s.agencySpendAvoidedPence).toBe(cost.agency.total.agencyPence);
    expect([s.establishmentPence.today, s.establishmentPence.withProposal, s.fullYearPence, s.partYearPence, s.oneOffPence, s.thisYearPence, s.agencySpendAvoidedPence, s.agencyNetSavingPence].map(formatPence)).toEqual([
      '£820,641.00',
      '£1,165,164.00',
      '£344,523.00',
      '£101,730.51',
      '£24,000.00',
      '£125,730.51',
      '£88,000.00',
      '£33,400.00',
    ]);
    expect(s.partYearPence).toBeLessThanOrEqual(s.fullYearPence);
    expect(s).toMatchObject({
      financialYear: '2025-26',
      casesOverCapacity: { today: 20, withProposal: 12 },
      workersOverMax: 10,
      workersOverMaxIfSharedEvenly: { today: 10, withProposal: 7 },
      newPosts: { posts: 7, fte: 7 },
      agencyPostsMadePermanent: 1,
      postsRemoved: 0,
    });
    const figures = tableOf(report, 'summary-figures').rows.map(texts);
    expect(figures).toContainEqual(['Full-year cost (budget pressure)', '£344,523.00']);
    expect(figures).toContainEqual(['Part-year cost 2025-26', '£101,730.51']);
    expect(figures).toContainEqual(['Gross agency cost avoided (full year)', '£88,000.00']);
  });

  it('shows the pressure by team against the standard and the monthly trend', () => {
    const byTeam = tableOf(report, 'pressure-by-team');
    // The DfE average: 210 children held ÷ 10 FTE; the 10 unallocated beside it.
    expect(byTeam.rows.map(texts)).toEqual([['Assessment team 1', '10.0', '220', '21.0', '10', '200', '10', '20']]);
    expect(texts(byTeam.totals[0])).toEqual(['Total', '10.0', '220', '21.0', '10', '200', '10', '20']);
    const trend = tableOf(report, 'pressure-trend');
    expect(trend.rows).toHaveLength(12);
    expect(texts(trend.rows[0])).toEqual(['October 2024', '115', '10.0', '10.5', '10', '0']);
    expect(texts(trend.rows[11])).toEqual(['September 2025', '220', '10.0', '21.0', '10', '20']);
  });

  it('lists the proposal by team and role, with what each change did', () => {
    const proposal = report.sections.find((s) => s.id === 'proposal');
    expect(proposal?.bullets).toEqual([
      'Made 1 agency post permanent',
      'Split team T1: new team T2 "Assessment team 2" with 3 workers moved, 2 managers (2 new posts) and 5 of 10 unallocated children',
      'Added 4 social worker posts of 1 FTE to team T2',
      'Added 1 family worker post of 1 FTE to team T2',
    ]);
    const posts = tableOf(report, 'proposal-new-posts');
    expect(posts.rows.map(texts)).toEqual([
      ['Assessment team 2', 'Team manager', '1', '1.0', 'Permanent', 'No', 'No', '1 November 2025', '£71,500.00', '£29,579.45'],
      ['Assessment team 2', 'Practice manager', '1', '1.0', 'Permanent', 'No', 'No', '1 November 2025', '£62,400.00', '£25,814.79'],
      ['Assessment team 2', 'Social worker', '4', '4.0', 'Permanent', 'No', 'No', '5 January 2026', '£218,400.00', '£51,458.64'],
      ['Assessment team 2', 'Family worker', '1', '1.0', 'Permanent', 'No', 'No', '1 November 2025', '£39,000.00', '£16,134.25'],
    ]);
    // £391,300 is the seven new posts' cost before the vacancy factor, as in the worked example.
    expect(texts(posts.totals[0])).toEqual(['Total new posts', '', '7', '7.0', '', '', '', '', '£391,300.00', '£122,987.13']);
    expect(tableOf(report, 'proposal-other-changes').rows.map(texts)).toEqual([['Assessment team 2', 'Social worker', '1.0', 'Agency post made permanent', '30 September 2025']]);
  });

  it('shows the effect team by team and after sharing children evenly', () => {
    const effect = tableOf(report, 'effect-by-team');
    expect(effect.rows.map(texts)).toEqual([
      ['Assessment team 1', '220', '152', '10.0', '7.0', '21.0', '21.0', '10', '5', '20', '12', '10', '7'],
      ['Assessment team 2', '', '68', '', '7.0', '', '9.0', '', '5', '', '0', '', '0'],
    ]);
    expect(texts(effect.totals[0])).toEqual(['Total', '220', '220', '10.0', '14.0', '21.0', '15.0', '10', '10', '20', '12', '10', '7']);
  });

  it('gives posts needed to the maximum and the midpoint, and spans of control', () => {
    const needed = tableOf(report, 'posts-needed-by-team');
    expect(texts(needed.totals[0])).toEqual(['Total', '1.0', '1.6', '0', '0.6', '1.0', '1', '1', '', '0']);
    const spans = tableOf(report, 'posts-needed-spans').rows.map(texts);
    expect(spans).toContainEqual(['Assessment team 1', 'Today', 'Team manager', '12', 'Above the range']);
    expect(spans).toContainEqual(['Assessment team 2', 'With the proposal', 'Team manager', '9', 'Within the range']);
  });

  it('gives costs per team whose rows add up to the total, which is scenarioCost’s', () => {
    const costs = tableOf(report, 'costs-by-team');
    expect(costs.rows.map(texts)).toEqual([
      ['North locality', '£88,270.00', '£88,270.00', '£0.00', '£0.00', '£0.00', '£0.00'],
      ['Assessment team 1', '£732,371.00', '£538,447.00', '-£193,924.00', '-£97,227.64', '£0.00', '£0.00'],
      ['Assessment team 2', '£0.00', '£538,447.00', '£538,447.00', '£198,958.15', '£24,000.00', '£88,000.00'],
    ]);
    expect(texts(costs.totals[0])).toEqual(['Total', '£820,641.00', '£1,165,164.00', '£344,523.00', '£101,730.51', '£24,000.00', '£88,000.00']);
    for (let column = 1; column < costs.columns.length; column++) {
      const pence = (cell: BusinessCaseCell | undefined) => (cell?.kind === 'money' ? cell.pence : Number.NaN);
      const sum = costs.rows.reduce((acc, row) => acc + pence(row[column]), 0);
      expect(sum, costs.columns[column]?.heading).toBe(pence(costs.totals[0]?.[column]));
    }
    const makeUp = tableOf(report, 'costs-establishment');
    expect(makeUp.rows.map(texts)).toContainEqual(['Assessment team 1', 'Today', '13', '13.0', '£664,300.00', '£88,000.00', '-£19,929.00', '£732,371.00']);
    expect(tableOf(report, 'costs-agency').totals.map(texts)).toEqual([['Total', '', '1.0', '£88,000.00', '£54,600.00', '£33,400.00']]);
  });

  it('drafts the risks from the figures, worded for the service to edit', () => {
    const risks = report.sections.find((s) => s.id === 'risks');
    expect(report.risksDraft).toBe(true);
    expect(risks?.paragraphs[0]).toMatch(/^Draft for the service to edit/);
    const text = risks?.paragraphs.join('\n') ?? '';
    expect(text).toContain('10 of 10 case-holding workers held more children than the maximum');
    expect(text).toContain('1 agency post in post today, costing £88,000.00 a year');
    expect(text).toContain('Ofsted');
    expect(text).toContain('leaving');
    expect(text).toContain('1 manager supervises more than 10 people today');
  });

  it('uses the service’s own risks when given, word for word', () => {
    const own = ['If we do not invest, caseloads will stay above 20.', 'Two team managers have already left this year.'];
    const { report: withOwn } = buildExample({ risks: own });
    expect(withOwn.risksDraft).toBe(false);
    expect(withOwn.sections.find((s) => s.id === 'risks')?.paragraphs).toEqual(own);
  });

  it('states the assumptions: standard, on-costs, vacancy factor, agency rates, working days and year end', () => {
    const notes = report.sections.find((s) => s.id === 'notes')?.bullets.join('\n') ?? '';
    for (const part of ['local-18-20', '30% of salary', 'Vacancy factor 3%', 'social worker £400.00 a day', '220 working days', '31 March 2026', '365 days', 'planning assumption']) {
      expect(notes).toContain(part);
    }
    expect(tableOf(report, 'notes-grades').rows.map(texts)).toContainEqual(['Social worker', 'Grade 10, SCP 30', '£42,000.00']);
  });

  it('leaves the trend out when there is none', () => {
    const { report: noTrend } = buildExample({ trend: false });
    expect(noTrend.sections.flatMap((s) => s.tables).map((t) => t.id)).not.toContain('pressure-trend');
  });

  it('refuses a rejected scenario', () => {
    const { input } = buildExample();
    const rejected = applyScenario(input.baseline.inputs, { name: 'Bad', changes: [{ type: 'add_posts', team: 'T99', role: 'social_worker', fte: 1 }] });
    expect(() => buildBusinessCase({ ...input, result: rejected })).toThrow(RangeError);
  });
});

describe('names in the business case', () => {
  const tokens = (ids: readonly string[]) => new RegExp(`(?<![\\w-])(${ids.map((id) => id.replace(/[-]/g, '\\-')).join('|')})(?![\\w-])`);
  const names = WORKERS.map((w) => w.name);

  it('names no worker and no child without withNames, even for a post removed by id', () => {
    for (const scenario of [undefined, REPLACE_SCENARIO]) {
      const { report } = buildExample({ scenario, withNames: false });
      const json = JSON.stringify(report);
      expect(json).not.toMatch(tokens(ALL_WORKER_IDS));
      expect(json).not.toMatch(tokens(ALL_CHILD_IDS));
      for (const name of names) expect(json).not.toContain(name);
      expect(json).not.toContain('NEW-');
    }
    const { report } = buildExample({ scenario: REPLACE_SCENARIO, withNames: false });
    expect(report.sections.find((s) => s.id === 'proposal')?.bullets).toEqual(['Removed 1 social worker post from team T1', 'Added 2 social worker posts of 1 FTE to team T1']);
    expect(tableOf(report, 'proposal-other-changes').rows.map(texts)).toEqual([['Assessment team 1', 'Social worker', '1.0', 'Agency post removed', '30 September 2025']]);
  });

  it('names managers and changed posts with withNames', () => {
    const { report } = buildExample({ scenario: REPLACE_SCENARIO, withNames: true });
    expect(tableOf(report, 'posts-needed-spans').rows.map(texts)).toContainEqual(['Assessment team 1', 'Today', 'Team manager: Worker TM1 (TM1)', '12', 'Above the range']);
    expect(report.sections.find((s) => s.id === 'proposal')?.bullets[0]).toBe('Removed SW10 (1 social worker post) from team T1');
    expect(tableOf(report, 'proposal-other-changes').rows.map(texts)[0]?.[1]).toBe('Social worker: Worker SW10 (SW10)');
  });
});
