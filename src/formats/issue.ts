/**
 * A problem found while reading an input file. Parsers never throw on bad rows: they
 * return rows plus issues, and the import records every issue against its batch.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface ImportIssue {
  /** Annex A list number (1-11), or undefined for single-table formats. */
  list?: number;
  /** Sheet or file name the row came from. */
  sheet?: string;
  /** Row number as the user sees it in the file (1-based, header rows counted); 0 for file-level issues. */
  row: number;
  column?: string;
  value?: string;
  severity: Severity;
  message: string;
}

export interface ParseResult<Row> {
  rows: Row[];
  issues: ImportIssue[];
}

/** Shortens a cell value for display in an issue so huge cells never flood a report. */
export function issueValue(value: unknown, max = 200): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
