import type { ImportIssue } from '../issue.ts';

/** A row read from a file, with its row number as a spreadsheet shows it. */
export interface Numbered<T> {
  rowNumber: number;
  value: T;
}

/** What every single-table parser returns: rows loaded, every issue, and rows read (loaded + rejected). */
export interface TableParseResult<T> {
  rows: Numbered<T>[];
  issues: ImportIssue[];
  rowsRead: number;
  fatal?: { code: string; message: string } | undefined;
}
