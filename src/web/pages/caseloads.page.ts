import { z } from 'zod';
import type { Services } from '../../app.ts';
import type { CaseloadSnapshot } from '../../domain/caseload/caseload-snapshot.ts';
import { buildTeamTree, isWithin, type TeamTree, type TreeNode } from '../../domain/caseload/team-tree.ts';
import { addDays, isIsoDate, monthEnd, type IsoDate } from '../../domain/dates.ts';
import { suppressCount } from '../../domain/disclosure/index.ts';
import { AppError } from '../../errors.ts';
import { escapeHtml } from '../../reports/common/text.ts';
import type { ExportedBy } from '../../services/export.service.ts';
import { lastTwelveMonthEnds } from '../../services/page-warmer.ts';
import { canSeeTeam, childScope, suppressesSmallCounts, type Principal } from '../../domain/access/roles.ts';
import { chartTable, lineChart, barChart } from '../charts/svg-chart.ts';
import type { DownloadFormat, DownloadTable } from '../downloads.ts';
import { formatDate } from '../render.ts';
import { publishedBeside } from './benchmarks.page.ts';
import {
  FLAG_TEXT,
  UNIT_COLUMNS,
  hierarchyRows,
  ragFor,
  ragTagHtml,
  roleText,
  socialWorkerMax,
  sortUnits,
  unitCells,
  averageWithheld,
  childrenWithheld,
  shownAverage,
  withholdSmallCounts,
  workerCells,
  type Cell,
  type UnitSortKey,
} from './caseload-view.ts';

const optional = z.string().optional();

/** The query every caseload screen reads; `la` is resolved by the route to a council the user may see. */
export const CaseloadQuery = z.object({
  date: z
    .string()
    .optional()
    .refine((d) => d === undefined || d === '' || isIsoDate(d), 'The date must be a real date written as YYYY-MM-DD, for example 2024-03-31.'),
  service: optional,
  role: optional,
  employment: optional,
  flag: optional,
  sort: optional,
  dir: optional,
  format: optional,
  page: optional,
  endedPage: optional,
});
export type CaseloadQuery = z.infer<typeof CaseloadQuery> & { laCode: string };

interface Base {
  laCode: string;
  asOf: IsoDate;
  snapshot: CaseloadSnapshot;
  tree: TeamTree<TreeNode>;
  laQuery: string;
}

async function base(services: Services, q: CaseloadQuery): Promise<Base> {
  const laCode = q.laCode;
  const asOf = q.date !== undefined && isIsoDate(q.date) ? q.date : await services.caseloads.defaultDate(laCode);
  const snapshot = await services.caseloads.snapshot(laCode, asOf);
  return { laCode, asOf, snapshot, tree: unitTree(snapshot), laQuery: `?la=${laCode}&date=${asOf}` };
}

/** What the route hands back to a template: the figures plus the base it was worked out at. */
const shown = (b: Base) => ({ laCode: b.laCode, asOf: b.asOf, snapshot: b.snapshot, laQuery: b.laQuery });

/**
 * The worker list is paged: a council's few hundred rows are slow to render for every visitor at
 * once and long to scroll. Page 1 holds those most over their capacity; downloads hold everyone.
 */
const WORKERS_PER_PAGE = 50;
const ALLOCATIONS_PER_PAGE = 25;

type WorkerSort = 'over' | 'name' | 'team' | 'caseload' | 'fte' | 'headroom';
/** Columns of the workers list that sort, their first direction and how the page says the order. */
const WORKER_SORTS: { key: WorkerSort; dir: 'asc' | 'desc'; says: (dir: 'asc' | 'desc') => string }[] = [
  { key: 'over', dir: 'desc', says: (d) => (d === 'desc' ? 'most over their capacity first' : 'least over their capacity first') },
  { key: 'name', dir: 'asc', says: (d) => `by name, ${d === 'asc' ? 'A to Z' : 'Z to A'}` },
  { key: 'team', dir: 'asc', says: (d) => `by team, ${d === 'asc' ? 'A to Z' : 'Z to A'}` },
  { key: 'fte', dir: 'desc', says: (d) => `by FTE, ${d === 'desc' ? 'largest first' : 'smallest first'}` },
  { key: 'caseload', dir: 'desc', says: (d) => `by caseload, ${d === 'desc' ? 'largest first' : 'smallest first'}` },
  { key: 'headroom', dir: 'asc', says: (d) => `by headroom, ${d === 'asc' ? 'least first' : 'most first'}` },
];

