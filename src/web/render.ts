import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { seesPools } from '../domain/access/pools.ts';
import type { Principal, Role } from '../domain/access/roles.ts';
import { escapeHtml } from '../reports/common/text.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const GOVUK_DIST = path.resolve(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend')), '..');
export const VIEWS_DIR = path.join(here, 'views');
export const ASSETS_DIR = path.join(here, 'assets');

export interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

/**
 * Top-level sections, each shown only to the roles that may open it (`roles` absent: every
 * signed-in role) and, where `shows` is given, to those it accepts.
 */
const SECTIONS: ReadonlyArray<{ href: string; text: string; roles?: readonly Role[]; shows?: (who: NavPrincipal) => boolean }> = [
  { href: '/', text: 'Home' },
  { href: '/overview', text: 'Overview' },
  { href: '/caseloads', text: 'Caseloads' },
  { href: '/performance', text: 'Performance' },
  { href: '/benchmarks', text: 'Benchmarks' },
  { href: '/planning', text: 'Planning', roles: ['admin', 'analyst', 'senior_manager'] },
  { href: '/forecast', text: 'Forecast', roles: ['admin', 'analyst', 'senior_manager'] },
  { href: '/improvement', text: 'Improvement' },
  { href: '/pools', text: 'Pools', shows: seesPools },
  { href: '/data', text: 'Data', roles: ['admin', 'analyst'] },
  { href: '/settings', text: 'Settings', roles: ['admin'] },
  { href: '/admin/audit', text: 'Admin', roles: ['admin'] },
];

type NavPrincipal = Pick<Principal, 'role' | 'laCodes' | 'poolId'>;

/** The sections for a signed-in principal; signed out (null), only Home. With no one given, every section. */
export function navigation(currentPath: string, who?: NavPrincipal | null): NavItem[] {
  const visible = SECTIONS.filter((s) => who === undefined || (who === null ? s.href === '/' : (!s.roles || s.roles.includes(who.role)) && (!s.shows || s.shows(who))));
  return visible.map((s) => ({
    href: s.href,
    text: s.text,
    active: s.href === '/' ? currentPath === '/' : currentPath === s.href || currentPath.startsWith(`${s.href}/`) || (s.href === '/admin/audit' && currentPath.startsWith('/admin/')),
  }));
}

/**
 * The `trim` filter. Nunjucks' own uses /^\s*|\s*$/g, which takes time quadratic in the runs of
 * white space of a long string: on the large tables GOV.UK Frontend's macros capture and trim, it
 * was a sixth of a page's CPU time. String.prototype.trim removes the same characters in linear
 * time; markup already marked safe stays safe, as with the original.
 */
export function trimFilter(value: unknown): string | nunjucks.runtime.SafeString {
  const trimmed = String(value ?? '').trim();
  return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
}

interface ChartTableLike {
  caption?: unknown;
  head?: readonly unknown[];
  rows?: ReadonlyArray<readonly unknown[]>;
}

const chartTables = new WeakMap<object, string>();

/**
 * The table under a chart (`appChart` in partials/chart.njk), as markup. Built here rather than
 * by template loops, which set a Nunjucks variable per cell and were the largest share of a
 * chart page's time; a table object kept in a cached page model is built once.
 */
export function chartTableHtml(table: ChartTableLike | null | undefined): string {
  if (!table) return chartTableMarkup({});
  let html = chartTables.get(table);
  if (html === undefined) {
    html = chartTableMarkup(table);
    chartTables.set(table, html);
  }
  return html;
}

function chartTableMarkup(table: ChartTableLike): string {
  const esc = (v: unknown) => escapeHtml(v === null || v === undefined ? '' : String(v));
  const head = (table.head ?? [])
    .map((h, i) => `<th scope="col" class="govuk-table__header${i > 0 ? ' govuk-table__header--numeric' : ''}">${esc(h || 'Period')}</th>`)
    .join('');
  const rows = (table.rows ?? [])
    .map((r) => `<tr class="govuk-table__row">${r.map((c, i) => (i === 0 ? `<th scope="row" class="govuk-table__header">${esc(c)}</th>` : `<td class="govuk-table__cell govuk-table__cell--numeric">${esc(formatNumber(c, 1))}</td>`)).join('')}</tr>`)
    .join('');
  return (
    '<div class="app-table-scroll"><table class="govuk-table">' +
    `<caption class="govuk-table__caption govuk-table__caption--s">${esc(table.caption)}</caption>` +
    `<thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead>` +
    `<tbody class="govuk-table__body">${rows}</tbody></table></div>`
  );
}

export function createRenderer(): (template: string, context: Record<string, unknown>) => string {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('trim', trimFilter);
  env.addFilter('num', (value: unknown, digits?: number) => formatNumber(value, digits));
  env.addFilter('ukdate', (value: unknown) => formatDate(value));
  env.addFilter('chartTableHtml', (table: ChartTableLike | null | undefined) => chartTableHtml(table));
  return (template, context) => env.render(template, context);
}

/** Numbers as a council report prints them: thousands separated, fixed decimals when asked, a dash for none. */
// `toLocaleString` builds a new Intl.NumberFormat on every call, which made number formatting a
// fifth of a page's CPU time under load; one formatter per number of digits is built once.
const formatters = new Map<number | undefined, Intl.NumberFormat>();
function formatterFor(digits: number | undefined): Intl.NumberFormat {
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', digits === undefined ? { maximumFractionDigits: 1 } : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(digits, f);
  }
  return f;
}

export function formatNumber(value: unknown, digits?: number): string {
  if (value === null || value === undefined || value === '') return '–';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return formatterFor(digits).format(n);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2024-03-31` as `31 March 2024` (the GOV.UK style); timestamps (Date or ISO string) with the time, UTC. */
export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  // Timestamps read back from the database as ISO strings (saved at) print like Date values.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return formatDate(new Date(value));
  if (value instanceof Date) {
    const d = value.toISOString();
    return `${formatDate(d.slice(0, 10))} ${d.slice(11, 16)}`;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (!m) return String(value);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}
