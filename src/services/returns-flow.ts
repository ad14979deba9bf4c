import type { Kysely } from 'kysely';
import { listLatestCinEvents, listLatestEpisodes, listSsda903Records, returnYears } from '../db/returns.repository.ts';
import type { Database } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { FlowData } from '../domain/flow/events.ts';
import type { FlowOptions } from '../domain/flow/indicators.ts';
import { careLeaversFromOc3, cinCensusFlow, missingFromReturn, periodsOfCare } from '../domain/flow/returns.ts';

export type FlowSource = 'annex-a' | 'ssda903' | 'cin-census';

/** The collection year (ending 31 March) a date falls in. */
export function collectionYearOf(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  return date.slice(5) >= '04-01' ? y + 1 : y;
}

/**
 * Precedence between sources (docs/formats/ssda903.md, "Which source is used"): for a period
 * ending in a collection year for which a statutory return is loaded, that return is the source
 * of its event families and Annex A's events of those families are not used. Children looked
 * after and care leavers come from the SSDA903; referrals, assessments, section 47 enquiries,
 * CIN episodes and child protection plans from the CIN census. Each return's events are read
 * from every return loaded (the latest return wins per episode), so history before the year counts.
 */
export async function withStatutoryReturns(
  db: Kysely<Database>,
  laCode: string,
  asAt: IsoDate,
  data: FlowData,
  options: FlowOptions,
): Promise<{ data: FlowData; options: FlowOptions; sources: { cla: FlowSource; cin: FlowSource } }> {
  const year = collectionYearOf(asAt);
  const years = await returnYears(db, laCode);
  let out: FlowData = data;
  let outOptions = options;
  const sources: { cla: FlowSource; cin: FlowSource } = { cla: 'annex-a', cin: 'annex-a' };
  if (years.ssda903.includes(year)) {
    const [episodes, header, uasc, sw, missing, oc3] = await Promise.all([
      listLatestEpisodes(db, laCode),
      listSsda903Records(db, laCode, 'header'),
      listSsda903Records(db, laCode, 'uasc'),
      listSsda903Records(db, laCode, 'sw_episodes'),
      listSsda903Records(db, laCode, 'missing'),
      listSsda903Records(db, laCode, 'oc3'),
    ]);
    const dob = new Map<string, IsoDate | null>();
    for (const h of [...header].sort((a, b) => a.returnYear - b.returnYear)) dob.set(h.childId, h.startDate);
    const socialWorkers = new Map<string, Array<{ workerId: string; startDate: IsoDate; endDate: IsoDate | null }>>();
    const swSeen = new Set<string>();
    for (const s of [...sw].sort((a, b) => b.returnYear - a.returnYear)) {
      if (s.code === null || s.startDate === null) continue;
      const key = `${s.childId}|${s.code}|${s.startDate}`;
      if (swSeen.has(key)) continue;
      swSeen.add(key);
      const list = socialWorkers.get(s.childId) ?? [];
      list.push({ workerId: s.code, startDate: s.startDate, endDate: s.endDate });
      socialWorkers.set(s.childId, list);
    }
    const hasSw = sw.some((s) => s.returnYear === year);
    const missingSeen = new Set<string>();
    const missingRows = missing.filter((m) => {
      const key = `${m.childId}|${m.startDate}`;
      if (missingSeen.has(key)) return false;
      missingSeen.add(key);
      return true;
    });
    const leavers = oc3.filter((r) => r.returnYear === year);
    out = {
      ...out,
      claEpisodes: periodsOfCare(episodes, { dateOfBirth: dob, uasc: new Set(uasc.map((u) => u.childId)), ...(hasSw ? { socialWorkers } : {}) }),
      missingEpisodes: missingFromReturn(missingRows),
      ...(leavers.length > 0 ? { careLeavers: careLeaversFromOc3(leavers.map((r) => ({ childId: r.childId, dateOfBirth: r.startDate, accom: r.data.ACCOM ?? null, activ: r.code }))) } : {}),
    };
    sources.cla = 'ssda903';
  }
  if (years.cinCensus.includes(year)) {
    const flow = cinCensusFlow(await listLatestCinEvents(db, laCode));
    out = { ...out, ...flow };
    const first = Math.min(...years.cinCensus);
    // The census holds CIN episodes open in its year, so the referral history is complete from the first census year loaded.
    outOptions = { ...outOptions, referralHistoryFrom: `${first - 1}-04-01` };
    sources.cin = 'cin-census';
  }
  return { data: out, options: outOptions, sources };
}
