import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../calendar/periods.ts';
import { emptyFlowData } from './events.ts';
import { computeKpis } from './indicators.ts';
import { careLeaversFromOc3, cinCensusFlow, missingFromReturn, periodsOfCare, type ReturnEpisode } from './returns.ts';

const year = parsePeriod('2020-21');
const e = (childId: string, startDate: string, endDate: string | null, reasonNewEpisode = 'S', legalStatus = 'C2'): ReturnEpisode => ({ childId, startDate, endDate, reasonNewEpisode, legalStatus });

function kpis(data: Parameters<typeof computeKpis>[0]) {
  const all = computeKpis(data, year);
  return (id: string) => all.find((k) => k.id === id);
}

describe('periods of care from SSDA903 episodes', () => {
  it('chains contiguous episodes, starts a new period at RNE S or a gap, and leaves out short breaks', () => {
    const periods = periodsOfCare([
      e('A', '2018-01-01', '2019-01-01'),
      e('A', '2019-01-01', '2019-06-01', 'L', 'C1'),
      e('A', '2019-06-01', null, 'P', 'C1'),
      e('B', '2020-01-01', '2020-02-01'),
      e('B', '2020-02-01', null, 'S'),
      e('C', '2020-05-01', null, 'S', 'V3'),
    ]);
    expect(periods.map((p) => [p.childId, p.startDate, p.endDate, p.placements?.length])).toEqual([
      ['A', '2018-01-01', null, 2],
      ['B', '2020-01-01', '2020-02-01', 1],
      ['B', '2020-02-01', null, 1],
    ]);
  });
});

describe('indicators from the returns', () => {
  it('long-term stability: under 16, looked after 2.5 years or more, same placement 2 years or more', () => {
    const dob = new Map([
      ['S1', '2010-01-01'],
      ['S2', '2010-01-01'],
      ['S3', '2004-06-01'],
      ['S4', '2010-01-01'],
    ]);
    const claEpisodes = periodsOfCare(
      [
        e('S1', '2017-01-01', null),
        e('S2', '2017-01-01', '2020-01-01'),
        e('S2', '2020-01-01', null, 'P'),
        e('S3', '2017-01-01', null),
        e('S4', '2019-01-01', null),
      ],
      { dateOfBirth: dob },
    );
    const k = kpis({ ...emptyFlowData(), claEpisodes })('cla_long_term_stability');
    expect(k).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
  });

  it('3 or more social workers in the year, and UASC at 31 March', () => {
    const sw = (id: string, start: string, end: string | null) => ({ workerId: id, startDate: start, endDate: end });
    const claEpisodes = periodsOfCare([e('W1', '2019-01-01', null), e('W2', '2019-01-01', null)], {
      uasc: new Set(['W2']),
      socialWorkers: new Map([
        ['W1', [sw('X', '2019-01-01', '2020-06-01'), sw('Y', '2020-06-01', '2020-09-01'), sw('Z', '2020-09-01', null)]],
        ['W2', [sw('X', '2019-01-01', '2020-03-01'), sw('Y', '2020-03-01', '2020-05-01'), sw('Z', '2020-05-01', null)]],
      ]),
    });
    const k = kpis({ ...emptyFlowData(), claEpisodes });
    expect(k('cla_3plus_social_workers')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(k('cla_uasc_at_end')?.value).toBe(1);
  });

  it('missing: children looked after in the year with an M episode in it; A is not counted', () => {
    const claEpisodes = periodsOfCare([e('M1', '2019-01-01', null), e('M2', '2019-01-01', null), e('M3', '2019-01-01', '2020-01-01')]);
    const missingEpisodes = missingFromReturn([
      { childId: 'M1', startDate: '2020-07-01', code: 'M' },
      { childId: 'M2', startDate: '2020-07-01', code: 'A' },
      { childId: 'M3', startDate: '2019-07-01', code: 'M' },
    ]);
    expect(kpis({ ...emptyFlowData(), claEpisodes, missingEpisodes })('cla_missing')).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('plans at 31 March by length fall in the D5 bands at their edges', () => {
    const plan = (childId: string, startDate: string) => ({ childId, startDate, endDate: null, previousPlans: 0 });
    const cpPlans = [plan('a', '2020-12-31'), plan('b', '2020-12-30'), plan('c', '2020-09-30'), plan('d', '2020-03-31'), plan('e', '2019-04-01'), plan('f', '2019-03-31')];
    const k = kpis({ ...emptyFlowData(), cpPlans });
    expect(['cp_open_3m_or_less', 'cp_open_3m_to_6m', 'cp_open_6m_to_1y', 'cp_open_1y_to_2y', 'cp_open_2y_or_more'].map((id) => k(id)?.value)).toEqual([1, 2, 0, 2, 1]);
  });

  it('care leavers by age on their birthday in the year, suitable from ACCOM ending 1, EET from ACTIV F or P', () => {
    const careLeavers = careLeaversFromOc3([
      { childId: 'L1', dateOfBirth: '2003-02-01', accom: 'B1', activ: 'F1' },
      { childId: 'L2', dateOfBirth: '2002-05-01', accom: 'B2', activ: 'G4' },
      { childId: 'L3', dateOfBirth: '2000-05-01', accom: 'C1', activ: 'P2' },
    ]);
    const k = kpis({ ...emptyFlowData(), careLeavers });
    expect(k('care_leavers_17_18_suitable_accommodation')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(k('care_leavers_17_18_eet')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(k('care_leavers_19_21_eet')).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('census modules: a conference resulted in a plan when a plan starts that day; ICPCnotRequired means no conference needed', () => {
    const flow = cinCensusFlow([
      { family: 's47', childId: 'A', referralDate: '2020-05-01', startDate: '2020-05-02', endDate: null, nfa: null, icpcDate: '2020-05-20', icpcNotRequired: false, previousPlans: null },
      { family: 'cp_plan', childId: 'A', referralDate: '2020-05-01', startDate: '2020-05-20', endDate: null, nfa: null, icpcDate: null, icpcNotRequired: null, previousPlans: 1 },
      { family: 's47', childId: 'B', referralDate: '2020-05-01', startDate: '2020-05-02', endDate: null, nfa: null, icpcDate: null, icpcNotRequired: true, previousPlans: null },
    ]);
    expect(flow.s47s.map((s) => [s.childId, s.icpcRequired, s.icpcCpPlan])).toEqual([
      ['A', true, true],
      ['B', false, null],
    ]);
    expect(kpis({ ...emptyFlowData(), ...flow })('cp_second_or_subsequent')).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
