import type { ImportIssue } from '../domain/issue.ts';

export type { ImportIssue, Severity } from '../domain/issue.ts';

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
