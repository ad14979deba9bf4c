/**
 * Parses an Ofsted Annex A return: an `.xlsx` workbook, a folder of CSV files or a `.zip` of
 * CSV files (one file per list, named like the sheets). Pure apart from reading the input:
 * bytes in, typed rows and issues out. It never throws on bad content; a file that cannot be
 * read at all comes back with `fatal` set.
 *
 * Workbooks are streamed row by row (exceljs streaming reader), so memory grows with the rows
 * returned, not with the workbook's cell objects.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
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
import { bufferSource, extractEntry, fileSource, inflateEntry, readZipDirectory, resequencedZip, verifyEntry } from './zip.ts';
import type { ZipEntry, ZipPart, ZipSource } from './zip.ts';

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

/** exceljs cell value -> Cell. */
function excelCell(value: unknown, date1904: boolean): Cell {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'error', text: '#NUM!' };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (value instanceof Date) return { kind: 'date', value };
  if (typeof value !== 'object') return textCell(String(value));
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    if (!('result' in v) || v['result'] === undefined) {
      return { kind: 'noResult', formula: typeof v['formula'] === 'string' && v['formula'] ? v['formula'] : 'shared formula' };
    }
    const result = v['result'];
    if (typeof result === 'number' && Number.isNaN(result)) return { kind: 'error', text: 'an error returned by its formula' };
    return excelCell(result, date1904);
  }
  if (typeof v['error'] === 'string') return { kind: 'error', text: v['error'] };
  if (Array.isArray(v['richText'])) {
    const runs = v['richText'] as Array<{ text?: unknown }>;
    return textCell(runs.map((run) => (typeof run?.text === 'string' ? run.text : '')).join(''));
  }
  if (typeof v['text'] === 'string') return textCell(v['text']);
  if ('sharedString' in v) return { kind: 'error', text: 'text that could not be read' };
  return BLANK;
}

/**
 * A cell's value, except that formula cells come from the cell's model: exceljs's `value`
 * getter drops falsy cached results, so a formula that evaluated to 0 would look unsaved.
 */
function rawValue(cell: ExcelJS.Cell): unknown {
  if (cell.type !== ExcelJS.ValueType.Formula) return cell.value;
  const model = cell.model as { formula?: string; sharedFormula?: string; result?: unknown };
  return { formula: model.formula ?? model.sharedFormula ?? '', result: model.result };
}

interface StreamedWorksheet extends AsyncIterable<ExcelJS.Row> {
  name?: string;
}

interface StreamedWorkbook {
  properties?: { model?: { date1904?: boolean } };
}

/** Reads worksheets; a failing source stream ends the read (exceljs would otherwise wait for it for ever). */
async function readWorkbookStream(stream: Readable, state: ParseState): Promise<void> {
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  await Promise.race([readWorksheets(stream, state), failed]);
}

async function readWorksheets(stream: Readable, state: ParseState): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  for await (const worksheet of reader) {
    sheets++;
    const ws = worksheet as unknown as StreamedWorksheet;
    state.date1904 = (reader as unknown as StreamedWorkbook).properties?.model?.date1904 === true;
    const name = ws.name ?? `Sheet ${sheets}`;
    const list = state.open(name);
    try {
      for await (const row of ws) {
        if (!list) continue;
        const cells: Cell[] = [];
        let filled = 0;
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          filled++;
          if (col > INPUT_LIMITS.maxColumns) return;
          while (cells.length < col - 1) cells.push(BLANK);
          cells[col - 1] = excelCell(rawValue(cell), state.date1904);
        });
        state.seeRow(filled);
        list.push(row.number, cells);
      }
    } finally {
      if (list) state.close(list);
    }
  }
  if (sheets === 0) throw new Fatal('empty', 'The workbook has no worksheets.');
}

const WORKSHEET_REL = /\/worksheet$/;

/**
 * The workbook relationships, with every worksheet renamed `worksheets/sheetN.xml`: the
 * streaming reader only finds worksheets, and their names, at exactly those paths, while
 * other writers use absolute targets or their own file names.
 */
function worksheetParts(relsXml: string, byName: ReadonlyMap<string, ZipEntry>): { rels: string; sheets: ZipPart[] } {
  const sheets: ZipPart[] = [];
  const rels = relsXml.replace(/<Relationship\b[^>]*>/g, (tag) => {
    const type = /\bType=["']([^"']*)["']/.exec(tag)?.[1] ?? '';
    const target = /\bTarget=["']([^"']*)["']/.exec(tag)?.[1];
    if (!WORKSHEET_REL.test(type) || target === undefined) return tag;
    const path = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/^xl\/\.\//, 'xl/');
    const entry = byName.get(path.toLowerCase());
    if (!entry) return tag;
    const name = `worksheets/sheet${sheets.length + 1}.xml`;
    sheets.push({ entry, name: `xl/${name}` });
    return tag.replace(/\bTarget=["'][^"']*["']/, `Target="${name}"`);
  });
  return { rels, sheets };
}

async function readWorkbookZip(src: ZipSource, entries: ZipEntry[], state: ParseState): Promise<void> {
  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const workbookEntry = byName.get('xl/workbook.xml');
  if (!relsEntry || !workbookEntry) {
    throw new Fatal('unreadable', 'The file is a zip but not a complete Excel workbook (its workbook part is missing).');
  }
  let relsXml: string;
  try {
    relsXml = Buffer.from(await extractEntry(src, relsEntry)).toString('utf8');
  } catch (err) {
    throw new Fatal('unreadable', `The workbook is damaged and cannot be read (${describe(err)}).`);
  }
  const { rels, sheets } = worksheetParts(relsXml, byName);
  if (sheets.length === 0) throw new Fatal('empty', 'The workbook has no worksheets.');
  const styles = byName.get('xl/styles.xml');
  const sharedStrings = byName.get('xl/sharedstrings.xml');
  if (sharedStrings && sharedStrings.size > INPUT_LIMITS.maxSharedStringsBytes) {
    throw new Fatal('too_large', `The workbook's text (its shared strings) is larger than ${megabytes(INPUT_LIMITS.maxSharedStringsBytes)}, the most Headroom reads. Split the workbook and import each part.`);
  }
  const parts: ZipPart[] = [
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(rels, 'utf8') },
    { entry: workbookEntry, name: 'xl/workbook.xml' },
    ...(styles ? [{ entry: styles, name: 'xl/styles.xml' }] : []),
    sharedStrings ? { entry: sharedStrings, name: 'xl/sharedStrings.xml' } : { name: 'xl/sharedStrings.xml', data: EMPTY_SHARED_STRINGS },
    ...sheets,
  ];
  for (const part of parts) {
    if (!('entry' in part)) continue;
    try {
      await verifyEntry(src, part.entry);
    } catch (err) {
      throw new Fatal('unreadable', `The workbook is damaged and cannot be read (${describe(err)}).`);
    }
  }
  await readWorkbookStream(resequencedZip(src, parts), state);
}

/** Stand-in for workbooks written with inline strings only, which the streaming reader otherwise mishandles. */
const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

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
