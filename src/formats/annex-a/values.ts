/**
 * Cell values: what a spreadsheet or CSV cell can hold, and its conversion to the typed value
 * of an Annex A column. Conversions never throw: they return a value, a blank, or a plain-English
 * problem that the parser turns into an issue.
 */
import type { IsoDate } from '../../domain/dates.ts';
import { vocabularyKey, YES_NO } from './data-map.ts';
import type { ColumnSpec, Vocabulary } from './data-map.ts';

export type Cell =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; value: Date }
  /** An Excel error value such as `#N/A`, typed in a cell or returned by a formula. */
  | { kind: 'error'; text: string }
  /** A formula saved without its calculated result. */
  | { kind: 'noResult'; formula: string };

export const BLANK: Cell = { kind: 'blank' };

export type Converted<T> =
  | { ok: true; value: T | null; note?: string }
  | { ok: false; problem: string };

const MISSING_TEXT = new Set(['', '#n/a', 'n/a', 'na', '-', '--', '—', '–', 'null', '#null!', 'none', '.']);

/** Trims ordinary and non-breaking spaces and collapses runs of spaces inside. */
export function cleanText(text: string): string {
  // Other control characters (NUL and the like) cannot be stored and never mean anything in a cell: removed.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/[\u00A0\u2007\u202F\uFEFF\t\r\n ]+/g, ' ').trim();
}

export function textCell(raw: string): Cell {
  const text = cleanText(raw);
  return MISSING_TEXT.has(text.toLowerCase()) ? BLANK : { kind: 'text', text };
}

/** How a cell looks in an issue: as typed, or ISO for dates. */
export function cellDisplay(cell: Cell): string | undefined {
  switch (cell.kind) {
    case 'blank': return undefined;
    case 'text': return cell.text;
    case 'number': return String(cell.value);
    case 'bool': return cell.value ? 'TRUE' : 'FALSE';
    case 'date': return Number.isNaN(cell.value.getTime()) ? 'invalid date' : cell.value.toISOString().slice(0, 10);
    case 'error': return cell.text;
    case 'noResult': return `=${cell.formula}`;
  }
}

/** The text a header cell shows, or '' when it holds nothing usable as a header. */
export function headerOf(cell: Cell): string {
  if (cell.kind === 'text') return cell.text;
  if (cell.kind === 'number') return String(cell.value);
  return '';
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c.kind === 'blank');
}

const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);
const DAY_MS = 86_400_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

function isoFromParts(y: number, m: number, d: number): IsoDate | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Excel serial day number to ISO date (time of day ignored). */
export function serialToIso(serial: number, date1904 = false): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const ms = (date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900) + Math.floor(serial + 1e-9) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Two-digit years follow Excel's own rule: 00-29 are 2000-2029, 30-99 are 1930-1999. */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length > 2) return y;
  return y < 30 ? 2000 + y : 1900 + y;
}

function inRange(iso: IsoDate): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

function dateFromText(text: string, date1904: boolean): Converted<IsoDate> {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return checkedDate(isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])), text);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)?$/i.exec(text);
  if (m) return checkedDate(isoFromParts(fullYear(m[3] ?? ''), Number(m[2]), Number(m[1])), text);
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?[\s,-]+(\d{4}|\d{2})$/i.exec(text);
  if (m) {
    const month = MONTHS[(m[2] ?? '').toLowerCase().slice(0, 3)];
    if (month !== undefined) return checkedDate(isoFromParts(fullYear(m[3] ?? ''), month, Number(m[1])), text);
  }
  m = /^(\d{5})(?:\.\d+)?$/.exec(text);
  if (m) return checkedDate(serialToIso(Number(text), date1904), text);
  return { ok: false, problem: `"${text}" is not a date Headroom can read (use dd/mm/yyyy)` };
}

function checkedDate(iso: IsoDate | null, shown: string): Converted<IsoDate> {
  if (iso === null) return { ok: false, problem: `"${shown}" is not a real calendar date` };
  if (!inRange(iso)) return { ok: false, problem: `"${shown}" is outside the years ${MIN_YEAR}-${MAX_YEAR}` };
  return { ok: true, value: iso };
}

