import { describe, expect, it } from 'vitest';
import { applyScenario } from './apply-scenario.ts';
import { parseCostModel } from './cost-model.ts';
import { agencySpendAvoided, establishmentCost, fullYearCost, partYearCost, scenarioCost } from './costs.ts';
import { formatPence } from './money.ts';
import { evaluateBaseline } from './plan-state.ts';
import { baseline, children, frozen, model, team, worker } from '../../../test/support/planning.fixtures.ts';

const sw = { role: 'social_worker' as const, fte: 1, asye: false, agency: false };

describe('cost of a post', () => {
  it('is salary plus on-costs, pro rata to FTE', () => {
    expect(fullYearCost(sw, model())).toEqual({ ok: true, value: 5_460_000 });
    // 42,000 × 1.3 × 0.6 = £32,760.
    expect(fullYearCost({ ...sw, fte: 0.6 }, model())).toEqual({ ok: true, value: 3_276_000 });
  });

  it('uses the ASYE grade for an ASYE when the model has one', () => {
    const withAsye = model({ asyeGrade: { grade: 'Grade 9, SCP 25', annualSalaryPence: 3_600_000 } });
    expect(fullYearCost({ ...sw, asye: true }, withAsye)).toEqual({ ok: true, value: 4_680_000 });
    expect(fullYearCost({ ...sw, asye: true }, model())).toEqual({ ok: true, value: 5_460_000 });
  });

  it('costs agency cover at a day rate × 220 working days, or the days the model gives', () => {
    // £400 × 220 = £88,000; no on-costs on an agency charge.
    expect(fullYearCost({ ...sw, agency: true }, model())).toEqual({ ok: true, value: 8_800_000 });
    const fewerDays = model({ agency: { basis: 'day_rate', dayRatePence: { social_worker: 40_000 }, workingDaysPerYear: 210 } });
    expect(fullYearCost({ ...sw, agency: true, fte: 0.5 }, fewerDays)).toEqual({ ok: true, value: 4_200_000 });
  });

  it('or at a premium over the permanent cost', () => {
    // 42,000 × 1.3 × 1.45 = £79,170.
    const premium = model({ agency: { basis: 'premium', premiumPercent: 45 } });
    expect(fullYearCost({ ...sw, agency: true }, premium)).toEqual({ ok: true, value: 7_917_000 });
  });

  it('rounds half up to whole pence once, at the end', () => {
    // 1 × 1.125 × 0.0001... : salary 1p, on-costs 12.5%, FTE 0.4 → 0.45p → 0; FTE 1 → 1.125p → 1;
    // salary 2p, on-costs 25%, FTE 1 → 2.5p → 3.
    const tiny = (salary: number, onCosts: number) => model({ grades: { social_worker: { annualSalaryPence: salary } }, onCostsPercent: onCosts });
    expect(fullYearCost({ ...sw, fte: 0.4 }, tiny(1, 12.5))).toEqual({ ok: true, value: 0 });
    expect(fullYearCost(sw, tiny(1, 12.5))).toEqual({ ok: true, value: 1 });
    expect(fullYearCost(sw, tiny(2, 25))).toEqual({ ok: true, value: 3 });
  });

  it('part-year runs from the start date to 31 March, both days counted, over the days in that financial year', () => {
    // 1 October 2025 to 31 March 2026 is 182 of 365 days: 5,460,000 × 182 ÷ 365 = 2,722,520.55.
    expect(partYearCost(sw, model(), '2025-10-01')).toEqual({ ok: true, value: 2_722_521 });
    expect(partYearCost(sw, model(), '2025-04-01')).toEqual({ ok: true, value: 5_460_000 });
    expect(partYearCost(sw, model(), '2026-03-31')).toEqual({ ok: true, value: 14_959 });
    // 2027-28 has 29 February 2028: 1 March 2028 to 31 March is 31 of 366 days.
    expect(partYearCost(sw, model(), '2028-03-01')).toEqual({ ok: true, value: 462_459 });
  });
});

describe('a cost model missing a rate', () => {
  it('names the role with no grade, and computes nothing', () => {
    const result = fullYearCost({ ...sw, role: 'iro' }, model());
    expect(result).toEqual({ ok: false, errors: [{ code: 'required', path: 'grades.iro', message: 'grades.iro: the cost model has no pay grade for iro, needed for 1 post', reason: 'the cost model has no pay grade for iro, needed for 1 post' }] });
  });

  it('names every missing grade and day rate in an establishment', () => {
    const state = evaluateBaseline(
      baseline(
        [team('T1', null)],
        [worker('A', 'T1', { role: 'iro' }), worker('B', 'T1', { role: 'iro' }), worker('C', 'T1', { role: 'personal_adviser', agency: true }), worker('D', 'T1')],
        [],
      ),
    );
    const result = establishmentCost(state, model());
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      'grades.iro: the cost model has no pay grade for iro, needed for 2 posts',
      'agency.dayRatePence.personal_adviser: the cost model has no agency day rate for personal_adviser, needed for 1 agency post',
    ]);
    const noAgency = parseCostModel({ grades: { social_worker: { annualSalaryPence: 1 } }, onCostsPercent: 0 });
    if (!noAgency.ok) throw new Error('model');
    const agencyOnly = evaluateBaseline(baseline([team('T1', null)], [worker('C', 'T1', { agency: true })], []));
    const missing = establishmentCost(agencyOnly, noAgency.value);
    expect(missing.ok ? [] : missing.errors.map((e) => e.message)).toEqual(['agency: the cost model has no agency rates, needed for 1 agency post']);
  });

  it('refuses a model for another local authority', () => {
    const state = evaluateBaseline(baseline([team('T1', null)], [worker('A', 'T1')], []));
    const result = establishmentCost(state, model({ laCode: '330' }));
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(['laCode: the cost model is for local authority 330, not 855']);
  });
});

