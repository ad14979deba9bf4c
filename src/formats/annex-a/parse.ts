/**
 * Parses an Ofsted Annex A return: an `.xlsx` workbook, a folder of CSV files or a `.zip` of
 * CSV files (one file per list, named like the sheets). Pure apart from reading the input:
 * bytes in, typed rows and issues out. It never throws on bad content; a file that cannot be
 * read at all comes back with `fatal` set.
 *
 * Workbooks are streamed row by row (xlsx-reader.ts), so memory grows with the rows returned,
 * not with the workbook's cells.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parse as parseCsvStream } from 'csv-parse';
import { INPUT_LIMITS, megabytes } from '../limits.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { ImportIssue } from '../issue.ts';
import { ANNEX_A_LIST_NUMBERS, ANNEX_A_LISTS, listFromSheetName } from './data-map.ts';
import { ListReader } from './list-reader.ts';
import type { ListSink, ListSummary } from './list-reader.ts';
import type { AnnexAListNumber, AnnexALists } from './types.ts';
import { BLANK, textCell } from './values.ts';
import type { Cell } from './values.ts';
import { openXlsx, serialToDate, XlsxError } from './xlsx-reader.ts';
import type { XlsxCell } from './xlsx-reader.ts';
import { bufferSource, fileSource, inflateEntry, readZipDirectory, verifyEntry } from './zip.ts';
import type { ZipEntry, ZipSource } from './zip.ts';

export type AnnexAInput = { path: string } | { buffer: Buffer; fileName: string };

export interface AnnexAParseOptions {
  /** Called now and then with the number of data rows read so far (all lists). */
  onProgress?(rowsRead: number): void;
}

export type AnnexAFatalCode = 'unreadable' | 'encrypted' | 'empty' | 'no_lists' | 'too_large';

export type AnnexAListSummary = ListSummary;

export interface AnnexAParseResult {
  rows: AnnexALists;
  issues: ImportIssue[];
  /** One entry per sheet or CSV file read as a list; for each, loaded + rejected = rowsRead. */
  lists: AnnexAListSummary[];
  /** Lists with no sheet or file in the input. */
  missingLists: AnnexAListNumber[];
  /** Latest date found in loaded rows (dates of birth excepted: unborn children have future ones). */
  latestDate: IsoDate | null;
  fatal?: { code: AnnexAFatalCode; message: string };
}

class Fatal extends Error {
  constructor(readonly code: AnnexAFatalCode, message: string) {
    super(message);
  }
}

const PROGRESS_EVERY = 1000;

function emptyLists(): AnnexALists {
  return { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [], 8: [], 9: [], 10: [], 11: [] };
}

class ParseState implements ListSink {
  readonly rows = emptyLists();
  readonly issues: ImportIssue[] = [];
  readonly summaries: ListSummary[] = [];
  readonly seen = new Map<AnnexAListNumber, string>();
  latestDate: IsoDate | null = null;
  date1904 = false;
  private rowsRead = 0;
  private rowsSeen = 0;
  private cellsSeen = 0;

  /** Counts a row (and its cells) as it is read, refusing the file once it passes the limits. */
  seeRow(cells: number): void {
    this.rowsSeen++;
    this.cellsSeen += cells;
    if (this.rowsSeen > INPUT_LIMITS.maxRows) {
      throw new Fatal('too_large', `The file has more than ${INPUT_LIMITS.maxRows.toLocaleString('en-GB')} rows, the most Headroom reads from one file. Split it (for example by list or by period) and import each part.`);
    }
    if (this.cellsSeen > INPUT_LIMITS.maxCells) {
      throw new Fatal('too_large', `The file has more than ${INPUT_LIMITS.maxCells.toLocaleString('en-GB')} filled cells, the most Headroom reads from one file. Remove unused columns or split it, and import each part.`);
    }
  }

  constructor(private readonly onProgress?: (rowsRead: number) => void) {}

  issue(issue: ImportIssue): void {
    this.issues.push(issue);
  }

  row(list: AnnexAListNumber, row: Record<string, unknown>): void {
    (this.rows[list] as unknown[]).push(row);
  }

  date(date: IsoDate): void {
    if (this.latestDate === null || date > this.latestDate) this.latestDate = date;
  }

  rowRead(): void {
    this.rowsRead++;
    if (this.rowsRead % PROGRESS_EVERY === 0) this.progress();
  }

  progress(): void {
    this.onProgress?.(this.rowsRead);
  }

  fileIssue(severity: ImportIssue['severity'], message: string, sheet?: string): void {
    this.issues.push({ row: 0, severity, message, ...(sheet !== undefined ? { sheet } : {}) });
  }

