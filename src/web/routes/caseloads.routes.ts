import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publishedBeside } from '../pages/benchmarks.page.ts';
import type { Services } from '../../app.ts';
import type { CaseloadSnapshot } from '../../domain/caseload/caseload-snapshot.ts';
import { addDays, isIsoDate, monthEnd, type IsoDate } from '../../domain/dates.ts';
import { lastTwelveMonthEnds } from '../../services/page-warmer.ts';
import { AppError } from '../../errors.ts';
import { canSeeTeam, childScope, suppressesSmallCounts, type Principal } from '../../domain/access/roles.ts';
import { suppressCount } from '../../domain/disclosure/index.ts';
import { ACCESS, noChildLevelData, principalOf } from '../auth/access.ts';
import { caseloadTable } from '../../services/caseload-tables.ts';
import { chartTable, lineChart, barChart } from '../charts/svg-chart.ts';
import { isDownloadFormat, sendTable } from '../downloads.ts';
import { laContext, type LaContext } from '../la.ts';
import { formatDate } from '../render.ts';
import {
  FLAG_TEXT,
  UNIT_COLUMNS,
  escapeHtml,
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
  withholdUnitTable,
  workerCells,
  type Cell,
  type UnitSortKey,
} from '../view-models/caseload-view.ts';

interface Filters {
  date?: string;
  service?: string;
  role?: string;
  employment?: string;
  sort?: string;
  dir?: string;
  format?: string;
  la?: string;
}

interface PageBase {
  la: LaContext;
  laCode: string;
  asOf: IsoDate;
  snapshot: CaseloadSnapshot;
  laQuery: string;
}

async function pageBase(request: FastifyRequest<{ Querystring: Filters }>, services: Services): Promise<PageBase | null> {
  const la = await laContext(request, services);
  if (!la.current) return null;
  const laCode = la.current.laCode;
  const asked = request.query.date;
  if (asked !== undefined && asked !== '' && !isIsoDate(asked)) throw new AppError('bad_usage', 'The date must be a real date written as YYYY-MM-DD, for example 2024-03-31.');
  const asOf = asked && isIsoDate(asked) ? asked : await services.caseloads.defaultDate(laCode);
  const snapshot = await services.caseloads.snapshot(laCode, asOf);
  return { la, laCode, asOf, snapshot, laQuery: `?la=${laCode}&date=${asOf}` };
}

function noData(reply: FastifyReply): FastifyReply {
  return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
}

/** Whether a team manager's reach covers a unit; every unit for roles that see all data. */
function teamVisible(principal: Principal, teamId: string | null, snapshot: CaseloadSnapshot): boolean {
  const parents = new Map([...snapshot.teams, ...snapshot.localities, ...snapshot.services].map((u) => [u.teamId, u.parent]));
  return canSeeTeam(principal, teamId, (id) => parents.get(id));
}

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

