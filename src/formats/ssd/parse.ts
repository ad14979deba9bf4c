import { parse } from 'csv-parse/sync';
import { parseDate } from '../csv/csv-table.ts';
import { issueValue, type ImportIssue } from '../issue.ts';
import { INPUT_LIMITS } from '../limits.ts';
import { detectSsdTable, normaliseSsdColumn, SSD_TABLES, type SsdTableName, type SsdTableSpec } from './tables.ts';

export interface SsdFile {
  fileName: string;
  bytes: Buffer;
}

/** One row of a table read: every column of the table as text (trimmed), its dates as ISO or null. */
export interface SsdRow {
  fileName: string;
  rowNumber: number;
  values: Record<string, string>;
  dates: Record<string, string | null>;
}

export interface SsdFileSummary {
  fileName: string;
  table: SsdTableName;
  ssdName: string;
  rowsRead: number;
  loaded: number;
  rejected: number;
}

export interface SsdParseResult {
  fatal?: { message: string };
  files: SsdFileSummary[];
  tables: Partial<Record<SsdTableName, SsdRow[]>>;
  issues: ImportIssue[];
  /** The latest event date found (contacts, referrals, assessments, enquiries, plans, episodes, involvements). */
  latestDate: string | null;
}

const READ_NAMES = SSD_TABLES.map((t) => t.name.replace('_', ' ')).join(', ');

/**
 * Reads the CSV exports of SSD tables. Each file is recognised by its columns' prefix; a file of a
 * table Headroom reads that lacks a required column, two files of one table, or a folder holding
 * none of the tables read is fatal (nothing is loaded). Other SSD tables are noted and skipped.
 * Every row of a table read is returned or reported as rejected with its reason; never throws.
 *
 * Row rules (docs/formats/ssd.md): a row without its person (or worker, or team) id, or without a
 * real key date, is rejected; an event ending before it starts is rejected; the same person and
 * key date twice in one table (the same id twice in person, professionals and department) keeps
 * the later row.
 */
