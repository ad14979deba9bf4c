import type { IsoDate } from '../domain/dates.ts';
import type { Allocation, Worker } from '../domain/workforce/types.ts';
import { plusDays } from './days.ts';
import type { Random } from './random.ts';
import { escapeXml } from '../reports/common/text.ts';

/** Census OrgRole: 1 senior manager … 6 qualified social worker not holding cases (reviewing officers). */
const ORG_ROLE: Partial<Record<Worker['role'], number>> = {
  head_of_service: 1,
  service_manager: 2,
  team_manager: 3,
  practice_manager: 3,
  senior_practitioner: 4,
  advanced_practitioner: 4,
  social_worker: 5,
  iro: 6,
};

const ETHNICITY = ['WBRI', 'WBRI', 'WBRI', 'WBRI', 'WBRI', 'WBRI', 'WOTH', 'WIRI', 'MWBC', 'AIND', 'APKN', 'BAFR', 'BCRB', 'OOTH'] as const;

export interface CswwCensusInput {
  laCode: string;
  censusDate: IsoDate;
  workers: readonly Worker[];
  allocations: readonly Allocation[];
  /** FTE of social work posts not filled by an employed worker on the day, including those covered by agency workers (the DfE definition). */
  vacancies: number;
  /** For the personal details the roster does not hold (birth date, sex, ethnicity, absence). */
  rng: Random;
}

/**
 * The workforce census return for the 30 September `censusDate`, in the DfE XML layout (element
 * order as in the DfE sample): registered social workers employed on the day or who left in the
 * year before it, and agency social workers in post on the day, with the children they held on
 * the day. Reviewing officers are OrgRole 6 (qualified, not holding cases), so their reviews are
 * not counted as cases. Personal advisers, family workers and students are not social workers
 * and are not in the census.
 */
export function writeCswwXml(input: CswwCensusInput): string {
  const { censusDate, rng } = input;
  const yearStart = plusDays(censusDate, -365);
  const cases = new Map<string, Set<string>>();
  for (const a of input.allocations) {
    if (!a.workerId || a.startDate > censusDate || (a.endDate !== null && a.endDate <= censusDate)) continue;
    const set = cases.get(a.workerId) ?? new Set<string>();
    set.add(a.childId);
    cases.set(a.workerId, set);
  }
  const inPost = (w: Worker) => (w.startDate === null || w.startDate <= censusDate) && (w.endDate === null || w.endDate > censusDate);
  const inScope = input.workers.filter(
    (w) => ORG_ROLE[w.role] !== undefined && (w.startDate === null || w.startDate <= censusDate) && (w.agency ? inPost(w) : w.endDate === null || w.endDate > yearStart),
  );
  const records = inScope.map((w) => {
    const orgRole = ORG_ROLE[w.role] ?? 5;
    const left = !inPost(w);
    const held = left || orgRole === 6 ? 0 : (cases.get(w.workerId)?.size ?? 0);
    const started = w.startDate !== null && w.startDate > yearStart;
    const absent = !left && rng.chance(0.04);
    const daysLost = rng.chance(0.45) ? 0 : rng.int(1, rng.chance(0.1) ? 60 : 15);
    const sex = rng.chance(0.82) ? '2' : '1';
    const born = plusDays(censusDate, -rng.int(23 * 365, 62 * 365));
    const ethnicity = rng.pick(ETHNICITY);
    const common: Array<[string, string | null]> = [
      ['AgencyWorker', w.agency ? '1' : '0'],
      ['SWENo', `SW${w.workerId.replace(/\D/g, '').padStart(8, '0')}`],
      ['FTE', w.fte.toFixed(6)],
    ];
    const fields: Array<[string, string | null]> = w.agency
      ? [...common, ['OrgRole', String(orgRole)], ['RoleStartDate', w.startDate], ['FTE30', w.fte.toFixed(6)], ['Cases30', held > 0 ? String(held) : null], ['ContractWeeks', String(Math.min(52, Math.ceil((Date.parse(censusDate) - Date.parse(w.startDate ?? censusDate)) / 604_800_000)))]]
      : [
          ...common,
          ['PersonBirthDate', born],
          ['GenderCurrent', sex],
          ['Ethnicity', ethnicity],
          ['QualLevel', rng.chance(0.7) ? '1' : '2'],
          ['StepUpGrad', '0'],
          ['OrgRole', String(orgRole)],
          ['RoleStartDate', w.startDate],
          ['StartOrigin', started ? (w.asye ? '1' : rng.pick(['2', '2', '3', '4', '9'])) : null],
          ['RoleEndDate', left ? w.endDate : null],
          ['LeaverDestination', left ? rng.pick(['1', '1', '2', '3', '5', '9']) : null],
          ['ReasonLeave', left ? rng.pick(['1', '2', '3', '3', '4', '9']) : null],
          ['FTE30', left ? null : w.fte.toFixed(6)],
          ['Cases30', held > 0 ? String(held) : null],
          ['WorkingDaysLost', String(daysLost)],
          ['FrontlineGrad', '0'],
          ['Absat30Sept', left ? null : absent ? '1' : '0'],
          ['ReasonAbsence', absent ? rng.pick(['SIC', 'SIC', 'TRN', 'OTH']) : null],
        ];
    const body = fields.flatMap(([k, v]) => (v === null || v === '' ? [] : [`    <${k}>${escapeXml(v)}</${k}>`]));
    return `  <CSWWWorker>\n${body.join('\n')}\n  </CSWWWorker>`;
  });
  const agency = inScope.filter((w) => w.agency);
  return `<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CSWW</Collection>
      <Year>${censusDate.slice(0, 4)}</Year>
      <ReferenceDate>${censusDate}</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>${escapeXml(input.laCode)}</LEA>
      <SoftwareCode>Headroom demo generator</SoftwareCode>
      <DateTime>${censusDate}T00:00:00Z</DateTime>
    </Source>
  </Header>
  <LALevelVacancies>
    <NumberOfVacancies>${input.vacancies.toFixed(2)}</NumberOfVacancies>
    <NoAgencyFTE>${agency.reduce((s, w) => s + w.fte, 0).toFixed(2)}</NoAgencyFTE>
    <NoAgencyHeadcount>${agency.length}</NoAgencyHeadcount>
  </LALevelVacancies>
${records.join('\n')}
</Message>
`;
}
