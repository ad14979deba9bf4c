/**
 * A streaming reader for `.xlsx` workbooks: rows come out of each worksheet as its zip entry is
 * inflated, a chunk at a time, so memory holds the shared strings, the styles and one chunk of
 * sheet XML, never the workbook's cells. Sheets are found and named from `xl/workbook.xml` and
 * its relationships, in the workbook's order.
 *
 * Cells come out as what the file stores: text (shared, inline or a formula's text result),
 * numbers (with `date` set when the cell's number format shows a date; the number is then a
 * serial day in the workbook's 1900 or 1904 date system, see `serialToDate`), booleans, errors
 * and formulas saved without a result. Empty cells are left out of `cells` (holes).
 *
 * Every part is read through `inflateEntry`, which refuses an entry that inflates past the size
 * its zip directory declares and checks its CRC, so the directory's bounds hold while streaming.
 */
import { posix } from 'node:path';
import { inflateEntry } from './zip.ts';
import type { ZipEntry, ZipSource } from './zip.ts';

export type XlsxCell =
  | { type: 'text'; value: string }
  /** `formula` is set when the number is a formula's saved result. */
  | { type: 'number'; value: number; date: boolean; formula: boolean }
  | { type: 'boolean'; value: boolean }
  /** An error value: typed in the cell, or (`formula` true) returned by the cell's formula. */
  | { type: 'error'; value: string; formula: boolean }
  /** A formula saved without its calculated result; `formula` is its text ('' for a shared formula's followers). */
  | { type: 'noResult'; formula: string }
  /** A shared string index that points at no string. */
  | { type: 'badString'; index: string };

export interface XlsxRow {
  /** The row number in the sheet (1-based), as the file numbers it. */
  number: number;
  /** Cells by column, 0-based; columns past `maxColumns` are left out (but counted in `filled`). */
  cells: Array<XlsxCell | undefined>;
  /** Cells holding something, including those past `maxColumns`. */
  filled: number;
}

export interface XlsxSheet {
  name: string;
  rows(): AsyncGenerator<XlsxRow>;
}

export interface XlsxWorkbook {
  /** True when the workbook counts days from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
  sheets: XlsxSheet[];
}

export interface XlsxReadOptions {
  /** The right-most column returned. Default 16,384 (Excel's own). */
  maxColumns?: number;
  /** The largest shared strings part read (uncompressed bytes), held in memory while the sheets are read. */
  maxSharedStringsBytes?: number;
  /** The longest one row's XML may be; a longer row is refused rather than buffered. Default 64 MB. */
  maxRowChars?: number;
}

export type XlsxErrorCode = 'not_workbook' | 'shared_strings_too_large' | 'row_too_large' | 'damaged';

export class XlsxError extends Error {
  constructor(readonly code: XlsxErrorCode, message: string) {
    super(message);
  }
}

const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);
const DAY_MS = 86_400_000;

/** A serial day number as a UTC date (time of day kept, to the millisecond). */
export function serialToDate(serial: number, date1904: boolean): Date {
  return new Date((date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900) + Math.round(serial * DAY_MS));
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));|_x([0-9a-fA-F]{4})_/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(n: number): string {
  return n >= 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
}

