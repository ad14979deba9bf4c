import { parse } from 'csv-parse/sync';
import { parseDate } from '../csv/csv-table.ts';
import { issueValue, type ImportIssue } from '../issue.ts';
import { CODE_COLUMNS, detectTable, normaliseColumn, SSDA903_CODES, type Ssda903TableName, type Ssda903TableSpec } from './tables.ts';

export interface Ssda903File {
  fileName: string;
  bytes: Buffer;
}

/** One 903 episode: a period with one legal status and one placement. Codes are upper case. */
export interface Ssda903Episode {
  fileName: string;
  rowNumber: number;
  childId: string;
  startDate: string;
  endDate: string | null;
  reasonNewEpisode: string | null;
  legalStatus: string | null;
  cinCategory: string | null;
  placementType: string | null;
  placementProvider: string | null;
  reasonCeased: string | null;
  reasonPlaceChange: string | null;
  urn: string | null;
  data: Record<string, string>;
}

/** A row of any other table, with the dates and code the indicators use. */
export interface Ssda903Record {
  table: Ssda903TableName;
  fileName: string;
  rowNumber: number;
  childId: string;
  startDate: string | null;
  endDate: string | null;
  code: string | null;
  data: Record<string, string>;
}

export interface Ssda903Child {
  childId: string;
  sex: string | null;
  dateOfBirth: string | null;
  ethnicity: string | null;
}

export interface Ssda903FileSummary {
  fileName: string;
  table: Ssda903TableName;
  title: string;
  rowsRead: number;
  loaded: number;
  rejected: number;
}

export interface Ssda903ParseResult {
  fatal?: { message: string };
  files: Ssda903FileSummary[];
  episodes: Ssda903Episode[];
  records: Ssda903Record[];
  children: Ssda903Child[];
  issues: ImportIssue[];
}

/** The collection year ending 31 March `year`: 1 April of the year before to 31 March. */
export function collectionYear(year: number): { from: string; to: string } {
  return { from: `${year - 1}-04-01`, to: `${year}-03-31` };
}

/**
 * Reads the CSV tables of one SSDA903 return. Each file is recognised by its columns; an
 * unrecognised file, or a second file of the same table, is fatal (nothing is loaded). Every
 * row read is returned as loaded or reported as rejected with its reason; never throws.
 *
 * Episode rules (docs/formats/ssda903.md): an episode ending before it starts or starting after
 * the collection year is rejected; the same child and start date twice keeps the later row; an
 * episode that overlaps the child's next one is cut to end on the next one's start date.
 */
