import { addDays } from '../../src/domain/dates.ts';
import type { AnnexARowData } from '../../src/formats/annex-a/types.ts';
import { writeAnnexAWorkbook } from '../../src/formats/annex-a/write.ts';

/** Two synthetic Annex A extracts for the coverage tests (issue 13): no real child is in them. */
const child = { sex: 'F' as const, ethnicity: 'WBRI' as const, dateOfBirth: '2015-01-01', age: 8 };
const contact = (i: number, contactDate: string): AnnexARowData<1> => ({ childId: `C${i}`, ...child, contactDate, contactSource: '6' });
const referral = (i: number, referralDate: string): AnnexARowData<3> => ({
  childId: `C${i}`,
  ...child,
  referralDate,
  referralSource: '6',
  nfa: false,
  referralsInLast12Months: 0,
  allocatedTeam: null,
  allocatedWorker: null,
});

/** `n` dates spread from `from`, `step` days apart. */
const spread = (from: string, n: number, step: number) => Array.from({ length: n }, (_, i) => addDays(from, i * step));

/** 2023-24: 120 contacts and 40 referrals through the year; 20 contacts and 1 referral at the edge, in March 2023. */
export async function extract2024(): Promise<Buffer> {
  const contacts = [...spread('2023-04-03', 120, 3).map((d, i) => contact(i, d)), ...spread('2023-03-10', 20, 1).map((d, i) => contact(1070 + i, d))];
  const referrals = [...spread('2023-04-05', 40, 9).map((d, i) => referral(i, d)), referral(1029, '2023-03-20')];
  return writeAnnexAWorkbook({ 1: contacts, 3: referrals });
}

/** 2022-23: 90 contacts and 30 referrals through the year (the same March 2023 edge events among them). */
export async function extract2023(): Promise<Buffer> {
  const contacts = [...spread('2022-04-04', 70, 5), ...spread('2023-03-10', 20, 1)].map((d, i) => contact(1000 + i, d));
  const referrals = [...spread('2022-04-06', 29, 12), '2023-03-20'].map((d, i) => referral(1000 + i, d));
  return writeAnnexAWorkbook({ 1: contacts, 3: referrals });
}