/** XML character references, and OOXML's `_xHHHH_` escapes for characters XML cannot carry. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&') && !text.includes('_x')) return text;
  return text.replace(ENTITY, (_, dec?: string, hex?: string, named?: string, ooxml?: string) => {
    if (dec !== undefined) return codePoint(Number(dec));
    if (hex !== undefined) return codePoint(parseInt(hex, 16));
    if (named !== undefined) return NAMED[named] ?? '';
    return codePoint(parseInt(ooxml ?? '0', 16));
  });
}

const ATTRIBUTES = new Map<string, RegExp>();

function attribute(tag: string, name: string): string | undefined {
  let re = ATTRIBUTES.get(name);
  if (!re) {
    re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTES.set(name, re);
  }
  const m = re.exec(tag);
  if (!m) return undefined;
  const value = m[1] ?? m[2] ?? '';
  return value.includes('&') ? decodeXmlText(value) : value;
}

/** Yields complete elements `<tag ...>...</tag>` (or `<tag .../>`) from streamed XML, with any namespace prefix. */
async function* elements(chunks: AsyncIterable<Uint8Array>, tag: string, maxChars: number): AsyncGenerator<{ open: string; inner: string }[]> {
  const start = new RegExp(`<((?:[\\w.-]+:)?)${tag}(?=[\\s/>])`, 'g');
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let closeFrom = -1;
  const tooLarge = () => new XlsxError('row_too_large', `one ${tag} of the workbook is longer than ${maxChars.toLocaleString('en-GB')} characters of XML`);
  const drain = (final: boolean): { open: string; inner: string }[] => {
    const found: { open: string; inner: string }[] = [];
    let pos = 0;
    for (;;) {
      start.lastIndex = pos;
      const m = start.exec(buf);
      if (!m) {
        const lt = buf.lastIndexOf('<');
        pos = lt >= pos ? lt : buf.length;
        break;
      }
      const tagEnd = buf.indexOf('>', m.index);
      if (tagEnd < 0) { pos = m.index; break; }
      const open = buf.slice(m.index, tagEnd + 1);
      if (buf.charCodeAt(tagEnd - 1) === 47) {
        found.push({ open, inner: '' });
        pos = tagEnd + 1;
        closeFrom = -1;
        continue;
      }
      const close = `</${m[1] ?? ''}${tag}>`;
      const end = buf.indexOf(close, Math.max(tagEnd + 1, closeFrom));
      if (end < 0) {
        pos = m.index;
        closeFrom = Math.max(tagEnd + 1, buf.length - close.length);
        break;
      }
      if (end - m.index > maxChars) throw tooLarge();
      found.push({ open, inner: buf.slice(tagEnd + 1, end) });
      pos = end + close.length;
      closeFrom = -1;
    }
    if (pos > 0) {
      if (closeFrom >= 0) closeFrom -= pos;
      buf = buf.slice(pos);
    }
    if (!final && buf.length > maxChars) throw tooLarge();
    return found;
  };
  for await (const chunk of chunks) {
    buf += decoder.decode(chunk, { stream: true });
    const found = drain(false);
    if (found.length > 0) yield found;
  }
  buf += decoder.decode();
  const found = drain(true);
  if (found.length > 0) yield found;
}

const RPH = /<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g;
const T = /<(?:[\w.-]+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g;

/** The text of a shared string or inline string (`<si>`/`<is>` content): its runs joined, phonetic hints left out. */
function richText(inner: string): string {
  const body = inner.includes('rPh') ? inner.replace(RPH, '') : inner;
  let text = '';
  T.lastIndex = 0;
  for (let m = T.exec(body); m; m = T.exec(body)) text += m[1] ?? '';
  return decodeXmlText(text);
}

/** Column index (0-based) from a cell reference such as `AB12`; -1 if it has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return i === 0 ? -1 : col - 1;
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format shows a date or time: any of y, m, d, h, s outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*\]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/_.|\*./g, '');
  return /[ymdhsYMDHS]/.test(bare.split(';')[0] ?? '');
}

/** For each cell style index, whether its number format is a date. */
function dateStyles(stylesXml: string): boolean[] {
  const formats = new Map<number, string>();
  const NUM_FMT = /<(?:[\w.-]+:)?numFmt\b[^>]*>/g;
  for (let m = NUM_FMT.exec(stylesXml); m; m = NUM_FMT.exec(stylesXml)) {
    const id = Number(attribute(m[0], 'numFmtId'));
    const code = attribute(m[0], 'formatCode');
    if (Number.isInteger(id) && code !== undefined) formats.set(id, code);
  }
  const xfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const styles: boolean[] = [];
  const XF = /<(?:[\w.-]+:)?xf\b[^>]*>/g;
  for (let m = XF.exec(xfs); m; m = XF.exec(xfs)) {
    const id = Number(attribute(m[0], 'numFmtId') ?? '0');
    const custom = formats.get(id);
    styles.push(custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id));
  }
  return styles;
}

const CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const V = /<(?:[\w.-]+:)?v(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?v>)/;
const F = /<(?:[\w.-]+:)?f\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?f>)/;
const IS = /<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;

interface SheetContext {
  strings: readonly string[];
  dates: readonly boolean[];
  maxColumns: number;
}

function cellOf(attrs: string, inner: string, ctx: SheetContext): XlsxCell | undefined {
  const type = attribute(attrs, 't') ?? 'n';
  const fm = inner.includes('<') ? F.exec(inner) : null;
  const vm = V.exec(inner);
  const raw = vm ? vm[1] ?? '' : undefined;
  if (type === 'inlineStr') {
    const is = IS.exec(inner);
    if (is) return { type: 'text', value: richText(is[1] ?? '') };
    if (raw !== undefined) return { type: 'text', value: decodeXmlText(raw) };
    return fm ? { type: 'noResult', formula: decodeXmlText(fm[1] ?? '') } : undefined;
  }
  if (raw === undefined) return fm ? { type: 'noResult', formula: decodeXmlText(fm[1] ?? '') } : undefined;
  switch (type) {
    case 's': {
      const value = ctx.strings[Number(raw)];
      return value === undefined ? { type: 'badString', index: raw } : { type: 'text', value };
    }
    case 'str':
      return { type: 'text', value: decodeXmlText(raw) };
    case 'b':
      return { type: 'boolean', value: raw.trim() === '1' || raw.trim().toLowerCase() === 'true' };
    case 'e':
      return { type: 'error', value: decodeXmlText(raw), formula: fm !== null };
    case 'd': {
      const ms = Date.parse(raw);
      if (Number.isNaN(ms)) return { type: 'text', value: decodeXmlText(raw) };
      return { type: 'number', value: ms / DAY_MS + 25_569, date: true, formula: fm !== null };
    }
    default: {
      if (raw.trim() === '') return fm ? { type: 'noResult', formula: decodeXmlText(fm[1] ?? '') } : undefined;
      const value = Number(raw);
      const style = Number(attribute(attrs, 's') ?? '0');
      return { type: 'number', value, date: ctx.dates[style] === true, formula: fm !== null };
    }
  }
}

function rowOf(open: string, inner: string, previous: number, ctx: SheetContext): XlsxRow {
  const r = Number(attribute(open, 'r'));
  const number = Number.isInteger(r) && r > 0 ? r : previous + 1;
  const cells: Array<XlsxCell | undefined> = [];
  let filled = 0;
  let col = -1;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(inner); m; m = CELL.exec(inner)) {
    const attrs = m[1] ?? '';
    const ref = attribute(attrs, 'r');
    const at = ref === undefined ? -1 : columnOf(ref);
    col = at >= 0 ? at : col + 1;
    const cell = cellOf(attrs, m[2] ?? '', ctx);
    if (cell === undefined) continue;
    filled++;
    if (col < ctx.maxColumns) cells[col] = cell;
  }
  return { number, cells, filled };
}

async function readText(src: ZipSource, entry: ZipEntry): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of inflateEntry(src, entry)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function damaged(err: unknown): XlsxError {
  if (err instanceof XlsxError) return err;
  return new XlsxError('damaged', err instanceof Error ? err.message : String(err));
}

/** The part a relationship target points at, relative to the workbook part's folder unless absolute. */
function resolveTarget(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : posix.join('xl', target);
  return posix.normalize(path).replace(/^\/+/, '');
}

const WORKSHEET_REL = /\/worksheet$/;