export function parseSsd(files: readonly SsdFile[]): SsdParseResult {
  const out: SsdParseResult = { files: [], tables: {}, issues: [], latestDate: null };
  const seen = new Map<SsdTableName, string>();
  const found: Array<{ spec: SsdTableSpec; fileName: string; header: string[]; rows: Array<{ rowNumber: number; cells: string[] }> }> = [];
  let cells = 0;

  for (const file of files) {
    const text = decode(file.bytes).replace(/^\ufeff/, '');
    let rows: string[][];
    try {
      rows = parse(text, { relax_column_count: true, skip_empty_lines: false, trim: false, max_record_size: 1_000_000 }) as string[][];
    } catch (err) {
      return { ...out, fatal: { message: `${file.fileName} could not be read as CSV (${(err as Error).message.split('\n')[0]}).` } };
    }
    for (const r of rows) cells += r.length;
    if (rows.length > INPUT_LIMITS.maxRows || cells > INPUT_LIMITS.maxCells) {
      return { ...out, fatal: { message: `${file.fileName} has more rows or cells than Headroom reads from one import (${INPUT_LIMITS.maxRows.toLocaleString('en-GB')} rows).` } };
    }
    const headerIndex = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
    if (headerIndex < 0) {
      out.issues.push({ sheet: file.fileName, row: 0, severity: 'warning', message: `${file.fileName} is empty; it was skipped.` });
      continue;
    }
    const rawHeader = rows[headerIndex] ?? [];
    const header = rawHeader.map(normaliseSsdColumn);
    const detected = detectSsdTable(header);
    if (detected.kind === 'other') {
      out.issues.push({ sheet: file.fileName, row: 0, severity: 'info', message: `${file.fileName} is the SSD table ${detected.ssdName}, which Headroom does not read; it was skipped.` });
      continue;
    }
    if (detected.kind === 'unknown') {
      out.issues.push({ sheet: file.fileName, row: 0, severity: 'warning', message: `${file.fileName} is not a Standard Safeguarding Dataset table (its columns do not share an SSD table's prefix); it was skipped.` });
      continue;
    }
    const spec = detected.spec;
    const missing = spec.required.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      return { ...out, fatal: { message: `${file.fileName} is the SSD ${spec.ssdName} table but has no ${missing.join(' or ')} column.` } };
    }
    const earlier = seen.get(spec.name);
    if (earlier) return { ...out, fatal: { message: `${file.fileName} and ${earlier} are both the SSD ${spec.ssdName} table; give one file per table.` } };
    seen.set(spec.name, file.fileName);
    const body: Array<{ rowNumber: number; cells: string[] }> = [];
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const row = rows[r] ?? [];
      if (row.every((c) => c.trim() === '')) continue;
      body.push({ rowNumber: r + 1, cells: row });
    }
    header.forEach((h, i) => {
      if (h !== '' && h.startsWith(spec.prefix) && !spec.columns.includes(h)) {
        out.issues.push({ sheet: file.fileName, row: headerIndex + 1, column: rawHeader[i]?.trim(), severity: 'info', message: `The column "${h}" is not one Headroom reads from ${spec.ssdName}; it was ignored.` });
      }
    });
    found.push({ spec, fileName: file.fileName, header, rows: body });
  }

  if (found.length === 0) {
    return { ...out, fatal: { message: `No file is an SSD table Headroom reads (${READ_NAMES}); check this is a Standard Safeguarding Dataset export.` } };
  }

  for (const t of found) {
    const summary: SsdFileSummary = { fileName: t.fileName, table: t.spec.name, ssdName: t.spec.ssdName, rowsRead: t.rows.length, loaded: 0, rejected: 0 };
    out.files.push(summary);
    const position = new Map<string, number>();
    t.header.forEach((h, i) => {
      if (!position.has(h)) position.set(h, i);
    });
    const byKey = new Map<string, SsdRow>();
    for (const row of t.rows) {
      const issue = (column: string | undefined, value: string | undefined, severity: 'error' | 'warning', message: string) =>
        out.issues.push({ sheet: t.fileName, row: row.rowNumber, ...(column ? { column } : {}), ...(value ? { value: issueValue(value) } : {}), severity, message });
      const values: Record<string, string> = {};
      for (const c of t.spec.columns) values[c] = (row.cells[position.get(c) ?? -1] ?? '').replace(/\u00a0/g, ' ').trim();
      let rejected = false;
      if (values[t.spec.id] === '') {
        issue(t.spec.id, undefined, 'error', `${t.spec.id} is blank; the row was not loaded.`);
        rejected = true;
      }
      const dates: Record<string, string | null> = {};
      for (const c of t.spec.dates) {
        const v = values[c] ?? '';
        const required = c === t.spec.key;
        if (v === '') {
          dates[c] = null;
          if (required && !rejected) {
            issue(c, undefined, 'error', `${c} is blank; the row was not loaded.`);
            rejected = true;
          }
          continue;
        }
        // SQL Server exports write datetimes ("2023-04-01 00:00:00.000"): the day is what counts.
        const iso = parseDate(v.replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/, ''));
        dates[c] = iso;
        if (!iso) {
          issue(c, v, 'error', `${c} "${v}" is not a real date (write YYYY-MM-DD or DD/MM/YYYY)${required ? '; the row was not loaded' : '; it was left blank'}.`);
          if (required) rejected = true;
        }
      }
      const start = t.spec.key ? dates[t.spec.key] : null;
      const end = t.spec.end ? dates[t.spec.end] : null;
      if (!rejected && start && end && end < start) {
        issue(t.spec.end, values[t.spec.end ?? ''], 'error', `${t.spec.end} (${end}) is before ${t.spec.key} (${start}); the row was not loaded.`);
        rejected = true;
      }
      if (rejected) {
        summary.rejected += 1;
        continue;
      }
      if (t.spec.name !== 'professionals' && t.spec.name !== 'department' && t.spec.name !== 'person' && t.spec.name !== 'care_leavers') {
        for (const d of [start, end]) if (d && (out.latestDate === null || d > out.latestDate)) out.latestDate = d;
      }
      const key = t.spec.key && t.spec.name !== 'involvements' ? `${values[t.spec.id]}|${start}` : t.spec.name === 'involvements' ? `${values.invo_involvements_id || row.rowNumber}` : (values[t.spec.id] as string);
      const previous = byKey.get(key);
      if (previous) {
        out.issues.push({
          sheet: t.fileName,
          row: previous.rowNumber,
          column: t.spec.key ?? t.spec.id,
          severity: 'warning',
          message: `The same ${t.spec.key ? `${t.spec.id} and ${t.spec.key}` : t.spec.id} appears again at row ${row.rowNumber}; the later row was loaded and this one was not.`,
        });
        summary.rejected += 1;
      }
      byKey.set(key, { fileName: t.fileName, rowNumber: row.rowNumber, values, dates });
    }
    const rows = [...byKey.values()];
    summary.loaded = rows.length;
    out.tables[t.spec.name] = rows;
  }
  return out;
}

function decode(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\ufffd') ? new TextDecoder('windows-1252').decode(bytes) : utf8;
}

/** Yes/no flags as SSD exports write them (Y/N, 1/0, true/false); null when blank or anything else. */
export function ssdFlag(text: string | undefined): boolean | null {
  const v = (text ?? '').trim().toLowerCase();
  if (['y', 'yes', '1', 'true', 't'].includes(v)) return true;
  if (['n', 'no', '0', 'false', 'f'].includes(v)) return false;
  return null;
}

/** A field of a `_json` column (SSD outcome columns hold a small JSON object); null when absent or not JSON. */
export function jsonField(text: string | undefined, field: string): string | null {
  if (!text || !text.trim().startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && field in parsed) {
      const v = (parsed as Record<string, unknown>)[field];
      return v === null || v === undefined ? null : String(v);
    }
  } catch {
    return null;
  }
  return null;
}