export function toDate(cell: Cell, date1904 = false): Converted<IsoDate> {
  switch (cell.kind) {
    case 'date': {
      const t = cell.value.getTime();
      if (Number.isNaN(t)) return { ok: false, problem: 'the date cell holds an invalid date' };
      const iso = cell.value.toISOString().slice(0, 10);
      return checkedDate(iso, iso);
    }
    case 'number': {
      const n = cell.value;
      if (Number.isInteger(n) && n >= 19000101 && n <= 21001231) {
        const s = String(n);
        return checkedDate(isoFromParts(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8))), s);
      }
      return checkedDate(serialToIso(n, date1904), String(n));
    }
    case 'text': return dateFromText(cell.text, date1904);
    default: return { ok: false, problem: 'expected a date' };
  }
}

function numberFromCell(cell: Cell): number | null {
  if (cell.kind === 'number') return cell.value;
  if (cell.kind === 'text') {
    const t = cell.text.replace(/,(?=\d{3}\b)/g, '');
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  }
  return null;
}

export function toInteger(cell: Cell): Converted<number> {
  const n = numberFromCell(cell);
  if (n === null || !Number.isFinite(n)) return { ok: false, problem: 'expected a whole number' };
  const rounded = Math.round(n);
  if (Math.abs(n - rounded) > 1e-9) return { ok: false, problem: `${n} is not a whole number` };
  if (rounded < 0) return { ok: false, problem: `${rounded} is negative` };
  if (rounded > 1_000_000) return { ok: false, problem: `${rounded} is implausibly large` };
  return { ok: true, value: rounded };
}

export function toDecimal(cell: Cell): Converted<number> {
  const n = numberFromCell(cell);
  if (n === null || !Number.isFinite(n)) return { ok: false, problem: 'expected a number' };
  if (n < 0) return { ok: false, problem: `${n} is negative` };
  if (n > 150) return { ok: false, problem: `${n} is implausibly large` };
  return { ok: true, value: n };
}

const MAX_TEXT = 1000;

export function toText(cell: Cell): Converted<string> {
  let text: string;
  switch (cell.kind) {
    case 'text': text = cell.text; break;
    case 'number': text = String(cell.value); break;
    case 'bool': text = cell.value ? 'TRUE' : 'FALSE'; break;
    case 'date': text = cellDisplay(cell) ?? ''; break;
    default: return { ok: false, problem: 'expected text' };
  }
  if (text.length > MAX_TEXT) return { ok: true, value: text.slice(0, MAX_TEXT), note: `text longer than ${MAX_TEXT} characters was cut short` };
  return { ok: true, value: text };
}

const MAX_ID = 100;

export function toId(cell: Cell): Converted<string> {
  let id: string;
  if (cell.kind === 'number') {
    if (!Number.isFinite(cell.value)) return { ok: false, problem: 'expected an identifier' };
    id = Number.isInteger(cell.value) ? cell.value.toFixed(0) : String(cell.value);
  } else if (cell.kind === 'text') {
    id = /^\d+\.0+$/.test(cell.text) ? cell.text.replace(/\.0+$/, '') : cell.text;
  } else {
    return { ok: false, problem: 'expected an identifier' };
  }
  if (id.length > MAX_ID) return { ok: false, problem: `an identifier longer than ${MAX_ID} characters` };
  return { ok: true, value: id };
}

const POSTCODE_FULL = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
const POSTCODE_OUTWARD = /^[A-Z]{1,2}\d[A-Z\d]?$/;

export function toPostcode(cell: Cell): Converted<string> {
  if (cell.kind !== 'text') return { ok: false, problem: 'expected a postcode' };
  const text = cell.text.toUpperCase().replace(/\s+/g, ' ').trim();
  const full = POSTCODE_FULL.exec(text);
  if (full) return { ok: true, value: `${full[1]} ${full[2]}` };
  if (POSTCODE_OUTWARD.test(text)) return { ok: true, value: text };
  return { ok: false, problem: `"${cell.text}" is not a UK postcode` };
}

interface VocabularyIndex {
  byKey: Map<string, string>;
  codes: Map<string, string>;
}

const indexCache = new WeakMap<Vocabulary, VocabularyIndex>();
const LETTER_PREFIX = /^[a-z]{1,2}\d?\)\s*/i;
const CODE_AND_NAME = /^([A-Za-z]{0,3}\d{1,2}[A-Za-z]?)\s*[:\-–]\s*(.+)$/;

/**
 * Keys are tried from most to least specific; a key shared by two entries (the many
 * `Health services` sources, for instance) is dropped rather than guessed.
 */
