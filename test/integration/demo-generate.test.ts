import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDaysBetween } from '../../src/domain/calendar/index.ts';
import { computeCaseloadSnapshot, type CaseloadSnapshot } from '../../src/domain/caseload/index.ts';
import type { IsoDate } from '../../src/domain/dates.ts';
import { PRESETS } from '../../src/domain/standards/index.ts';
import type { Allocation, Team, Worker } from '../../src/domain/workforce/types.ts';
import { parseAllocations } from '../../src/formats/allocations/allocations.ts';
import { parseAnnexA } from '../../src/formats/annex-a/parse.ts';
import { cswwSummary, parseCsww } from '../../src/formats/csww/csww.ts';
import { parsePopulation } from '../../src/formats/population/population.ts';
import { parseRoster } from '../../src/formats/roster/roster.ts';
import { parseTeams } from '../../src/formats/teams/teams.ts';
import { plusDays } from '../../src/demo/days.ts';
import { generateDemo, type DemoManifest } from '../../src/demo/generate.ts';

const dirs: string[] = [];
const outDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'headroom-demo-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const END = '2025-10-31';
const small = { endDate: END, laCode: '998', laName: 'Sampleshire', children: 30_000 };
const bytesOf = (m: DemoManifest, kind: string) => readFileSync(m.files.find((f) => f.kind === kind)?.path ?? '');