export function registerCaseloadRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: Filters }>('/overview', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const base = await pageBase(request, services);
    if (!base) return noData(reply);
    const { snapshot, laCode, asOf, laQuery } = base;
    const principal = principalOf(request);
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
    return reply.view('pages/caseloads/overview.njk', {
      pageTitle: 'Overview',
      ...base,
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
        const shown = withhold ? withholdSmallCounts(t) : t;
        const percentOfCapacity = shown.children === 'c' ? 'c' : t.capacity > 0 ? (t.children / t.capacity) * 100 : null;
        return { ...shown, percentOfCapacity, ragHtml: shown.children === 'c' ? 'Withheld (small numbers)' : ragTagHtml(ragFor(t)) };
      }),
      chartSvg: lineChart(chart),
      chartTable: chartTable(chart),
    });
  });

  app.get<{ Querystring: Filters }>('/caseloads', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const base = await pageBase(request, services);
    if (!base) return noData(reply);
    const { snapshot, laCode, asOf, laQuery } = base;
    const q = request.query;
    const withhold = suppressesSmallCounts(principalOf(request).role);
    if (q.format !== undefined && isDownloadFormat(q.format)) {
      const table = withhold ? withholdUnitTable(caseloadTable(snapshot, 'team')) : caseloadTable(snapshot, 'team');
      await request.audit({ action: 'export', laCode, detail: { download: 'caseloads-by-team', format: q.format, asOf, rows: table.rows.length, smallCountsWithheld: withhold } });
      return sendTable(reply, q.format, { name: `caseloads-by-team-${laCode}-${asOf}`, title: 'Caseloads by team', ...table });
    }
    const profile = await services.standards.active(laCode);
    const max = socialWorkerMax(profile);
    const teamParents = new Map(snapshot.teams.map((t) => [t.teamId, t.parent]));
    const service = snapshot.services.find((s) => s.teamId === q.service);
    const sortKey = UNIT_COLUMNS.find((c) => c.key === q.sort)?.key as UnitSortKey | undefined;
    const dir = q.dir === 'asc' ? 'asc' : 'desc';
    const link = (u: { teamId: string; name: string }) => `<a class="govuk-link" href="/caseloads/teams/${encodeURIComponent(u.teamId)}${laQuery}">${escapeHtml(u.name)}</a>`;
    let rows: Cell[][];
    if (sortKey) {
      const teams = service ? snapshot.teams.filter((t) => belongsTo(t.teamId, service.teamId, snapshot)) : snapshot.teams;
      rows = sortUnits(teams, sortKey, dir).map((t) => unitCells(t, link(t), withhold));
    } else {
      rows = hierarchyRows(snapshot, teamParents)
        .filter((r) => !service || r.unit.teamId === service.teamId || belongsTo(r.unit.teamId, service.teamId, snapshot))
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
    const shownTeams = snapshot.teams.filter((t) => !service || belongsTo(t.teamId, service.teamId, snapshot));
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
    return reply.view('pages/caseloads/index.njk', {
      pageTitle: 'Caseloads',
      ...base,
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
    });
  });

  app.get<{ Querystring: Filters & { flag?: string; page?: string; sort?: string; dir?: string } }>('/caseloads/workers', { config: { access: ACCESS.childLevel } }, async (request, reply) => {
    const base = await pageBase(request, services);
    if (!base) return noData(reply);
    const { snapshot, laCode, asOf, laQuery } = base;
    const q = request.query;
    const principal = principalOf(request);
    let workers = snapshot.workers.filter((w) => (w.caseload > 0 || w.capacity > 0) && teamVisible(principal, w.teamId, snapshot));
    if (q.role) workers = workers.filter((w) => w.role === q.role);
    if (q.employment === 'agency') workers = workers.filter((w) => w.agency);
    if (q.employment === 'permanent') workers = workers.filter((w) => !w.agency);
    if (q.flag === 'over') workers = workers.filter((w) => w.flags.includes('over_max') || w.flags.includes('asye_over_protected'));
    if (q.flag === 'asye') workers = workers.filter((w) => w.flags.includes('asye_over_protected'));
    if (q.service) workers = workers.filter((w) => w.teamId !== null && belongsTo(w.teamId, q.service ?? '', snapshot));
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
    if (q.format !== undefined && isDownloadFormat(q.format)) {
      const table = caseloadTable({ ...snapshot, workers }, 'worker');
      await request.audit({ action: 'export', laCode, detail: { download: 'caseloads-by-worker', format: q.format, asOf, workerIds: workers.map((w) => w.workerId) } });
      return sendTable(reply, q.format, { name: `caseloads-by-worker-${laCode}-${asOf}`, title: 'Caseloads by worker', ...table });
    }
    const pages = Math.max(1, Math.ceil(workers.length / WORKERS_PER_PAGE));
    const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
    const shown = workers.slice((pageNumber - 1) * WORKERS_PER_PAGE, pageNumber * WORKERS_PER_PAGE);
    await request.audit({ action: 'view', laCode, detail: { page: 'workers', asOf, pageNumber, workerIds: shown.map((w) => w.workerId) } });
    const roles = [...new Set(snapshot.workers.filter((w) => (w.caseload > 0 || w.capacity > 0) && teamVisible(principal, w.teamId, snapshot)).map((w) => w.role))].sort();
    const query = new URLSearchParams(Object.entries({ la: laCode, date: asOf, role: q.role ?? '', employment: q.employment ?? '', flag: q.flag ?? '', service: q.service ?? '' }).filter(([, v]) => v !== '')).toString();
    return reply.view('pages/caseloads/workers.njk', {
      pageTitle: 'Workers',
      ...base,
      rows: shown.map((w) => {
        const [name, ...rest] = workerCells(w, laQuery);
        return [name!, { text: teamNames.get(w.teamId ?? '') ?? '–' }, ...rest];
      }),
      count: workers.length,
      from: shown.length === 0 ? 0 : (pageNumber - 1) * WORKERS_PER_PAGE + 1,
      to: (pageNumber - 1) * WORKERS_PER_PAGE + shown.length,
      pagination: pagination(`/caseloads/workers?${query}${sortKey === 'over' && q.dir === undefined ? '' : `&sort=${sortKey}&dir=${dir}`}`, pageNumber, pages),
      sortHead: workerSortHead(`/caseloads/workers?${query}`, sortKey, dir),
      sortedBy: WORKER_SORTS.find((c) => c.key === sortKey)!.says(dir),
      roles: roles.map((r) => ({ value: r, text: roleText(r), selected: q.role === r })),
      services: snapshot.services,
      filters: { role: q.role ?? '', employment: q.employment ?? '', flag: q.flag ?? '', service: q.service ?? '' },
      downloadBase: `/caseloads/workers?${query}`,
    });
  });

  app.get<{ Params: { teamId: string }; Querystring: Filters }>('/caseloads/teams/:teamId', { config: { access: ACCESS.teamPage } }, async (request, reply) => {
    const base = await pageBase(request, services);
    if (!base) return noData(reply);
    const { snapshot, laCode, asOf, laQuery } = base;
    const principal = principalOf(request);
    const childLevel = childScope(principal.role) !== 'none';
    const team = [...snapshot.teams, ...snapshot.localities, ...snapshot.services].find((t) => t.teamId === request.params.teamId);
    // Another team's page is "not found" to a team manager, exactly as a team that does not exist.
    if (!team || (childLevel && !teamVisible(principal, team.teamId, snapshot))) throw new AppError('not_found', 'There is no such team.');
    const workers = childLevel ? snapshot.workers.filter((w) => w.teamId === team.teamId && (w.caseload > 0 || w.capacity > 0 || w.directReports > 0)) : [];
    workers.sort((a, b) => b.caseload - a.caseload || a.name.localeCompare(b.name));
    if (request.query.format !== undefined && isDownloadFormat(request.query.format)) {
      if (!childLevel) throw new AppError('forbidden', 'Your role shows figures only: the list of workers cannot be downloaded.');
      const table = caseloadTable({ ...snapshot, workers }, 'worker');
      await request.audit({ action: 'export', laCode, detail: { download: 'team-workers', teamId: team.teamId, format: request.query.format, asOf, workerIds: workers.map((w) => w.workerId) } });
      return sendTable(reply, request.query.format, { name: `team-${team.teamId}-${asOf}`, title: team.name, ...table });
    }
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
    if (childLevel) {
      await request.audit({ action: 'view', laCode, detail: { page: 'team', teamId: team.teamId, asOf, workerIds: workers.map((w) => w.workerId), childIds: unallocated.map((a) => a.childId) } });
    } else {
      noChildLevelData(request);
    }
    const shown = childLevel ? team : withholdSmallCounts(team);
    return reply.view('pages/caseloads/team.njk', {
      pageTitle: team.name,
      ...base,
      team: shown,
      rollUp: team.teamId !== '' && !snapshot.teams.some((t) => t.teamId === team.teamId),
      childLevel,
      ragHtml: shown.children === 'c' ? '' : ragTagHtml(ragFor(team)),
      profile,
      max,
      workerRows: workers.map((w) => workerCells(w, laQuery)),
      unallocated,
      chartSvg: lineChart(chart),
      chartTable: chartTable(chart),
      downloadBase: `/caseloads/teams/${encodeURIComponent(team.teamId)}${laQuery}`,
    });
  });

  app.get<{ Params: { workerId: string }; Querystring: Filters & { page?: string; endedPage?: string } }>('/caseloads/workers/:workerId', { config: { access: ACCESS.childLevel } }, async (request, reply) => {
    const base = await pageBase(request, services);
    if (!base) return noData(reply);
    const { snapshot, laCode, asOf } = base;
    const worker = snapshot.workers.find((w) => w.workerId === request.params.workerId);
    if (!worker || !teamVisible(principalOf(request), worker.teamId, snapshot)) throw new AppError('not_found', 'There is no such worker.');
    const cases = await services.caseloads.workerCases(laCode, worker.workerId, asOf);
    const team = snapshot.teams.find((t) => t.teamId === worker.teamId);
    const history = cases.history.filter((a) => a.endDate !== null && a.endDate <= asOf).sort((a, b) => (a.endDate! < b.endDate! ? 1 : -1));
    const open = [...cases.open].sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : a.childId.localeCompare(b.childId)));
    const pageOf = (raw: string | undefined, count: number) => Math.min(Math.max(1, Math.ceil(count / ALLOCATIONS_PER_PAGE)), Math.max(1, Number.parseInt(raw ?? '1', 10) || 1));
    const openPage = pageOf(request.query.page, open.length);
    const endedPage = pageOf(request.query.endedPage, history.length);
    const openShown = open.slice((openPage - 1) * ALLOCATIONS_PER_PAGE, openPage * ALLOCATIONS_PER_PAGE);
    const endedShown = history.slice((endedPage - 1) * ALLOCATIONS_PER_PAGE, endedPage * ALLOCATIONS_PER_PAGE);
    await request.audit({ action: 'view', laCode, detail: { page: 'worker', workerId: worker.workerId, asOf, childIds: [...new Set([...openShown, ...endedShown].map((a) => a.childId))] } });
    const self = `/caseloads/workers/${encodeURIComponent(worker.workerId)}?la=${laCode}&date=${asOf}`;
    const range = (page: number, shown: number, count: number) => ({ from: shown === 0 ? 0 : (page - 1) * ALLOCATIONS_PER_PAGE + 1, to: (page - 1) * ALLOCATIONS_PER_PAGE + shown, count });
    return reply.view('pages/caseloads/worker.njk', {
      pageTitle: worker.name,
      ...base,
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
    });
  });
}

/** Unallocated children at each date, for a trend chart's data table beside the average. */
function unallocatedColumn(dates: readonly IsoDate[], figures: readonly { unallocated: number }[], withhold: boolean) {
  return { name: 'Unallocated children', points: dates.map((d, i) => ({ label: shortMonth(d), value: figures[i] === undefined ? null : withhold ? suppressCount(figures[i].unallocated) : figures[i].unallocated })) };
}

function belongsTo(teamId: string, ancestorId: string, snapshot: CaseloadSnapshot): boolean {
  const parents = new Map([...snapshot.teams, ...snapshot.localities, ...snapshot.services].map((u) => [u.teamId, u.parent]));
  let current: string | null | undefined = teamId;
  for (let i = 0; current && i < 10; i++) {
    if (current === ancestorId) return true;
    current = parents.get(current);
  }
  return false;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shortMonth(date: IsoDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(2, 4)}`;
}