function indexOf(vocabulary: Vocabulary): VocabularyIndex {
  const cached = indexCache.get(vocabulary);
  if (cached) return cached;
  const byKey = new Map<string, string>();
  const codes = new Map<string, string>();
  const tiers: Array<Array<[string, string]>> = [[], [], [], []];
  for (const e of vocabulary) {
    codes.set(vocabularyKey(e.code), e.code);
    tiers[0]?.push([vocabularyKey(e.label), e.code]);
    tiers[1]?.push([vocabularyKey(e.code), e.code]);
    const stripped = e.label.replace(LETTER_PREFIX, '');
    tiers[2]?.push([vocabularyKey(stripped), e.code]);
    for (const alias of e.aliases) tiers[2]?.push([vocabularyKey(alias), e.code]);
    const named = CODE_AND_NAME.exec(stripped);
    if (named?.[2]) tiers[3]?.push([vocabularyKey(named[2]), e.code]);
  }
  for (const tier of tiers) {
    const seen = new Map<string, string | null>();
    for (const [key, code] of tier) {
      if (!key) continue;
      const prior = seen.get(key);
      seen.set(key, prior === undefined || prior === code ? code : null);
    }
    for (const [key, code] of seen) if (code !== null && !byKey.has(key)) byKey.set(key, code);
  }
  const index = { byKey, codes };
  indexCache.set(vocabulary, index);
  return index;
}

/** Matches a coded value with or without its `x) ` prefix, by code, label or alias. */
export function matchVocabulary(vocabulary: Vocabulary, raw: string): string | null {
  const index = indexOf(vocabulary);
  const text = cleanText(raw);
  const direct = index.byKey.get(vocabularyKey(text));
  if (direct !== undefined) return direct;
  const unprefixed = text.replace(LETTER_PREFIX, '');
  const byName = index.byKey.get(vocabularyKey(unprefixed));
  if (byName !== undefined) return byName;
  const codeFirst = /^([A-Za-z]{0,3}\d{1,2}[A-Za-z]?)(?:\s*[:\-–)]|\s*$)/.exec(unprefixed);
  if (codeFirst?.[1]) return index.codes.get(vocabularyKey(codeFirst[1])) ?? null;
  return null;
}

function vocabularyText(cell: Cell): string | null {
  if (cell.kind === 'text') return cell.text;
  if (cell.kind === 'number') return String(cell.value);
  if (cell.kind === 'bool') return cell.value ? 'TRUE' : 'FALSE';
  return null;
}

export function toCoded(cell: Cell, vocabulary: Vocabulary): Converted<string> {
  const text = vocabularyText(cell);
  if (text === null) return { ok: false, problem: 'expected one of the listed codes' };
  const code = matchVocabulary(vocabulary, text);
  if (code === null) return { ok: false, problem: `"${text}" is not one of the codes for this column` };
  return { ok: true, value: code };
}

export function toYesNo(cell: Cell, vocabulary: Vocabulary = YES_NO): Converted<boolean> {
  if (cell.kind === 'bool') return { ok: true, value: cell.value };
  const text = vocabularyText(cell);
  if (text === null) return { ok: false, problem: 'expected Yes or No' };
  const code = matchVocabulary(vocabulary, text) ?? (vocabulary === YES_NO ? null : matchVocabulary(YES_NO, text));
  if (code === 'Y') return { ok: true, value: true };
  if (code === 'N') return { ok: true, value: false };
  if (code === 'U') return { ok: true, value: null };
  return { ok: false, problem: `"${text}" is not Yes or No` };
}

/** Converts a non-blank, non-error cell to the column's type. */
export function convertCell(cell: Cell, column: ColumnSpec, date1904 = false): Converted<unknown> {
  switch (column.type) {
    case 'id': return toId(cell);
    case 'text': return toText(cell);
    case 'date': return toDate(cell, date1904);
    case 'integer': return toInteger(cell);
    case 'decimal': return toDecimal(cell);
    case 'postcode': return toPostcode(cell);
    case 'coded': return column.vocabulary ? toCoded(cell, column.vocabulary) : toText(cell);
    case 'yesno': {
      const yn = toYesNo(cell, column.vocabulary);
      if (yn.ok && column.inverted && yn.value !== null) return { ok: true, value: !yn.value };
      return yn;
    }
  }
}