/** The workers table's head: sortable columns are links that sort by them (again: the other way), with aria-sort. */
function workerSortHead(base: string, sortKey: WorkerSort, dir: 'asc' | 'desc') {
  const column = (text: string, key: WorkerSort | null, numeric = false) => {
    const format = numeric ? 'numeric' : undefined;
    if (key === null) return { text, format };
    const active = key === sortKey;
    const first = WORKER_SORTS.find((c) => c.key === key)!.dir;
    const next = active ? (dir === 'asc' ? 'desc' : 'asc') : first;
    return { html: `<a class="govuk-link app-sort-link" href="${escapeHtml(`${base}&sort=${key}&dir=${next}`)}">${text}</a>`, format, attributes: { 'aria-sort': active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none' } };
  };
  return [column('Worker', 'name'), column('Team', 'team'), column('Role', null), column('FTE', 'fte', true), column('Caseload', 'caseload', true), column('Weighted', null, true), column('Capacity', null, true), column('Headroom', 'headroom', true), column('Flags', null)];
}

/** The GOV.UK pagination component's parameters, or null when everything fits on one page. */
function pagination(base: string, current: number, pages: number, param = 'page', fragment = '') {
  if (pages <= 1) return null;
  const href = (n: number) => `${base}&${param}=${n}${fragment}`;
  const items = Array.from({ length: pages }, (_, i) => i + 1)
    .filter((n) => n === 1 || n === pages || Math.abs(n - current) <= 1)
    .flatMap((n, i, shown) => [...(i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []), { number: n, href: href(n), current: n === current }]);
  return {
    previous: current > 1 ? { href: href(current - 1) } : null,
    next: current < pages ? { href: href(current + 1) } : null,
    items,
  };
}


/** The overview: headline cards, the most pressured teams and the council's 12-month trend. */
export async function overviewPage(services: Services, principal: Principal, q: CaseloadQuery) {
  const b = await base(services, q);
  const { snapshot, laCode, asOf, laQuery } = b;
  const withhold = suppressesSmallCounts(principal.role);
  const count = (n: number) => (withhold ? suppressCount(n) : n);
  const workersLink = (href: string) => (childScope(principal.role) === 'none' ? null : href);
  const profile = await services.standards.active(laCode);
  const max = socialWorkerMax(profile);
  const caseHolders = snapshot.workers.filter((w) => w.capacity > 0);
  const overWorkers = snapshot.workers.filter((w) => w.flags.includes('over_max') || w.flags.includes('asye_over_protected'));
  const overTeams = snapshot.teams.filter((t) => ragFor(t) === 'over' || ragFor(t) === 'well_over');
  const asyeOver = snapshot.workers.filter((w) => w.flags.includes('asye_over_protected'));
  const agencyFte = caseHolders.filter((w) => w.agency).reduce((s, w) => s + w.fte, 0);
  const fte = caseHolders.reduce((s, w) => s + w.fte, 0);
  const series = await services.caseloads.series(laCode, lastTwelveMonthEnds(asOf).from, asOf);
  const chart = {
    id: 'la-trend',
    title: 'Average caseload per case-holding FTE, last 12 months',
    description: `Children held by case-holding workers per full-time case-holding worker across the council at each month end, against the social worker maximum of ${max}. Unallocated children are not in the average: the table gives them beside it.`,
    yLabel: 'Children per FTE',
    reference: { label: `Maximum ${max}`, value: max },
    series: [{ name: 'Whole council', points: series.dates.map((d, i) => ({ label: shortMonth(d), value: shownAverage(series.totals[i], withhold) })) }],
    tableColumns: [unallocatedColumn(series.dates, series.totals, withhold)],
  };
  const pressured = sortUnits(snapshot.teams, 'rag', 'desc').slice(0, 5);
  const published = await publishedBeside(services, laCode, ['caseload_fte', 'agency_rate_fte']);
  return {
    pageTitle: 'Overview',
    ...shown(b),
    profile,
    cards: [
      { label: 'Children open', value: count(snapshot.totals.children), href: `/caseloads${laQuery}` },
      { label: 'Average caseload per FTE', value: withhold && averageWithheld(snapshot.totals) ? 'c' : snapshot.totals.averagePerFte, digits: 1, note: `Children held by case-holding workers. Standard: ${profile.roles.social_worker.min} to ${max}`, benchmark: published.get('caseload_fte'), href: `/caseloads${laQuery}&sort=averagePerFte&dir=desc` },
      { label: 'Unallocated children', value: count(snapshot.totals.unallocated), note: 'Not in the average', href: `/caseloads${laQuery}&sort=unallocated&dir=desc` },
      { label: 'Cases over capacity', value: withhold && childrenWithheld(snapshot.totals) ? 'c' : snapshot.totals.casesOverCapacity, digits: 0, note: 'Each team’s shortfall, added up', href: `/caseloads${laQuery}&sort=casesOverCapacity&dir=desc` },
      { label: 'Posts needed to reach the maximum', value: withhold && childrenWithheld(snapshot.totals) ? 'c' : snapshot.totals.fteRequiredToMax, digits: 1, note: 'Social worker FTE, each team on its own', href: `/caseloads${laQuery}&sort=fteRequiredToMax&dir=desc` },
      { label: 'Workers over their standard', value: count(overWorkers.length), href: workersLink(`/caseloads/workers${laQuery}&flag=over`) },
      { label: 'Teams over the standard', value: overTeams.length, href: `/caseloads${laQuery}&sort=rag&dir=desc` },
      { label: 'ASYEs over their protected caseload', value: count(asyeOver.length), href: workersLink(`/caseloads/workers${laQuery}&flag=asye`) },
      { label: 'Agency share of case-holding FTE', value: fte > 0 ? (agencyFte / fte) * 100 : null, digits: 0, suffix: '%', benchmark: published.has('agency_rate_fte') ? `Agency rate as the DfE defines it. ${published.get('agency_rate_fte') ?? ''}` : undefined, href: workersLink(`/caseloads/workers${laQuery}&employment=agency`) },
    ],
    pressured: pressured.map((t) => {
      const unit = withhold ? withholdSmallCounts(t) : t;
      const percentOfCapacity = unit.children === 'c' ? 'c' : t.capacity > 0 ? (t.children / t.capacity) * 100 : null;
      return { ...unit, percentOfCapacity, ragHtml: unit.children === 'c' ? 'Withheld (small numbers)' : ragTagHtml(ragFor(t)) };
    }),
    chartSvg: lineChart(chart),
    chartTable: chartTable(chart),
  };
}

/** Caseloads by team: the hierarchy (or one sort order), its chart, and the totals. */
export async function caseloadsPage(services: Services, principal: Principal, q: CaseloadQuery) {
  const b = await base(services, q);
  const { snapshot, laCode, asOf, laQuery, tree } = b;
  const withhold = suppressesSmallCounts(principal.role);
  const profile = await services.standards.active(laCode);
  const max = socialWorkerMax(profile);
  const teamParents = new Map(snapshot.teams.map((t) => [t.teamId, t.parent]));
  const service = snapshot.services.find((s) => s.teamId === q.service);
  const sortKey = UNIT_COLUMNS.find((c) => c.key === q.sort)?.key as UnitSortKey | undefined;
  const dir = q.dir === 'asc' ? 'asc' : 'desc';
  const inService = (teamId: string) => !service || isWithin(tree, teamId, service.teamId);
  const link = (u: { teamId: string; name: string }) => `<a class="govuk-link" href="/caseloads/teams/${encodeURIComponent(u.teamId)}${laQuery}">${escapeHtml(u.name)}</a>`;
  let rows: Cell[][];
  if (sortKey) {
    rows = sortUnits(snapshot.teams.filter((t) => inService(t.teamId)), sortKey, dir).map((t) => unitCells(t, link(t), withhold));
  } else {
    rows = hierarchyRows(snapshot, teamParents)
      .filter((r) => inService(r.unit.teamId))
      .map((r) => {
        const name = r.level === 'team' ? link(r.unit) : `<strong>${escapeHtml(r.unit.name)}</strong>`;
        const cells = unitCells(r.unit, r.level === 'locality' ? `<span class="app-indent-1">${name}</span>` : r.level === 'team' ? `<span class="app-indent-2">${name}</span>` : name, withhold);
        return r.level === 'team' ? cells : cells.map((c) => ({ ...c, classes: `${c.classes ?? ''} app-row--rollup`.trim() }));
      });
  }
  const sortBase = `/caseloads?la=${laCode}&date=${asOf}${service ? `&service=${encodeURIComponent(service.teamId)}` : ''}`;
  const head = UNIT_COLUMNS.map((c, i) => {
    const active = sortKey === c.key;
    const nextDir = active && dir === 'desc' ? 'asc' : 'desc';
    const label = `<a class="govuk-link app-sort-link" href="${sortBase}&sort=${c.key}&dir=${nextDir}">${c.text}</a>`;
    return { html: label, format: i > 0 && i < UNIT_COLUMNS.length - 1 ? 'numeric' : undefined, attributes: { 'aria-sort': active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none' } };
  });
  const shownTeams = snapshot.teams.filter((t) => inService(t.teamId));
  // Each team against the maximum of its own roles (capacity per FTE): an IRO team's is 70, not the social worker 20.
  const limits = shownTeams.map((t) => (t.caseHoldingFte > 0 ? Math.round((t.capacity / t.caseHoldingFte) * 10) / 10 : null));
  const oneLimit = limits.every((l) => l === null || l === max);
  const distribution = {
    id: 'distribution',
    title: 'Average caseload per FTE by team',
    description: oneLimit
      ? `Children held by case-holding workers per full-time case-holding worker in each team at ${formatDate(asOf)}, against the social worker maximum of ${max}. Unallocated children are not in the average: the table gives them beside it.`
      : `Children held by case-holding workers per full-time case-holding worker in each team at ${formatDate(asOf)}, each against the maximum for its own workers' roles (for example ${max} for social workers), marked across its bar. Unallocated children are not in the average: the table gives them beside it.`,
    yLabel: 'Children per FTE',
    categoryLabel: 'Team',
    reference: oneLimit ? { label: `Maximum ${max}`, value: max } : undefined,
    limitLabel: oneLimit ? undefined : 'Maximum for the team’s roles',
    series: [{ name: 'Average caseload per FTE', points: shownTeams.map((t, i) => ({ label: t.name, value: shownAverage(t, withhold), ...(oneLimit ? {} : { limit: limits[i] ?? null }) })) }],
    tableColumns: [{ name: 'Unallocated children', points: shownTeams.map((t) => ({ label: t.name, value: withhold ? suppressCount(t.unallocated) : t.unallocated })) }],
  };
  return {
    pageTitle: 'Caseloads',
    ...shown(b),
    profile,
    head,
    rows,
    totals: withhold ? withholdSmallCounts({ ...snapshot.totals, teamId: '', name: '', parent: null }) : snapshot.totals,
    totalsRag: withhold && childrenWithheld(snapshot.totals) ? 'Withheld (small numbers)' : ragTagHtml(ragFor(snapshot.totals)),
    services: snapshot.services,
    filters: { service: service?.teamId ?? '', sort: sortKey ?? '', dir },
    downloadBase: `/caseloads?la=${laCode}&date=${asOf}`,
    chartSvg: barChart(distribution),
    chartTable: chartTable(distribution),
  };
}

/** Caseloads by team as a file: every team, small counts withheld for a viewer. */
export async function caseloadsDownload(services: Services, principal: Principal, q: CaseloadQuery, by: ExportedBy, format: DownloadFormat): Promise<DownloadTable> {
  const { laCode, asOf, snapshot } = await base(services, q);
  const { table } = await services.exports.caseloads(by, { laCode, asOf, view: 'team', format, snapshot, withhold: suppressesSmallCounts(principal.role) });
  return { name: `caseloads-by-team-${laCode}-${asOf}`, title: 'Caseloads by team', ...table };
}

/** The workers a principal may see, filtered and sorted as the query asks. */
function workerList(b: Base, principal: Principal, q: CaseloadQuery) {
  const { snapshot, tree } = b;
  let workers = snapshot.workers.filter((w) => (w.caseload > 0 || w.capacity > 0) && canSeeTeam(principal, w.teamId, tree));
  const roles = [...new Set(workers.map((w) => w.role))].sort();
  if (q.role) workers = workers.filter((w) => w.role === q.role);
  if (q.employment === 'agency') workers = workers.filter((w) => w.agency);
  if (q.employment === 'permanent') workers = workers.filter((w) => !w.agency);
  if (q.flag === 'over') workers = workers.filter((w) => w.flags.includes('over_max') || w.flags.includes('asye_over_protected'));
  if (q.flag === 'asye') workers = workers.filter((w) => w.flags.includes('asye_over_protected'));
  if (q.service) workers = workers.filter((w) => w.teamId !== null && isWithin(tree, w.teamId, q.service ?? ''));
  const teamNames = new Map(snapshot.teams.map((t) => [t.teamId, t.name]));
  const sortKey = WORKER_SORTS.find((c) => c.key === q.sort)?.key ?? 'over';
  const dir = q.dir === 'asc' ? 'asc' : q.dir === 'desc' ? 'desc' : WORKER_SORTS.find((c) => c.key === sortKey)!.dir;
  const byName = (a: (typeof workers)[number], b: (typeof workers)[number]) => a.name.localeCompare(b.name, 'en-GB');
  const compare: Record<WorkerSort, (a: (typeof workers)[number], b: (typeof workers)[number]) => number> = {
    over: (a, b) => a.caseload - a.capacity - (b.caseload - b.capacity),
    name: byName,
    team: (a, b) => (teamNames.get(a.teamId ?? '') ?? '').localeCompare(teamNames.get(b.teamId ?? '') ?? '', 'en-GB'),
    caseload: (a, b) => a.caseload - b.caseload,
    fte: (a, b) => a.fte - b.fte,
    headroom: (a, b) => a.headroom - b.headroom,
  };
  workers.sort((a, b) => (dir === 'asc' ? 1 : -1) * compare[sortKey](a, b) || byName(a, b));
  return { workers, roles, teamNames, sortKey, dir };
}

/** The workers list, one page of it; `viewed` is what the page shows, for the audit log. */
export async function workersPage(services: Services, principal: Principal, q: CaseloadQuery) {
  const b = await base(services, q);
  const { snapshot, laCode, asOf, laQuery } = b;
  const { workers, roles, teamNames, sortKey, dir } = workerList(b, principal, q);
  const pages = Math.max(1, Math.ceil(workers.length / WORKERS_PER_PAGE));
  const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
  const page = workers.slice((pageNumber - 1) * WORKERS_PER_PAGE, pageNumber * WORKERS_PER_PAGE);
  const query = new URLSearchParams(Object.entries({ la: laCode, date: asOf, role: q.role ?? '', employment: q.employment ?? '', flag: q.flag ?? '', service: q.service ?? '' }).filter(([, v]) => v !== '')).toString();
  return {
    viewed: { page: 'workers', asOf, pageNumber, workerIds: page.map((w) => w.workerId) },
    model: {
      pageTitle: 'Workers',
      ...shown(b),
      rows: page.map((w) => {
        const [name, ...rest] = workerCells(w, laQuery);
        return [name!, { text: teamNames.get(w.teamId ?? '') ?? '–' }, ...rest];
      }),
      count: workers.length,
      from: page.length === 0 ? 0 : (pageNumber - 1) * WORKERS_PER_PAGE + 1,
      to: (pageNumber - 1) * WORKERS_PER_PAGE + page.length,
      pagination: pagination(`/caseloads/workers?${query}${sortKey === 'over' && q.dir === undefined ? '' : `&sort=${sortKey}&dir=${dir}`}`, pageNumber, pages),
      sortHead: workerSortHead(`/caseloads/workers?${query}`, sortKey, dir),
      sortedBy: WORKER_SORTS.find((c) => c.key === sortKey)!.says(dir),
      roles: roles.map((r) => ({ value: r, text: roleText(r), selected: q.role === r })),
      services: snapshot.services,
      filters: { role: q.role ?? '', employment: q.employment ?? '', flag: q.flag ?? '', service: q.service ?? '' },
      downloadBase: `/caseloads/workers?${query}`,
    },
  };
}

/** The workers list as a file: every worker the filters select, not one page. */
export async function workersDownload(services: Services, principal: Principal, q: CaseloadQuery, by: ExportedBy, format: DownloadFormat): Promise<DownloadTable> {
  const b = await base(services, q);
  const { workers } = workerList(b, principal, q);
  const { table } = await services.exports.caseloads(by, { laCode: b.laCode, asOf: b.asOf, view: 'worker', format, snapshot: { ...b.snapshot, workers } });
  return { name: `caseloads-by-worker-${b.laCode}-${b.asOf}`, title: 'Caseloads by worker', ...table };
}

/** A team, locality or service the principal may open; "not found" for one outside a team manager's reach, as for one that does not exist. */
function teamOf(b: Base, principal: Principal, teamId: string) {
  const childLevel = childScope(principal.role) !== 'none';
  const team = [...b.snapshot.teams, ...b.snapshot.localities, ...b.snapshot.services].find((t) => t.teamId === teamId);
  if (!team || (childLevel && !canSeeTeam(principal, team.teamId, b.tree))) throw new AppError('not_found', 'There is no such team.');
  const workers = childLevel ? b.snapshot.workers.filter((w) => w.teamId === team.teamId && (w.caseload > 0 || w.capacity > 0 || w.directReports > 0)) : [];
  workers.sort((a, c) => c.caseload - a.caseload || a.name.localeCompare(c.name));
  return { team, workers, childLevel };
}

/** A team's page; `viewed` is null when it shows no child-level data (a viewer's aggregate form). */
export async function teamPage(services: Services, principal: Principal, q: CaseloadQuery & { teamId: string }) {
  const b = await base(services, q);
  const { snapshot, laCode, asOf, laQuery } = b;
  const { team, workers, childLevel } = teamOf(b, principal, q.teamId);
  const profile = await services.standards.active(laCode);
  const max = socialWorkerMax(profile);
  const series = await services.caseloads.series(laCode, lastTwelveMonthEnds(asOf).from, asOf);
  const unitSeries = [...series.teams, ...series.localities, ...series.services].find((t) => t.teamId === team.teamId);
  const chart = {
    id: 'team-trend',
    title: `${team.name}: average caseload per FTE, last 12 months`,
    description: `Children held by case-holding workers per full-time case-holding worker in ${team.name} at each month end, against the social worker maximum of ${max}. Unallocated children are not in the average: the table gives them beside it.`,
    yLabel: 'Children per FTE',
    reference: { label: `Maximum ${max}`, value: max },
    series: [{ name: team.name, points: series.dates.map((d, i) => ({ label: shortMonth(d), value: shownAverage(unitSeries?.figures[i], !childLevel) })) }],
    tableColumns: [unallocatedColumn(series.dates, unitSeries?.figures ?? [], !childLevel)],
  };
  const unallocated = childLevel ? await services.caseloads.unallocated(laCode, team.teamId, asOf) : [];
  const unit = childLevel ? team : withholdSmallCounts(team);
  return {
    viewed: childLevel ? { page: 'team', teamId: team.teamId, asOf, workerIds: workers.map((w) => w.workerId), childIds: unallocated.map((a) => a.childId) } : null,
    model: {
      pageTitle: team.name,
      ...shown(b),
      team: unit,
      rollUp: team.teamId !== '' && !snapshot.teams.some((t) => t.teamId === team.teamId),
      childLevel,
      ragHtml: unit.children === 'c' ? '' : ragTagHtml(ragFor(team)),
      profile,
      max,
      workerRows: workers.map((w) => workerCells(w, laQuery)),
      unallocated,
      chartSvg: lineChart(chart),
      chartTable: chartTable(chart),
      downloadBase: `/caseloads/teams/${encodeURIComponent(team.teamId)}${laQuery}`,
    },
  };
}

/** A team's workers as a file; a role that sees figures only cannot have it. */
export async function teamDownload(services: Services, principal: Principal, q: CaseloadQuery & { teamId: string }, by: ExportedBy, format: DownloadFormat): Promise<DownloadTable> {
  const b = await base(services, q);
  const { team, workers, childLevel } = teamOf(b, principal, q.teamId);
  if (!childLevel) throw new AppError('forbidden', 'Your role shows figures only: the list of workers cannot be downloaded.');
  const { table } = await services.exports.caseloads(by, { laCode: b.laCode, asOf: b.asOf, view: 'worker', format, snapshot: { ...b.snapshot, workers }, teamId: team.teamId });
  return { name: `team-${team.teamId}-${b.asOf}`, title: team.name, ...table };
}

/** A worker's page: their open and ended allocations, each paged. */
export async function workerPage(services: Services, principal: Principal, q: CaseloadQuery & { workerId: string }) {
  const b = await base(services, q);
  const { snapshot, laCode, asOf } = b;
  const worker = snapshot.workers.find((w) => w.workerId === q.workerId);
  if (!worker || !canSeeTeam(principal, worker.teamId, b.tree)) throw new AppError('not_found', 'There is no such worker.');
  const cases = await services.caseloads.workerCases(laCode, worker.workerId, asOf);
  const team = snapshot.teams.find((t) => t.teamId === worker.teamId);
  const history = cases.history.filter((a) => a.endDate !== null && a.endDate <= asOf).sort((a, c) => (a.endDate! < c.endDate! ? 1 : -1));
  const open = [...cases.open].sort((a, c) => (a.startDate < c.startDate ? 1 : a.startDate > c.startDate ? -1 : a.childId.localeCompare(c.childId)));
  const pageOf = (raw: string | undefined, count: number) => Math.min(Math.max(1, Math.ceil(count / ALLOCATIONS_PER_PAGE)), Math.max(1, Number.parseInt(raw ?? '1', 10) || 1));
  const openPage = pageOf(q.page, open.length);
  const endedPage = pageOf(q.endedPage, history.length);
  const openShown = open.slice((openPage - 1) * ALLOCATIONS_PER_PAGE, openPage * ALLOCATIONS_PER_PAGE);
  const endedShown = history.slice((endedPage - 1) * ALLOCATIONS_PER_PAGE, endedPage * ALLOCATIONS_PER_PAGE);
  const self = `/caseloads/workers/${encodeURIComponent(worker.workerId)}?la=${laCode}&date=${asOf}`;
  const range = (page: number, count: number, total: number) => ({ from: count === 0 ? 0 : (page - 1) * ALLOCATIONS_PER_PAGE + 1, to: (page - 1) * ALLOCATIONS_PER_PAGE + count, count: total });
  return {
    viewed: { page: 'worker', workerId: worker.workerId, asOf, childIds: [...new Set([...openShown, ...endedShown].map((a) => a.childId))] },
    model: {
      pageTitle: worker.name,
      ...shown(b),
      worker,
      team,
      role: roleText(worker.role),
      flags: worker.flags.map((f) => FLAG_TEXT[f]),
      open: openShown,
      openRange: range(openPage, openShown.length, open.length),
      openPagination: pagination(`${self}&endedPage=${endedPage}`, openPage, Math.ceil(open.length / ALLOCATIONS_PER_PAGE), 'page', '#open'),
      history: endedShown,
      historyRange: range(endedPage, endedShown.length, history.length),
      historyPagination: pagination(`${self}&page=${openPage}`, endedPage, Math.ceil(history.length / ALLOCATIONS_PER_PAGE), 'endedPage', '#ended'),
    },
  };
}

/** Unallocated children at each date, for a trend chart's data table beside the average. */
function unallocatedColumn(dates: readonly IsoDate[], figures: readonly { unallocated: number }[], withhold: boolean) {
  return { name: 'Unallocated children', points: dates.map((d, i) => ({ label: shortMonth(d), value: figures[i] === undefined ? null : withhold ? suppressCount(figures[i].unallocated) : figures[i].unallocated })) };
}

/** The snapshot's services, localities and teams as one tree, the only place their hierarchy is walked. */
function unitTree(snapshot: CaseloadSnapshot): TeamTree<TreeNode> {
  return buildTeamTree([...snapshot.teams, ...snapshot.localities, ...snapshot.services].map((u) => ({ teamId: u.teamId, parentId: u.parent })));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shortMonth(date: IsoDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(2, 4)}`;
}

