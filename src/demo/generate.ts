import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { monthEnds, type IsoDate } from '../domain/dates.ts';
import type { Allocation } from '../domain/workforce/types.ts';
import { writeAllocationsCsv } from '../formats/allocations/allocations.ts';
import { ANNEX_A_LISTS } from '../formats/annex-a/data-map.ts';
import type { AnnexAListNumber } from '../formats/annex-a/types.ts';
import { writeAnnexACsv, writeAnnexAWorkbook, type AnnexAListsInput } from '../formats/annex-a/write.ts';
import { writePopulationCsv } from '../formats/population/population.ts';
import { writeRosterCsv } from '../formats/roster/roster.ts';
import { writeTeamsCsv } from '../formats/teams/teams.ts';
import type { DemoFile } from './demo-file.ts';
import { buildWorkforce, TEAM_PLANS, type Workforce } from './council.ts';
import { writeCswwXml } from './csww-writer.ts';
import { plusDays } from './days.ts';
import { AllocationIndex, extractAt } from './extracts.ts';
import { Random } from './random.ts';
import { demoAuditsCsv, demoPlanCsv, demoRisksCsv } from './improvement.ts';
import { demoCinCensus, demoSsda903Zip } from './returns.ts';
import { FOREVER, simulate, type Simulation } from './simulate.ts';

export interface DemoOptions {
  outDir: string;
  seed: number;
  /** The last day simulated; callers pass the last month end before today. */
  endDate: IsoDate;
  laCode: string;
  laName: string;
  /** Children aged 0-17 in the county; volumes scale with it. Default 140,000. */
  children?: number | undefined;
  onProgress?: ((message: string) => void) | undefined;
}

export interface DemoManifest {
  laCode: string;
  laName: string;
  files: DemoFile[];
  simulation: Simulation;
}

const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * Generates the synthetic council's files, in the order they must be imported: teams, roster,
 * allocations, population, the workforce census, the Annex A extracts oldest first, then the
 * SSDA903 returns and CIN censuses of the last two complete collection years. The
 * latest extract is an .xlsx workbook (what a council uploads); the eleven before it are .zip
 * files of one CSV per list, the other form Annex A takes, which keeps first start-up quick.
 * Same options, same bytes.
 */
export async function generateDemo(opts: DemoOptions): Promise<DemoManifest> {
  const scale = (opts.children ?? 140_000) / 140_000;
  const rng = new Random(opts.seed);
  const start = plusDays(opts.endDate, -5 * 365);
  opts.onProgress?.('Simulating five years of referrals, assessments, plans and care…');
  const workforce = buildWorkforce(rng, start, opts.endDate);
  const sim = simulate(rng, workforce, start, opts.endDate, scale);
  await mkdir(opts.outDir, { recursive: true });
  const files: DemoFile[] = [];
  const write = async (name: string, kind: DemoFile['kind'], bytes: string | Buffer | Uint8Array, extractDate?: IsoDate, returnYear?: number) => {
    const file = path.join(opts.outDir, name);
    await writeFile(file, bytes);
    files.push({ kind, path: file, extractDate, ...(returnYear === undefined ? {} : { returnYear }) });
  };

  const known = (d: IsoDate | null) => (d === null || d > opts.endDate || d === FOREVER ? null : d);
  const allocations: Allocation[] = sim.allocations.filter((a) => a.startDate <= opts.endDate).map((a) => ({ ...a, endDate: known(a.endDate) }));
  await write('teams.csv', 'teams', writeTeamsCsv(workforce.teams));
  await write('roster.csv', 'roster', writeRosterCsv(workforce.workers.map((w) => ({ ...w, endDate: known(w.endDate) }))));
  await write('allocations.csv', 'allocations', writeAllocationsCsv(allocations));

  const endYear = Number(opts.endDate.slice(0, 4));
  const population = Array.from({ length: 7 }, (_, i) => ({ year: endYear - 6 + i, children0to17: Math.round(140_000 * scale * 1.003 ** (i - 6)) }));
  await write('population.csv', 'population', writePopulationCsv(population));

  const census = opts.endDate.slice(5) >= '09-30' ? `${endYear}-09-30` : `${endYear - 1}-09-30`;
  await write(
    `csww-${census.slice(0, 4)}.xml`,
    'csww',
    writeCswwXml({ laCode: opts.laCode, censusDate: census, workers: workforce.workers, allocations, vacancies: socialWorkVacancies(workforce, census), rng: new Random(opts.seed ^ 0x2f6b_3a51) }),
  );

  await write('improvement-plan.csv', 'plan', demoPlanCsv(opts.endDate));
  await write('case-audits.csv', 'audits', demoAuditsCsv(opts.endDate, allocations, opts.seed));
  await write('risk-register.csv', 'risks', demoRisksCsv(opts.endDate));

  const index = new AllocationIndex(sim.allocations, workforce);
  const extracts = monthEnds(plusDays(opts.endDate, -370), opts.endDate).slice(-12);
  for (const [i, on] of extracts.entries()) {
    opts.onProgress?.(`Writing the Annex A extract for ${on}…`);
    const lists = extractAt(sim, index, on);
    if (i === extracts.length - 1) {
      await write(`annex-a-${on}.xlsx`, 'annex-a', await writeAnnexAWorkbook(lists), on);
    } else {
      await write(`annex-a-${on}.zip`, 'annex-a', csvZip(lists), on);
    }
  }

  // The statutory returns of the last two complete collection years (ending 31 March), written
  // with the DfE layouts' writers and loaded through the same imports as a council's own.
  const lastYear = opts.endDate.slice(5) >= '03-31' ? endYear : endYear - 1;
  const socialWorkers = new Set(workforce.workers.filter((w) => ['social_worker', 'senior_practitioner', 'advanced_practitioner'].includes(w.role)).map((w) => w.workerId));
  for (const year of [lastYear - 1, lastYear].filter((y) => `${y - 1}-04-01` >= start)) {
    opts.onProgress?.(`Writing the SSDA903 return and CIN census for ${year - 1}-${String(year).slice(2)}…`);
    await write(`ssda903-${year}.zip`, 'ssda903', demoSsda903Zip(sim, year, socialWorkers), undefined, year);
    await write(`cin-census-${year}.xml`, 'cin-census', demoCinCensus(sim, opts.laCode, year));
  }
  return { laCode: opts.laCode, laName: opts.laName, files, simulation: sim };
}

function csvZip(lists: AnnexAListsInput): Uint8Array {
  const entries: Zippable = {};
  for (const n of Object.keys(lists).map(Number) as AnnexAListNumber[]) {
    const rows = lists[n];
    if (!rows) continue;
    entries[`${ANNEX_A_LISTS[n].sheetName}.csv`] = [strToU8(writeAnnexACsv(n, rows as never)), { mtime: FIXED_TIME }];
  }
  return zipSync(entries);
}

/** Social work posts (not personal advisers) without an employed holder on the day, in FTE: empty or covered by an agency worker. */
function socialWorkVacancies(workforce: Workforce, on: IsoDate): number {
  let vacant = 0;
  for (const plan of TEAM_PLANS) {
    if (plan.holderRole === 'personal_adviser') continue;
    const employed = (workforce.holdersByTeam.get(plan.teamId) ?? []).filter((w) => !w.agency && (w.startDate ?? '') <= on && (w.endDate === null || w.endDate > on));
    vacant += Math.max(0, plan.caseHolders - employed.reduce((s, w) => s + w.fte, 0));
  }
  return vacant;
}