describe('demo generator: files', () => {
  let a: DemoManifest;
  let b: DemoManifest;
  let c: DemoManifest;
  beforeAll(async () => {
    a = await generateDemo({ ...small, seed: 7, outDir: outDir() });
    b = await generateDemo({ ...small, seed: 7, outDir: outDir() });
    c = await generateDemo({ ...small, seed: 8, outDir: outDir() });
  });

  it('writes the same bytes for the same seed, and different data for another seed', () => {
    expect(a.files.map((f) => path.basename(f.path))).toEqual(b.files.map((f) => path.basename(f.path)));
    for (const [i, f] of a.files.entries()) {
      expect(readFileSync(f.path).equals(readFileSync(b.files[i]?.path ?? '')), path.basename(f.path)).toBe(true);
    }
    for (const kind of ['roster', 'allocations', 'csww', 'annex-a'] as const) {
      expect(bytesOf(a, kind).equals(bytesOf(c, kind)), kind).toBe(false);
    }
  });

  it('lists the files in import order: workforce first, then twelve monthly Annex A extracts, the last a workbook, then the returns', () => {
    expect(a.files.slice(0, 5).map((f) => f.kind)).toEqual(['teams', 'roster', 'allocations', 'population', 'csww']);
    const extracts = a.files.filter((f) => f.kind === 'annex-a');
    expect(extracts).toHaveLength(12);
    expect(extracts.map((f) => f.extractDate)).toEqual([...extracts.map((f) => f.extractDate)].sort());
    expect(extracts.at(-1)).toMatchObject({ extractDate: END });
    expect(extracts.at(-1)?.path.endsWith('.xlsx')).toBe(true);
    expect(extracts[0]?.extractDate).toBe('2024-11-30');
    // Then the statutory returns of the last two complete collection years.
    expect(a.files.slice(-4).map((f) => [f.kind, f.returnYear ?? null, path.basename(f.path)])).toEqual([
      ['ssda903', 2024, 'ssda903-2024.zip'],
      ['cin-census', null, 'cin-census-2024.xml'],
      ['ssda903', 2025, 'ssda903-2025.zip'],
      ['cin-census', null, 'cin-census-2025.xml'],
    ]);
  });

  it('stamps the council it was asked for, and scales the population', () => {
    const csww = parseCsww(bytesOf(a, 'csww'), { fileName: 'csww.xml' });
    expect(csww.header).toMatchObject({ laCode: '998', referenceDate: '2025-09-30', censusYear: 2025 });
    const population = parsePopulation(bytesOf(a, 'population'), { fileName: 'population.csv', laCode: '998' });
    expect(population.issues).toEqual([]);
    expect(population.rows.map((r) => r.value.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(population.rows.at(-1)?.value.children0to17).toBe(30_000);
    expect(a).toMatchObject({ laCode: '998', laName: 'Sampleshire' });
  });
});

/** The default county (140,000 children), checked against the calibration in docs/demo-data.md. */
describe('Demoshire, the default county', () => {
  let m: DemoManifest;
  let teams: Team[];
  let workers: Worker[];
  let allocations: Allocation[];
  let snapshot: CaseloadSnapshot;

  beforeAll(async () => {
    m = await generateDemo({ outDir: outDir(), seed: 3, endDate: END, laCode: '999', laName: 'Demoshire' });
    const teamsCsv = parseTeams(bytesOf(m, 'teams'), { fileName: 'teams.csv' });
    const rosterCsv = parseRoster(bytesOf(m, 'roster'), { fileName: 'roster.csv', today: END });
    const allocationsCsv = parseAllocations(bytesOf(m, 'allocations'), { fileName: 'allocations.csv', today: END });
    for (const parsed of [teamsCsv, rosterCsv, allocationsCsv]) expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    teams = teamsCsv.rows.map((r) => r.value);
    workers = rosterCsv.rows.map((r) => r.value);
    allocations = allocationsCsv.rows.map((r) => r.value);
    snapshot = computeCaseloadSnapshot({ laCode: '999', asOf: END, profile: PRESETS['local-18-20'], teams, workers, allocations });
  });

  const months = (from: number, to: number) => {
    const byMonth = new Map<string, number>();
    for (const c of m.simulation.contacts) byMonth.set(c.date.slice(0, 7), (byMonth.get(c.date.slice(0, 7)) ?? 0) + 1);
    return { byMonth, avg: (keys: string[]) => keys.reduce((s, k) => s + (byMonth.get(k) ?? 0), 0) / keys.length, keys: [...byMonth.keys()].sort().slice(from, to) };
  };
  const lastYear = (d: IsoDate) => d > plusDays(END, -365) && d <= END;
  const openOn = (episodes: ReadonlyArray<{ childId: string; start: IsoDate; end: IsoDate }>, on: IsoDate) => new Set(episodes.filter((e) => e.start <= on && e.end > on).map((e) => e.childId)).size;
  const team = (name: string) => {
    const t = snapshot.teams.find((x) => x.name === name);
    if (!t) throw new Error(`no team ${name}`);
    return t;
  };

  it('receives about 1,000 contacts a month, with peaks in September and January and a sharp rise over the last six months', () => {
    const { avg, keys } = months(12, 48);
    expect(avg(keys)).toBeGreaterThan(900);
    expect(avg(keys)).toBeLessThan(1150);
    expect(avg(['2023-09', '2024-09'])).toBeGreaterThan(avg(['2023-08', '2024-08']) * 1.2);
    expect(avg(['2024-01', '2025-01'])).toBeGreaterThan(avg(['2023-12', '2024-12']) * 1.1);
    const last6 = avg(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10']);
    const yearBefore = avg(['2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10']);
    expect(last6).toBeGreaterThan(yearBefore * 1.12);
  });

  it('turns 60-70% of contacts into referrals, about 22% of them re-referrals within 12 months', () => {
    const contacts = m.simulation.contacts.filter((c) => lastYear(c.date)).length;
    const referrals = m.simulation.referrals.filter((r) => lastYear(r.date));
    expect(referrals.length / contacts).toBeGreaterThan(0.6);
    expect(referrals.length / contacts).toBeLessThan(0.7);
    const rereferrals = referrals.filter((r) => r.previousIn12Months > 0).length / referrals.length;
    expect(rereferrals).toBeGreaterThan(0.18);
    expect(rereferrals).toBeLessThan(0.26);
  });

  it('authorises about 86% of assessments within 45 working days and holds about 80% of ICPCs within 15', () => {
    const assessments = m.simulation.assessments.filter((x) => lastYear(x.authorised));
    const in45 = assessments.filter((x) => workingDaysBetween(x.start, x.authorised) <= 45).length / assessments.length;
    expect(in45).toBeGreaterThan(0.82);
    expect(in45).toBeLessThan(0.9);
    const icpcs = m.simulation.s47s.flatMap((s) => (s.icpc !== null && lastYear(s.icpc) ? [workingDaysBetween(s.strategy, s.icpc)] : []));
    const in15 = icpcs.filter((d) => d <= 15).length / icpcs.length;
    expect(in15).toBeGreaterThan(0.72);
    expect(in15).toBeLessThan(0.88);
  });

  it('looks after about 60 children per 10,000, up about 8% on the year, with about 500 on child protection plans', () => {
    const cla = openOn(m.simulation.cla, END);
    const claYearBefore = openOn(m.simulation.cla, plusDays(END, -365));
    expect((cla / 140_000) * 10_000).toBeGreaterThan(55);
    expect((cla / 140_000) * 10_000).toBeLessThan(66);
    expect(cla / claYearBefore).toBeGreaterThan(1.04);
    expect(cla / claYearBefore).toBeLessThan(1.13);
    const cp = openOn(m.simulation.cp, END);
    expect(cp).toBeGreaterThan(420);
    expect(cp).toBeLessThan(600);
  });

  it('has about 2,800 children open to a team, besides about 300 care leavers', () => {
    const careLeavers = new Set(allocations.filter((x) => x.caseType === 'care_leaver' && x.startDate <= END && (x.endDate === null || x.endDate > END)).map((x) => x.childId));
    const open = new Set(allocations.filter((x) => x.caseType !== 'care_leaver' && x.startDate <= END && (x.endDate === null || x.endDate > END)).map((x) => x.childId));
    expect(open.size).toBeGreaterThan(2_500);
    expect(open.size).toBeLessThan(3_100);
    expect(careLeavers.size).toBeGreaterThan(250);
    expect(careLeavers.size).toBeLessThan(350);
  });

  it('employs about 300 staff, about 15% of case holders from agencies, with starters, leavers and vacancies', () => {
    const inPost = workers.filter((w) => w.endDate === null);
    expect(inPost.length).toBeGreaterThan(270);
    expect(inPost.length).toBeLessThan(320);
    const holders = snapshot.workers.filter((w) => w.capacity > 0);
    const agency = holders.filter((w) => w.agency).length / holders.length;
    expect(agency).toBeGreaterThan(0.12);
    expect(agency).toBeLessThan(0.18);
    expect(workers.filter((w) => w.endDate !== null && lastYear(w.endDate)).length).toBeGreaterThan(20);
    expect(workers.filter((w) => w.startDate !== null && lastYear(w.startDate)).length).toBeGreaterThan(20);
    const roles = new Set(inPost.map((w) => w.role));
    for (const role of ['social_worker', 'senior_practitioner', 'advanced_practitioner', 'iro', 'personal_adviser', 'team_manager'] as const) expect(roles, role).toContain(role);
    const census = cswwSummary(parseCsww(bytesOf(m, 'csww'), { fileName: 'csww.xml' }));
    expect(census.vacancies).toBeGreaterThan(20);
    expect(census.agencyHeadcount).toBeGreaterThan(15);
    expect(census.caseloadPerFte).toBeGreaterThan(14);
    expect(census.caseloadPerFte).toBeLessThan(22);
  });

  it('plants an assessment team averaging over 30 children per worker, counted straight from allocations.csv', () => {
    const children = new Set(allocations.filter((x) => x.teamId === 'T-ASS3' && x.startDate <= END && (x.endDate === null || x.endDate > END)).map((x) => x.childId));
    const holders = workers.filter((w) => w.teamId === 'T-ASS3' && w.endDate === null && ['social_worker', 'senior_practitioner', 'advanced_practitioner'].includes(w.role));
    expect(children.size / holders.length).toBeGreaterThan(30);
    expect(team('Assessment Team 3').averagePerFte).toBeGreaterThan(30);
    const others = snapshot.teams.filter((t) => t.name.startsWith('Assessment Team') && t.name !== 'Assessment Team 3');
    for (const t of others) expect(t.averagePerFte ?? 0, t.name).toBeLessThan(24);
  });

  it('plants a locality CIN team about 70 cases over capacity, and the caseload functions find every other pressure', () => {
    expect(team('CIN South').casesOverCapacity).toBeGreaterThanOrEqual(50);
    expect(team('CIN South').casesOverCapacity).toBeLessThanOrEqual(95);
    expect(team('CIN North').casesOverCapacity).toBeLessThan(30);
    expect(team('Independent Reviewing Officers').averagePerFte).toBeGreaterThanOrEqual(78);
    expect(team('Independent Reviewing Officers').averagePerFte).toBeLessThanOrEqual(92);
    expect(snapshot.totals.unallocated).toBeGreaterThan(10);
    expect(team('CIN South').unallocated + team('Assessment Team 3').unallocated).toBeGreaterThan(snapshot.totals.unallocated / 2);
    expect(snapshot.workers.filter((w) => w.flags.includes('asye_over_protected')).length).toBeGreaterThan(0);
    const managers = snapshot.workers.filter((w) => w.role === 'team_manager');
    expect(managers.filter((w) => w.flags.includes('span_of_control_high')).map((w) => w.teamId)).toEqual(['T-CP2']);
    expect(managers.filter((w) => w.directReports >= 8 && w.directReports <= 10).length).toBeGreaterThanOrEqual(managers.length - 2);
    const worst = [...snapshot.teams].sort((x, y) => y.children / Math.max(1, y.capacity) - x.children / Math.max(1, x.capacity))[0];
    expect(worst?.name).toBe('Assessment Team 3');
    expect(snapshot.unmatched).toEqual({ workerIds: [], teamIds: [] });
  });

  it('names the same teams and workers in the latest Annex A workbook as in teams.csv and roster.csv', async () => {
    const latest = m.files.filter((f) => f.kind === 'annex-a').at(-1);
    const parsed = await parseAnnexA({ buffer: readFileSync(latest?.path ?? ''), fileName: path.basename(latest?.path ?? '') });
    expect(parsed.fatal).toBeUndefined();
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const teamNames = new Set(teams.map((t) => t.name));
    const workerNames = new Set(workers.map((w) => w.name));
    const open = [...parsed.rows[6].filter((r) => r.closureDate === null), ...parsed.rows[7].filter((r) => r.endDate === null), ...parsed.rows[8].filter((r) => r.endDate === null)];
    expect(open.length).toBeGreaterThan(1_500);
    for (const r of open) {
      if (r.allocatedTeam !== null) expect(teamNames).toContain(r.allocatedTeam);
      if (r.allocatedWorker !== null) expect(workerNames).toContain(r.allocatedWorker);
    }
    expect(open.filter((r) => r.allocatedWorker === null).length).toBeLessThan(open.length * 0.05);
    const inSouth = parsed.rows[6].filter((r) => r.closureDate === null && r.allocatedTeam === 'CIN South').length;
    expect(inSouth).toBeGreaterThan(team('CIN South').capacity);
  });
});
