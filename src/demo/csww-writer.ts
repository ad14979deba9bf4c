import type { IsoDate } from '../domain/dates.ts';
import type { Allocation, Worker } from '../domain/workforce/types.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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

/**
 * The workforce census return for the 30 September `censusDate`, in the DfE XML layout:
 * registered social workers in post on the day or who left in the year before it, with cases
 * held on the day, plus the LA-level vacancies. Personal advisers, family workers and students
 * are not social workers and are not in the census.
 */
export function writeCswwXml(opts: { laCode: string; censusDate: IsoDate; workers: readonly Worker[]; allocations: readonly Allocation[]; vacancies: number }): string {
  const yearStart = `${Number(opts.censusDate.slice(0, 4)) - 1}${opts.censusDate.slice(4)}`;
  const cases = new Map<string, Set<string>>();
  for (const a of opts.allocations) {
    if (!a.workerId || a.startDate > opts.censusDate || (a.endDate !== null && a.endDate <= opts.censusDate)) continue;
    const set = cases.get(a.workerId) ?? new Set<string>();
    set.add(a.childId);
    cases.set(a.workerId, set);
  }
  const inScope = opts.workers.filter(
    (w) => ORG_ROLE[w.role] !== undefined && (w.startDate === null || w.startDate <= opts.censusDate) && (w.endDate === null || w.endDate > yearStart),
  );
  const lines = inScope.map((w) => {
    const left = w.endDate !== null && w.endDate <= opts.censusDate;
    const held = left ? 0 : (cases.get(w.workerId)?.size ?? 0);
    const fields = [
      ['AgencyWorker', w.agency ? '1' : '0'],
      ['SWENo', `SW${w.workerId.replace(/\D/g, '').padStart(8, '0')}`],
      ['FTE', left ? '0' : w.fte.toFixed(6)],
      ['OrgRole', String(ORG_ROLE[w.role])],
      ['RoleStartDate', w.startDate ?? ''],
      ...(left ? [['RoleEndDate', w.endDate ?? ''], ['ReasonLeave', '3']] : []),
      ...(left ? [] : [['FTE30', w.fte.toFixed(6)]]),
      ...(held > 0 ? [['Cases30', String(held)]] : []),
      ['WorkingDaysLost', '0'],
      ['Absat30Sept', '0'],
    ].filter(([, v]) => v !== '');
    return `  <CSWWWorker>\n${fields.map(([k, v]) => `    <${k}>${escapeXml(v ?? '')}</${k}>`).join('\n')}\n  </CSWWWorker>`;
  });
  const agency = inScope.filter((w) => w.agency && (w.endDate === null || w.endDate > opts.censusDate));
  return `<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CSWW</Collection>
      <Year>${opts.censusDate.slice(0, 4)}</Year>
      <ReferenceDate>${opts.censusDate}</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>${escapeXml(opts.laCode)}</LEA>
      <SoftwareCode>Headroom demo generator</SoftwareCode>
      <DateTime>${opts.censusDate}T00:00:00Z</DateTime>
    </Source>
  </Header>
  <LALevelVacancies>
    <NumberOfVacancies>${opts.vacancies.toFixed(2)}</NumberOfVacancies>
    <NoAgencyFTE>${agency.reduce((s, w) => s + w.fte, 0).toFixed(2)}</NoAgencyFTE>
    <NoAgencyHeadcount>${agency.length}</NoAgencyHeadcount>
  </LALevelVacancies>
${lines.join('\n')}
</Message>
`;
}