/**
 * Opens a workbook read from `src` (whose zip directory is `entries`): reads its sheet list,
 * date system, styles and shared strings. The sheets' rows are read when asked for.
 */
export async function openXlsx(src: ZipSource, entries: readonly ZipEntry[], options: XlsxReadOptions = {}): Promise<XlsxWorkbook> {
  const maxColumns = options.maxColumns ?? 16_384;
  const maxRowChars = options.maxRowChars ?? 64 * 1024 * 1024;
  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const workbookEntry = byName.get('xl/workbook.xml');
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  if (!workbookEntry || !relsEntry) throw new XlsxError('not_workbook', 'the workbook part or its relationships are missing');
  const sharedEntry = byName.get('xl/sharedstrings.xml');
  if (sharedEntry && options.maxSharedStringsBytes !== undefined && sharedEntry.size > options.maxSharedStringsBytes) {
    throw new XlsxError('shared_strings_too_large', 'the shared strings are larger than the limit');
  }
  let workbookXml: string;
  let relsXml: string;
  let dates: boolean[] = [];
  const strings: string[] = [];
  try {
    workbookXml = await readText(src, workbookEntry);
    relsXml = await readText(src, relsEntry);
    const stylesEntry = byName.get('xl/styles.xml');
    if (stylesEntry) dates = dateStyles(await readText(src, stylesEntry));
    if (sharedEntry) {
      for await (const batch of elements(inflateEntry(src, sharedEntry), 'si', maxRowChars)) {
        for (const si of batch) strings.push(richText(si.inner));
      }
    }
  } catch (err) {
    throw damaged(err);
  }
  const targets = new Map<string, string>();
  const REL = /<(?:[\w.-]+:)?Relationship\b[^>]*>/g;
  for (let m = REL.exec(relsXml); m; m = REL.exec(relsXml)) {
    const id = attribute(m[0], 'Id');
    const type = attribute(m[0], 'Type') ?? '';
    const target = attribute(m[0], 'Target');
    if (id !== undefined && target !== undefined && WORKSHEET_REL.test(type)) targets.set(id, resolveTarget(target));
  }
  const pr = /<(?:[\w.-]+:)?workbookPr\b[^>]*>/.exec(workbookXml)?.[0];
  const date1904Attr = pr ? attribute(pr, 'date1904') : undefined;
  const date1904 = date1904Attr === '1' || date1904Attr === 'true';
  const ctx: SheetContext = { strings, dates, maxColumns };
  const sheets: XlsxSheet[] = [];
  const SHEET = /<(?:[\w.-]+:)?sheet\b[^>]*>/g;
  for (let m = SHEET.exec(workbookXml); m; m = SHEET.exec(workbookXml)) {
    const id = /\s[\w.-]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[0]);
    const path = id ? targets.get(id[1] ?? id[2] ?? '') : undefined;
    const entry = path === undefined ? undefined : byName.get(path.toLowerCase());
    if (!entry) continue;
    const name = attribute(m[0], 'name') ?? `Sheet ${sheets.length + 1}`;
    sheets.push({ name, rows: () => sheetRows(src, entry, ctx, maxRowChars) });
  }
  return { date1904, sheets };
}

async function* sheetRows(src: ZipSource, entry: ZipEntry, ctx: SheetContext, maxRowChars: number): AsyncGenerator<XlsxRow> {
  let previous = 0;
  let batches: AsyncGenerator<{ open: string; inner: string }[]>;
  try {
    batches = elements(inflateEntry(src, entry), 'row', maxRowChars);
  } catch (err) {
    throw damaged(err);
  }
  for (;;) {
    let next: IteratorResult<{ open: string; inner: string }[]>;
    try {
      next = await batches.next();
    } catch (err) {
      throw damaged(err);
    }
    if (next.done) return;
    for (const { open, inner } of next.value) {
      const row = rowOf(open, inner, previous, ctx);
      previous = row.number;
      yield row;
    }
  }
}