  /** A reader for a sheet or file, or null (with an issue) when it is not an Annex A list. */
  open(sheet: string): ListReader | null {
    const list = listFromSheetName(sheet);
    if (list === null) {
      this.fileIssue('info', `"${sheet}" is not named like an Annex A list (for example "List 3"); it was ignored.`, sheet);
      return null;
    }
    const first = this.seen.get(list);
    if (first !== undefined) {
      return new ListReader(this, list, sheet, `"${sheet}" is a second copy of list ${list} (already read from "${first}"); its rows were not loaded.`);
    }
    this.seen.set(list, sheet);
    return new ListReader(this, list, sheet);
  }

  close(reader: ListReader): void {
    this.summaries.push(reader.finish());
    this.progress();
  }

  result(fatal?: Fatal): AnnexAParseResult {
    const lists = [...this.summaries].sort((a, b) => a.list - b.list);
    if (fatal) {
      this.fileIssue('error', fatal.message);
      return { rows: this.rows, issues: this.issues, lists, missingLists: [], latestDate: this.latestDate, fatal: { code: fatal.code, message: fatal.message } };
    }
    const missingLists = ANNEX_A_LIST_NUMBERS.filter((n) => !this.seen.has(n));
    for (const n of missingLists) {
      this.issues.push({ list: n, row: 0, severity: 'info', message: `List ${n} (${ANNEX_A_LISTS[n].name.toLowerCase()}) is not in the file.` });
    }
    return { rows: this.rows, issues: this.issues, lists, missingLists, latestDate: this.latestDate };
  }
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/** A workbook cell -> Cell. */
function workbookCell(cell: XlsxCell, date1904: boolean): Cell {
  switch (cell.type) {
    case 'text': return textCell(cell.value);
    case 'number':
      if (!Number.isFinite(cell.value)) return { kind: 'error', text: '#NUM!' };
      // A formula's result stays a number, as a date column reads serials anyway: a count formatted as a date by mistake still reads as its count.
      return cell.date && !cell.formula ? { kind: 'date', value: serialToDate(cell.value, date1904) } : { kind: 'number', value: cell.value };
    case 'boolean': return { kind: 'bool', value: cell.value };
    case 'error': return { kind: 'error', text: cell.formula ? 'an error returned by its formula' : cell.value };
    case 'noResult': return { kind: 'noResult', formula: cell.formula || 'shared formula' };
    case 'badString': return { kind: 'error', text: 'text that could not be read' };
  }
}

function workbookFatal(err: XlsxError): Fatal {
  switch (err.code) {
    case 'not_workbook':
      return new Fatal('unreadable', 'The file is a zip but not a complete Excel workbook (its workbook part is missing).');
    case 'shared_strings_too_large':
      return new Fatal('too_large', `The workbook's text (its shared strings) is larger than ${megabytes(INPUT_LIMITS.maxSharedStringsBytes)}, the most Headroom reads. Split the workbook and import each part.`);
    case 'row_too_large':
    case 'damaged':
      return new Fatal('unreadable', `The workbook is damaged and cannot be read (${describe(err)}).`);
  }
}

/** Streams each worksheet's rows into its list reader as the sheet is inflated. */
async function readWorkbookZip(src: ZipSource, entries: ZipEntry[], state: ParseState): Promise<void> {
  try {
    const workbook = await openXlsx(src, entries, { maxColumns: INPUT_LIMITS.maxColumns, maxSharedStringsBytes: INPUT_LIMITS.maxSharedStringsBytes });
    if (workbook.sheets.length === 0) throw new Fatal('empty', 'The workbook has no worksheets.');
    state.date1904 = workbook.date1904;
    for (const sheet of workbook.sheets) {
      const list = state.open(sheet.name);
      if (!list) continue;
      try {
        for await (const row of sheet.rows()) {
          state.seeRow(row.filled);
          const cells: Cell[] = [];
          for (let i = 0; i < row.cells.length; i++) {
            const cell = row.cells[i];
            cells.push(cell === undefined ? BLANK : workbookCell(cell, workbook.date1904));
          }
          list.push(row.number, cells);
        }
      } finally {
        state.close(list);
      }
    }
  } catch (err) {
    throw err instanceof XlsxError ? workbookFatal(err) : err;
  }
}

/** Bytes of one CSV file, read a chunk at a time (as often as asked: encoding detection reads them once first). */
type ChunkSource = () => AsyncIterable<Uint8Array>;

function sourceChunks(src: ZipSource): ChunkSource {
  return async function* chunks() {
    for (let offset = 0; offset < src.size; offset += 1 << 20) yield await src.read(offset, 1 << 20);
  };
}

/**
 * The file's encoding: a UTF-16 byte-order mark, else UTF-8 if every byte is valid UTF-8, else
 * Windows-1252 (what Excel's plain "CSV" saves). Decided by reading the file through once, so
 * decoding never needs the whole file (or one string of it) in memory.
 */
async function detectEncoding(chunks: ChunkSource): Promise<string> {
  let first = true;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks()) {
      if (first && chunk.length >= 2) {
        if (chunk[0] === 0xff && chunk[1] === 0xfe) return 'utf-16le';
        if (chunk[0] === 0xfe && chunk[1] === 0xff) return 'utf-16be';
      }
      first = false;
      utf8.decode(chunk, { stream: true });
    }
    utf8.decode();
    return 'utf-8';
  } catch (err) {
    if (err instanceof TypeError) return 'windows-1252';
    throw err;
  }
}