export function parseSsda903(files: readonly Ssda903File[], year: number): Ssda903ParseResult {
  const out: Ssda903ParseResult = { files: [], episodes: [], records: [], children: [], issues: [] };
  const { to: yearEnd } = collectionYear(year);
  const seen = new Map<Ssda903TableName, string>();
  const tables: Array<{ spec: Ssda903TableSpec; fileName: string; header: string[]; rows: Array<{ rowNumber: number; cells: string[] }> }> = [];

  for (const file of files) {
    const text = decode(file.bytes).replace(/^\ufeff/, '');
    let rows: string[][];
    try {
      rows = parse(text, { relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
    } catch (err) {
      return { ...out, fatal: { message: `${file.fileName} could not be read as CSV (${(err as Error).message.split('\n')[0]}).` } };
    }
    const headerIndex = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
    if (headerIndex < 0) return { ...out, fatal: { message: `${file.fileName} is empty.` } };
    const header = (rows[headerIndex] ?? []).map(normaliseColumn);
    const spec = detectTable(header);
    if (!spec) {
      return {
        ...out,
        fatal: { message: `${file.fileName} is not an SSDA903 table: its columns (${header.filter(Boolean).slice(0, 8).join(', ')}) match none of header, episodes, uasc, missing, reviews, prev_perm, sw_episodes, oc2, oc3, ad1 or placed_adoption.` },
      };
    }
    const earlier = seen.get(spec.name);
    if (earlier) return { ...out, fatal: { message: `${file.fileName} and ${earlier} are both the ${spec.title} table; give one file per table.` } };
    seen.set(spec.name, file.fileName);
    const body: Array<{ rowNumber: number; cells: string[] }> = [];
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const cells = rows[r] ?? [];
      if (cells.every((c) => c.trim() === '')) continue;
      body.push({ rowNumber: r + 1, cells });
    }
    header.forEach((h, i) => {
      if (h !== '' && !spec.columns.includes(h)) {
        out.issues.push({ sheet: file.fileName, row: headerIndex + 1, column: (rows[headerIndex] ?? [])[i]?.trim(), severity: 'warning', message: `The column "${h}" is not part of the ${spec.title} table; it was ignored.` });
      }
    });
    tables.push({ spec, fileName: file.fileName, header, rows: body });
  }

  for (const t of tables) {
    const summary: Ssda903FileSummary = { fileName: t.fileName, table: t.spec.name, title: t.spec.title, rowsRead: t.rows.length, loaded: 0, rejected: 0 };
    out.files.push(summary);
    const position = new Map<string, number>();
    t.header.forEach((h, i) => {
      if (t.spec.columns.includes(h) && !position.has(h)) position.set(h, i);
    });
    const accepted: Array<{ rowNumber: number; values: Record<string, string>; dates: Record<string, string | null> }> = [];
    for (const row of t.rows) {
      const issue = (column: string | undefined, value: string | undefined, severity: 'error' | 'warning', message: string) =>
        out.issues.push({ sheet: t.fileName, row: row.rowNumber, ...(column ? { column } : {}), ...(value ? { value: issueValue(value) } : {}), severity, message });
      const values: Record<string, string> = {};
      for (const c of t.spec.columns) {
        const raw = (row.cells[position.get(c) ?? -1] ?? '').replace(/\u00a0/g, ' ').trim();
        values[c] = CODE_COLUMNS.has(c) ? raw.replace(/\s+/g, '').toUpperCase() : raw;
      }
      let rejected = false;
      if (values.CHILD === '') {
        issue('CHILD', undefined, 'error', 'CHILD (the child identifier) is blank; the row was not loaded.');
        rejected = true;
      }
      const dates: Record<string, string | null> = {};
      for (const c of t.spec.dates) {
        const v = values[c] ?? '';
        const required = t.spec.requiredDates.includes(c);
        if (v === '') {
          dates[c] = null;
          if (required) {
            issue(c, undefined, 'error', `${c} is required in the ${t.spec.title} table; the row was not loaded.`);
            rejected = true;
          }
          continue;
        }
        const iso = parseDate(v);
        dates[c] = iso;
        if (!iso) {
          issue(c, v, 'error', `${c} "${v}" is not a real date (write YYYY-MM-DD or DD/MM/YYYY)${required ? '; the row was not loaded' : '; it was left blank'}.`);
          if (required) rejected = true;
        }
      }
      for (const [c, codes] of Object.entries(SSDA903_CODES)) {
        const v = values[c];
        if (v !== undefined && v !== '' && t.spec.columns.includes(c) && !codes.includes(v)) {
          issue(c, v, 'warning', `${c} "${v}" is not a code the DfE guidance lists; it was loaded as given.`);
        }
      }
      if (t.spec.name === 'episodes' && !rejected) {
        const start = dates.DECOM as string;
        const end = dates.DEC ?? null;
        if (end !== null && end < start) {
          issue('DEC', values.DEC, 'error', `The episode ends (${end}) before it starts (${start}); the row was not loaded.`);
          rejected = true;
        } else if (start > yearEnd) {
          issue('DECOM', values.DECOM, 'error', `The episode starts after the end of the collection year (${yearEnd}); the row was not loaded.`);
          rejected = true;
        }
      }
      if (rejected) {
        summary.rejected += 1;
        continue;
      }
      accepted.push({ rowNumber: row.rowNumber, values, dates });
    }

    if (t.spec.name === 'episodes') {
      const episodes = resolveEpisodes(t.fileName, accepted, out.issues);
      summary.rejected += accepted.length - episodes.length;
      summary.loaded = episodes.length;
      out.episodes.push(...episodes);
      continue;
    }
    summary.loaded = accepted.length;
    for (const a of accepted) {
      out.records.push({
        table: t.spec.name,
        fileName: t.fileName,
        rowNumber: a.rowNumber,
        childId: a.values.CHILD as string,
        startDate: t.spec.start ? (a.dates[t.spec.start] ?? null) : null,
        endDate: t.spec.end ? (a.dates[t.spec.end] ?? null) : null,
        code: t.spec.code ? a.values[t.spec.code] || null : null,
        data: a.values,
      });
    }
    if (t.spec.name === 'header') {
      const byChild = new Map<string, Ssda903Child>();
      for (const a of accepted) {
        byChild.set(a.values.CHILD as string, { childId: a.values.CHILD as string, sex: a.values.SEX || null, dateOfBirth: a.dates.DOB ?? null, ethnicity: a.values.ETHNIC || null });
      }
      out.children.push(...byChild.values());
    }
  }
  return out;
}

function resolveEpisodes(
  fileName: string,
  accepted: ReadonlyArray<{ rowNumber: number; values: Record<string, string>; dates: Record<string, string | null> }>,
  issues: ImportIssue[],
): Ssda903Episode[] {
  const byKey = new Map<string, Ssda903Episode>();
  for (const a of accepted) {
    const v = a.values;
    const episode: Ssda903Episode = {
      fileName,
      rowNumber: a.rowNumber,
      childId: v.CHILD as string,
      startDate: a.dates.DECOM as string,
      endDate: a.dates.DEC ?? null,
      reasonNewEpisode: v.RNE || null,
      legalStatus: v.LS || null,
      cinCategory: v.CIN || null,
      placementType: v.PLACE || null,
      placementProvider: v.PLACE_PROVIDER || null,
      reasonCeased: v.REC || null,
      reasonPlaceChange: v.REASON_PLACE_CHANGE || null,
      urn: v.URN || null,
      data: v,
    };
    const key = `${episode.childId}|${episode.startDate}`;
    const previous = byKey.get(key);
    if (previous) {
      issues.push({
        sheet: fileName,
        row: previous.rowNumber,
        column: 'DECOM',
        value: previous.startDate,
        severity: 'warning',
        message: `Child ${episode.childId} has another episode starting on the same day at row ${episode.rowNumber}; the later row was loaded and this one was not.`,
      });
    }
    byKey.set(key, episode);
  }
  const episodes = [...byKey.values()].sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
  for (let i = 0; i + 1 < episodes.length; i++) {
    const e = episodes[i] as Ssda903Episode;
    const next = episodes[i + 1] as Ssda903Episode;
    if (next.childId !== e.childId) continue;
    if (e.endDate === null || e.endDate > next.startDate) {
      issues.push({
        sheet: fileName,
        row: e.rowNumber,
        column: 'DEC',
        value: e.endDate ?? '',
        severity: 'warning',
        message: `This episode of child ${e.childId} ${e.endDate === null ? 'has no end date' : `ends on ${e.endDate}`} but the next one (row ${next.rowNumber}) starts on ${next.startDate}; it was taken to end on ${next.startDate}.`,
      });
      e.endDate = next.startDate;
    }
  }
  return episodes;
}

function decode(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\ufffd') ? new TextDecoder('windows-1252').decode(bytes) : utf8;
}