describe('parseCostModel', () => {
  it('names bad fields', () => {
    const parsed = parseCostModel({
      grades: { social_worker: { annualSalaryPence: 4_200_000.5 }, wizard: { annualSalaryPence: 1 } },
      onCostsPercent: 30.123,
      agency: { basis: 'day_rate', dayRatePence: { social_worker: -1 } },
      vacancyFactorPercent: 100,
    });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toEqual([
      'grades.social_worker.annualSalaryPence: must be a whole number of pence (no fractions: £1,234.56 is 123456)',
      'grades.wizard: is not a role (expected one of social_worker, senior_practitioner, advanced_practitioner, team_manager, practice_manager, service_manager, head_of_service, iro, personal_adviser, family_worker, student)',
      'onCostsPercent: must have at most two decimal places',
      'agency.dayRatePence.social_worker: must be 0 or more',
      'vacancyFactorPercent: must be below 100',
    ]);
  });

  it('fills defaults', () => {
    const parsed = parseCostModel('{"grades":{"social_worker":{"annualSalaryPence":4200000}},"onCostsPercent":29.5,"agency":{"basis":"day_rate","dayRatePence":{}}}');
    expect(parsed).toMatchObject({
      ok: true,
      value: { name: 'Cost model', laCode: null, asyeGrade: null, agency: { workingDaysPerYear: 220 }, recruitment: { incentivePence: 0, retentionPence: 0 }, vacancyFactorPercent: 0 },
    });
  });
});

describe('converting agency posts', () => {
  const before = frozen(
    baseline(
      [team('T1', null)],
      [worker('A', 'T1', { agency: true }), worker('B', 'T1', { agency: true, fte: 0.5 }), worker('C', 'T1')],
      [...children('a', 18, 'A', 'T1'), ...children('b', 9, 'B', 'T1')],
    ),
  );
  const result = applyScenario(before, { name: 'Convert', asOf: '2026-01-01', changes: [{ type: 'convert_agency', team: 'T1' }] });

  it('reports the agency spend avoided and the net saving', () => {
    const avoided = agencySpendAvoided(evaluateBaseline(before), result, model());
    if (!avoided.ok) throw new Error(JSON.stringify(avoided.errors));
    // A: £88,000 agency against £54,600 permanent; B at 0.5 FTE: £44,000 against £27,300.
    expect(avoided.value.total).toEqual({ conversions: 2, agencyPence: 13_200_000, permanentPence: 8_190_000, netSavingPence: 5_010_000 });
  });

  it('counts the conversions as new permanent posts, saving in year from the scenario date', () => {
    const cost = scenarioCost(evaluateBaseline(before), result, model());
    if (!cost.ok) throw new Error(JSON.stringify(cost.errors));
    expect(cost.value.total).toMatchObject({ pressurePence: -5_010_000, newPermanentPosts: 2, oneOffPence: 600_000 });
    // 1 January to 31 March 2026 is 90 of 365 days; each post's part rounded on its own:
    // A 5,460,000 × 90/365 = 1,346,301.37 → 1,346,301 and 8,800,000 × 90/365 = 2,169,863.01 → 2,169,863;
    // B 2,730,000 × 90/365 = 673,150.68 → 673,151 and 4,400,000 × 90/365 = 1,084,931.51 → 1,084,932.
    expect(cost.value.total.inYearPence).toBe(1_346_301 - 2_169_863 + 673_151 - 1_084_932);
    expect(cost.value.financialYear).toBe('2025-26');
  });

  it('writes pence as pounds for messages', () => {
    expect(formatPence(5_010_000)).toBe('£50,100.00');
    expect(formatPence(-1_234_567)).toBe('-£12,345.67');
  });
});

describe('a scenario costed with a model missing a grade', () => {
  it('names the role once per post, across baseline and scenario, and computes nothing', () => {
    const before = frozen(baseline([team('T1', null)], [worker('A', 'T1'), worker('F', 'T1', { role: 'family_worker' })], []));
    const result = applyScenario(before, { name: 'More family workers', changes: [{ type: 'add_posts', team: 'T1', role: 'family_worker', fte: 1 }] });
    const cost = scenarioCost(evaluateBaseline(before), result, model({ grades: { social_worker: { annualSalaryPence: 4_200_000 } } }));
    expect(cost).toEqual({
      ok: false,
      errors: [{ code: 'required', path: 'grades.family_worker', message: 'grades.family_worker: the cost model has no pay grade for family_worker, needed for 2 posts', reason: 'the cost model has no pay grade for family_worker, needed for 2 posts' }],
    });
  });
});
