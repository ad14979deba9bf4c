import type { ImportPreview, Headline } from '../../services/import.service.ts';
import type { BatchEffect } from '../../services/import-effect.ts';
import { formatDate, formatNumber } from '../render.ts';

export interface PreviewPage {
  fileName: string;
  source: string;
  sourceText: string;
  laCode: string;
  summary: Array<{ key: string; value: string }>;
  changes: Array<{ what: string; added: string; replaced: string }>;
  headline: { asOf: string; rows: Array<{ figure: string; before: string; after: string; change: string }> };
  coverage: Array<{ family: string; from: string; to: string }>;
  lists: Array<{ sheet: string; rowsRead: string; loaded: string; rejected: string }>;
  issueCounts: { error: number; warning: number; info: number };
  issues: Array<{ where: string; severity: string; message: string }>;
  issuesTotal: number;
  workforce: string | null;
  endsDemoMode: boolean;
  replaces: boolean;
  nothingLoads: boolean;
}

const CHANGE_ROWS: ReadonlyArray<{ key: keyof BatchEffect; what: string }> = [
  { key: 'children', what: 'Children' },
  { key: 'events', what: 'Events and episodes' },
  { key: 'teams', what: 'Teams' },
  { key: 'workers', what: 'Workers' },
  { key: 'allocations', what: 'Allocations' },
  { key: 'other', what: 'Other rows (population, workforce census, extract lists)' },
];

const FIGURES: ReadonlyArray<{ key: keyof Headline; figure: string; digits: number }> = [
  { key: 'children', figure: 'Children open to teams', digits: 0 },
  { key: 'heldChildren', figure: 'Children held by case-holding workers', digits: 0 },
  { key: 'unallocated', figure: 'Children with no worker allocated', digits: 0 },
  { key: 'caseHoldingWorkers', figure: 'Case-holding workers', digits: 0 },
  { key: 'caseHoldingFte', figure: 'Case-holding FTE', digits: 1 },
  { key: 'averagePerFte', figure: 'Average caseload per FTE', digits: 1 },
  { key: 'capacity', figure: 'Capacity (children)', digits: 0 },
  { key: 'headroom', figure: 'Headroom (children)', digits: 0 },
  { key: 'casesOverCapacity', figure: 'Children over capacity', digits: 0 },
];

const ISSUES_SHOWN = 50;

function change(before: number | null, after: number | null, digits: number): string {
  if (before === null || after === null) return before === after ? 'No change' : 'Not comparable';
  const d = Math.round((after - before) * 10 ** digits) / 10 ** digits;
  if (d === 0) return 'No change';
  return `${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d), digits)}`;
}

function shown(value: number | null, digits: number): string {
  return value === null ? '–' : formatNumber(value, digits);
}

/**
 * What the preview page shows of a dry run: what the file would add and replace, and today's
 * figures before and after. `demoActive`: the viewer is in demo mode now.
 */
export function previewPage(preview: ImportPreview, sourceText: string, demoActive: boolean): PreviewPage {
  const r = preview.result;
  const read = r.lists.reduce((n, l) => n + l.rowsRead, 0);
  const loaded = r.lists.reduce((n, l) => n + l.loaded, 0);
  const count = (s: string) => r.issues.filter((i) => i.severity === s).length;
  const extract =
    r.extractDate === null ? 'None (the file describes the current position)' : `${formatDate(r.extractDate)}${r.extractDateFrom === 'file' ? ' (the latest date in the file)' : ''}`;
  const summary = [
    { key: 'Kind of file', value: sourceText },
    { key: 'Local authority', value: r.laCode },
    { key: 'Extract date', value: extract },
    { key: 'Rows', value: `${formatNumber(read, 0)} read: ${formatNumber(loaded, 0)} would load, ${formatNumber(read - loaded, 0)} would be rejected` },
    {
      key: 'Earlier imports',
      value: r.replaced ? `Replaces import ${r.replacedBatches.join(', ')} (the same kind${r.extractDate ? ' and extract date' : ''}): its rows are removed first, so nothing is duplicated` : 'Replaces no earlier import',
    },
  ];
  summary.push({ key: 'Issues', value: `${formatNumber(count('error'), 0)} errors (rows that would not load), ${formatNumber(count('warning'), 0)} warnings, ${formatNumber(count('info'), 0)} notes: listed below` });
  if (r.changes) {
    summary.push({ key: 'Episodes against other returns', value: `${formatNumber(r.changes.added, 0)} added, ${formatNumber(r.changes.replaced, 0)} replaced, ${formatNumber(r.changes.unchanged, 0)} unchanged, ${formatNumber(r.changes.superseded, 0)} held by a later return` });
  }
  return {
    fileName: r.fileName,
    source: r.source,
    sourceText,
    laCode: r.laCode,
    summary,
    changes: CHANGE_ROWS.filter((c) => r.effect[c.key].added + r.effect[c.key].changed > 0).map((c) => ({
      what: c.what,
      added: formatNumber(r.effect[c.key].added, 0),
      replaced: formatNumber(r.effect[c.key].changed, 0),
    })),
    headline: {
      asOf: formatDate(preview.headline.asOf),
      rows: FIGURES.map((f) => ({
        figure: f.figure,
        before: shown(preview.headline.before[f.key], f.digits),
        after: shown(preview.headline.after[f.key], f.digits),
        change: change(preview.headline.before[f.key], preview.headline.after[f.key], f.digits),
      })),
    },
    coverage: r.coverage.map((c) => ({ family: c.family.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase()), from: formatDate(c.from), to: formatDate(c.to) })),
    lists: r.lists.map((l) => ({ sheet: l.sheet, rowsRead: formatNumber(l.rowsRead, 0), loaded: formatNumber(l.loaded, 0), rejected: formatNumber(l.rejected, 0) })),
    issueCounts: { error: count('error'), warning: count('warning'), info: count('info') },
    issues: r.issues.slice(0, ISSUES_SHOWN).map((i) => ({
      where: [i.list ? `List ${i.list}` : i.sheet, i.row > 0 ? `row ${i.row}` : undefined, i.column].filter(Boolean).join(', '),
      severity: i.severity,
      message: i.value !== undefined && !i.message.includes(i.value) ? `"${i.value}": ${i.message}` : i.message,
    })),
    issuesTotal: r.issues.length,
    workforce: r.workforce?.message ?? null,
    endsDemoMode: demoActive && preview.endsDemoData,
    replaces: r.replaced,
    nothingLoads: loaded === 0,
  };
}