async function* decoded(chunks: ChunkSource, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks()) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, 4096).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const counts = [',', ';', '\t', '|'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}

async function readCsv(chunks: ChunkSource, sheet: string, state: ParseState): Promise<void> {
  const list = state.open(sheet);
  if (!list) return;
  let rowNumber = 0;
  try {
    const encoding = await detectEncoding(chunks);
    let head = '';
    for await (const text of decoded(chunks, encoding)) {
      head += text;
      if (head.length >= 4096) break;
    }
    let refused: Fatal | null = null;
    // Records are taken as they are parsed (nothing is queued), so the rows before a broken one are kept.
    const parser = parseCsvStream({
      delimiter: sniffDelimiter(head.replace(/^\uFEFF/, '')),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: 1_000_000,
      on_record: (record: unknown) => {
        if (refused) return null;
        rowNumber++;
        const fields = Array.isArray(record) ? (record as unknown[]).slice(0, INPUT_LIMITS.maxColumns) : [];
        try {
          state.seeRow(fields.length);
        } catch (err) {
          if (!(err instanceof Fatal)) throw err;
          refused = err;
          parser.destroy();
          return null;
        }
        list.push(rowNumber, fields.map((f) => (typeof f === 'string' ? textCell(f) : BLANK)));
        return null;
      },
    });
    parser.resume();
    const done = finished(parser);
    done.catch(() => undefined);
    for await (const text of decoded(chunks, encoding)) {
      if (parser.destroyed) break;
      if (!parser.write(text)) {
        await new Promise<void>((resolve) => {
          parser.once('drain', resolve);
          parser.once('close', resolve);
        });
      }
    }
    if (!parser.destroyed) parser.end();
    try {
      await done;
    } catch (err) {
      if (!refused) throw err;
    }
    if (refused) throw refused;
  } catch (err) {
    if (err instanceof Fatal) throw err;
    state.issue({
      list: list.list,
      sheet,
      row: rowNumber + 1,
      severity: 'error',
      message: `The CSV file could not be read from row ${rowNumber + 1} onwards (${describe(err)}); rows after that point were not loaded.`,
    });
  } finally {
    state.close(list);
  }
}

function csvName(path: string): string | null {
  const base = basename(path);
  if (base.startsWith('.') || path.includes('__MACOSX/')) return null;
  return extname(base).toLowerCase() === '.csv' ? base.slice(0, -4) : null;
}

async function readCsvZip(src: ZipSource, entries: ZipEntry[], state: ParseState): Promise<void> {
  const csvs = entries
    .filter((e) => !e.name.endsWith('/'))
    .map((e) => ({ e, name: csvName(e.name) }))
    .sort((a, b) => a.e.name.localeCompare(b.e.name));
  if (csvs.length === 0) throw new Fatal('empty', 'The zip file holds no files.');
  for (const { e, name } of csvs) {
    if (name === null) {
      state.fileIssue('info', `"${e.name}" in the zip is not a CSV file; it was ignored.`, e.name);
      continue;
    }
    if (listFromSheetName(name) === null) {
      state.open(name);
      continue;
    }
    try {
      await verifyEntry(src, e);
    } catch (err) {
      const list = state.open(name);
      if (list) {
        state.issue({ list: list.list, sheet: name, row: 0, severity: 'error', message: `"${e.name}" could not be unpacked from the zip (${describe(err)}); none of its rows were loaded.` });
        state.close(list);
      }
      continue;
    }
    await readCsv(() => inflateEntry(src, e), name, state);
  }
}

