import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { emptyFlowData } from '../../src/domain/flow/events.ts';
import { writeCinCensus } from '../../src/formats/cin-census/write.ts';
import { writeSsda903Table } from '../../src/formats/ssda903/write.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';

describe.each(testDrivers())('reconcile Annex A with the returns on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2021-06-30T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
    await insertFlowData(
      handle.db,
      '805',
      {
        ...emptyFlowData(),
        referrals: [
          { childId: 'A', referralDate: '2020-05-01', nfa: false, referralsInLast12Months: 0 },
          { childId: 'B', referralDate: '2020-06-01', nfa: false, referralsInLast12Months: 0 },
        ],
        claEpisodes: [
          { childId: 'L1', startDate: '2019-01-01', endDate: null, placementsLast12Months: 1 },
          { childId: 'L2', startDate: '2020-09-01', endDate: null, placementsLast12Months: 1 },
        ],
      },
      '2021-03-31',
    );
    const episodes = writeSsda903Table('episodes', [
      { CHILD: 'L1', DECOM: '2019-01-01', RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1' },
      { CHILD: 'L1', DECOM: '2020-07-01', RNE: 'P', LS: 'C2', CIN: 'N1', PLACE: 'U2', PLACE_PROVIDER: 'PR1' },
      { CHILD: 'L3', DECOM: '2020-10-01', RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1' },
    ]);
    await s.imports.run('ssda903', { laCode: '805', fileName: 'episodes.csv', bytes: Buffer.from(episodes), loadedBy: 'test', returnYear: 2021 });
    const census = writeCinCensus({
      laCode: '805',
      referenceDate: '2021-03-31',
      children: [
        { childId: 'A', sex: '1', dateOfBirth: null, ethnicity: 'WBRI', details: [{ referralDate: '2020-05-01' }] },
        { childId: 'C', sex: '1', dateOfBirth: null, ethnicity: 'WBRI', details: [{ referralDate: '2020-07-01' }] },
      ],
    });
    await s.imports.run('cin-census', { laCode: '805', fileName: 'cin.xml', bytes: Buffer.from(census), loadedBy: 'test' });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('lists the events and children in one source and not the other, family by family', async () => {
    const r = await s.reconcile.reconcile('805', '2020-21');
    const referral = r.families.find((f) => f.family === 'referral');
    expect(referral).toMatchObject({ matched: 1, onlyLeft: [{ childId: 'B', date: '2020-06-01' }], onlyRight: [{ childId: 'C', date: '2020-07-01' }], childrenOnlyLeft: ['B'], childrenOnlyRight: ['C'] });
    // The placement move is one period of care in the 903: it matches Annex A's period.
    const cla = r.families.find((f) => f.family === 'cla_episode');
    expect(cla).toMatchObject({ matched: 1, childrenOnlyLeft: ['L2'], childrenOnlyRight: ['L3'] });
    await expect(s.reconcile.reconcile('805', '2021')).rejects.toMatchObject({ code: 'bad_usage' });
  });
});
