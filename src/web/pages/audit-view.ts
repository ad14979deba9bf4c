import type { Services } from '../../app.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { AppError } from '../../errors.ts';
import { ALL_LAS, ROLE_TEXT, isRole, type Principal } from '../../domain/access/roles.ts';

/**
 * An audit row's detail in words for the audit log page: team ids named, lists of child or
 * worker ids counted (never listed), files and downloads named. The CSV download keeps the
 * detail exactly as recorded.
 */
export function auditDetailText(detail: Record<string, unknown>, teamNames: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  const team = (id: unknown) => (typeof id === 'string' ? (teamNames.get(id) ?? id) : String(id));
  const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
  for (const [key, value] of Object.entries(detail)) {
    if (value === null || value === undefined || value === '') continue;
    parts.push(describe(key, value));
  }
  return parts.filter((p) => p !== '').join('; ');

  function describe(key: string, value: unknown): string {
    switch (key) {
      case 'childIds':
        return Array.isArray(value) ? `${value.length.toLocaleString('en-GB')} ${value.length === 1 ? 'child' : 'children'} shown` : '';
      case 'workerIds':
        return Array.isArray(value) ? `${plural(value.length, 'worker')} shown` : '';
      case 'teamIds':
        return Array.isArray(value) ? (value.length === 0 ? 'no teams' : `teams: ${value.map(team).join(', ')}`) : '';
      case 'teamId':
        return `team: ${team(value)}`;
      case 'laCodes':
        return Array.isArray(value) ? `councils: ${value.map((c) => (c === '*' ? 'every council' : String(c))).join(', ')}` : '';
      case 'fileName':
      case 'file':
        return `file: ${String(value)}`;
      case 'download':
        return `downloaded: ${String(value).replace(/-/g, ' ')}`;
      case 'asOf':
        return `at ${String(value)}`;
      case 'page':
        return `page: ${String(value)}`;
      case 'pageNumber':
        return `page number ${String(value)}`;
      case 'sessionsEnded':
        return typeof value === 'number' ? `${plural(value, 'session')} ended` : '';
      case 'withNames':
        return value === true ? 'with worker names' : 'without worker names';
      default:
        return `${words(key)}: ${plain(value)}`;
    }
  }

  function plain(value: unknown): string {
    if (Array.isArray(value)) return value.length > 5 ? plural(value.length, 'item') : value.map(plain).join(', ');
    if (typeof value === 'object' && value !== null) {
      return Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => (k === 'teamIds' && Array.isArray(v) ? `teams ${v.length === 0 ? 'none' : v.map(team).join(', ')}` : `${words(k)} ${plain(v)}`))
        .join(', ');
    }
    return String(value);
  }
}

/** `rowsRejected` reads "rows rejected". */
function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

const PAGE_ROWS = 500;
const ROWS_PER_PAGE = 25;

export interface AuditFilters {
  from?: string;
  to?: string;
  page?: string;
}

/** `from` and `to` as whole days: from the start of `from` to the end of `to` (UTC). */
export function dayRange(q: AuditFilters): { from: Date | undefined; to: Date | undefined; fromText: string; toText: string } {
  const from = q.from?.trim() ?? '';
  const to = q.to?.trim() ?? '';
  for (const d of [from, to]) {
    if (d !== '' && !isIsoDate(d)) throw new AppError('bad_usage', 'Dates must be real dates written as YYYY-MM-DD, for example 2026-11-01.');
  }
  const end = to === '' ? undefined : new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  return { from: from === '' ? undefined : new Date(`${from}T00:00:00Z`), to: end, fromText: from, toText: to };
}

/** The audit log page: the latest rows (up to PAGE_ROWS) in a date range, paged; `viewed` is what it shows, for the log itself. */
export async function auditLogPage(services: Services, principal: Principal, q: AuditFilters) {
    const range = dayRange(q);
    const laCodes = principal.laCodes.includes(ALL_LAS) ? undefined : principal.laCodes;
    const filter = { from: range.from, to: range.to, laCodes, cap: PAGE_ROWS, rows: ROWS_PER_PAGE };
    const asked = Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1);
    let { rows, count } = await services.audit.page({ ...filter, offset: (asked - 1) * ROWS_PER_PAGE });
    const pages = Math.max(1, Math.ceil(count / ROWS_PER_PAGE));
    const pageNumber = Math.min(pages, asked);
    // A page number past the end shows the last page, as before.
    if (pageNumber !== asked) ({ rows, count } = await services.audit.page({ ...filter, offset: (pageNumber - 1) * ROWS_PER_PAGE }));
    const query = new URLSearchParams(Object.entries({ from: range.fromText, to: range.toText }).filter(([, v]) => v !== '')).toString();
    const teamNames = new Map<string, string>();
    for (const la of await services.system.laCodes()) {
      if (laCodes === undefined || laCodes.includes(la)) for (const t of await services.system.teams(la)) teamNames.set(t.teamId, t.name);
    }
    const href = (n: number) => `/admin/audit?${query ? `${query}&` : ''}page=${n}`;
    return {
      viewed: { from: range.fromText || null, to: range.toText || null, rows: rows.length },
      model: {
      pageTitle: 'Audit log',
      filters: { from: range.fromText, to: range.toText },
      limit: PAGE_ROWS,
      count,
      from: rows.length === 0 ? 0 : (pageNumber - 1) * ROWS_PER_PAGE + 1,
      to: (pageNumber - 1) * ROWS_PER_PAGE + rows.length,
      pagination:
        pages <= 1
          ? null
          : {
              previous: pageNumber > 1 ? { href: href(pageNumber - 1) } : null,
              next: pageNumber < pages ? { href: href(pageNumber + 1) } : null,
              items: Array.from({ length: pages }, (_, i) => i + 1)
                .filter((n) => n === 1 || n === pages || Math.abs(n - pageNumber) <= 1)
                .flatMap((n, i, shown) => [...(i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []), { number: n, href: href(n), current: n === pageNumber }]),
              landmarkLabel: 'Audit log: pages',
            },
      downloadHref: `/admin/audit.csv${query ? `?${query}` : ''}`,
      rows: rows.map((r) => ({
        at: r.at.toISOString().replace('T', ' ').slice(0, 19),
        laCode: r.laCode,
        actor: r.actor,
        role: r.actorRole && isRole(r.actorRole) ? ROLE_TEXT[r.actorRole] : (r.actorRole ?? ''),
        action: r.action.replace(/_/g, ' '),
        route: r.route ?? '',
        detail: auditDetailText(r.detail, teamNames),
      })),
    },
    };
}