async function readCsvFolder(path: string, state: ParseState): Promise<void> {
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort((a, b) => a.localeCompare(b));
  if (names.length === 0) throw new Fatal('empty', 'The folder holds no files.');
  for (const file of names) {
    const name = csvName(file);
    if (name === null) {
      if (!file.startsWith('.')) state.fileIssue('info', `"${file}" in the folder is not a CSV file; it was ignored.`, file);
      continue;
    }
    if (listFromSheetName(name) === null) {
      state.open(name);
      continue;
    }
    const src = await fileSource(join(path, file));
    try {
      await readCsv(sourceChunks(src), name, state);
    } finally {
      await src.close();
    }
  }
}

async function readSource(src: ZipSource, fileName: string, state: ParseState): Promise<void> {
  if (src.size === 0) throw new Fatal('empty', 'The file is empty (0 bytes).');
  const head = await src.read(0, 8);
  if (head.equals(CFB_MAGIC)) {
    const ext = extname(fileName).toLowerCase();
    const sample = await src.read(0, Math.min(src.size, 50_000_000));
    if (sample.includes(ENCRYPTED_PACKAGE) || ext === '.xlsx' || ext === '.xlsm') {
      throw new Fatal('encrypted', 'The workbook is password-protected. Remove the password in Excel (File > Info > Protect Workbook) and import it again.');
    }
    throw new Fatal('unreadable', 'This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as an Excel Workbook (.xlsx).');
  }
  const directory = await readZipDirectory(src);
  if (directory.ok) {
    const names = new Set(directory.entries.map((e) => e.name.toLowerCase()));
    if (names.has('xl/workbook.xml')) return readWorkbookZip(src, directory.entries, state);
    if (names.has('encryptioninfo')) throw new Fatal('encrypted', 'The workbook is password-protected. Remove the password and import it again.');
    return readCsvZip(src, directory.entries, state);
  }
  switch (directory.reason) {
    case 'encrypted':
      throw new Fatal('encrypted', 'The zip file is password-protected. Unzip it and import the files, or zip them again without a password.');
    case 'truncated':
      throw new Fatal('unreadable', 'The file is damaged or incomplete (it may have been cut short while copying or downloading).');
    case 'zip64':
      throw new Fatal('unreadable', 'The file uses the 64-bit zip format, which Headroom cannot read; save the workbook again from Excel.');
    case 'too_many_entries':
      throw new Fatal('too_large', `The zip holds more than ${INPUT_LIMITS.maxZipEntries.toLocaleString('en-GB')} files, the most Headroom reads. Nothing was unpacked.`);
    case 'too_large':
      throw new Fatal('too_large', `Unpacked, the file would be larger than Headroom reads (${megabytes(INPUT_LIMITS.maxEntryBytes)} for one part, ${megabytes(INPUT_LIMITS.maxUnpackedBytes)} in all). Nothing was unpacked; split it and import each part.`);
    case 'not_zip':
      break;
  }
  const ext = extname(fileName).toLowerCase();
  const sample = await src.read(0, Math.min(src.size, 4096));
  const looksText = !sample.includes(0) || (sample[0] === 0xff && sample[1] === 0xfe);
  if (ext === '.csv' || (ext !== '.xlsx' && ext !== '.xlsm' && ext !== '.zip' && looksText)) {
    await readCsv(sourceChunks(src), basename(fileName, extname(fileName)), state);
    return;
  }
  throw new Fatal('unreadable', 'The file is not an Excel workbook (.xlsx), a CSV file or a zip of CSV files.');
}

async function run(input: AnnexAInput, state: ParseState): Promise<void> {
  if ('path' in input) {
    let info;
    try {
      info = await stat(input.path);
    } catch {
      throw new Fatal('unreadable', `The file "${basename(input.path)}" was not found or cannot be opened.`);
    }
    if (info.isDirectory()) return readCsvFolder(input.path, state);
    const src = await fileSource(input.path);
    try {
      return await readSource(src, input.path, state);
    } finally {
      await src.close();
    }
  }
  return readSource(bufferSource(input.buffer), input.fileName, state);
}

export async function parseAnnexA(input: AnnexAInput, opts: AnnexAParseOptions = {}): Promise<AnnexAParseResult> {
  const state = new ParseState(opts.onProgress);
  try {
    await run(input, state);
    if (state.seen.size === 0) {
      throw new Fatal('no_lists', 'No Annex A lists were found: sheets or CSV files should be named like "List 1" ... "List 11".');
    }
  } catch (err) {
    const fatal = err instanceof Fatal ? err : new Fatal('unreadable', `The file could not be read: ${describe(err)}.`);
    return state.result(fatal);
  }
  return state.result();
}
