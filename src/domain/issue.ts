/**
 * The one shape of a problem with an input, from the domain to the edges. A scenario, a cost
 * model, a caseload standard or a file that cannot be used gives back a list of issues; an
 * `AppError` carries them up; a web form puts each against its field by `path`, the command line
 * prints one line each (`message`) and `--json` gives them as they are.
 */
export const ISSUE_CODES = [
  /** A required field is missing. */
  'required',
  /** A field has a value it cannot have (wrong type, out of range, not one of the choices). */
  'invalid',
  /** A field the input does not have (often a misspelling). */
  'unknown_field',
  /** The text is not JSON at all. */
  'not_json',
  /** The value names something that is not there (a team, a worker, a preset). */
  'not_found',
  /** The value disagrees with the data or with another field (a loop, too few posts, another council). */
  'conflict',
  /** A whole file cannot be used (unreadable, wrong layout, a missing column). */
  'file_unusable',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
  code: IssueCode;
  /**
   * Path of the field, e.g. `changes[2].team` or `roles.social_worker.max`; empty for the input as
   * a whole. A file's issue names the file (and column) here.
   */
  path: string;
  /** The whole problem in plain English, naming the field: `changes[2].team: there is no team "T99"`. */
  message: string;
  /** The problem without the field's name, for a form that shows its own label: `there is no team "T99"`. */
  reason: string;
}

export function issue(code: IssueCode, path: string, message: string, reason = message): Issue {
  return { code, path, message, reason };
}

/** `changes[2].team` from `['changes', 2, 'team']`. */
export function joinPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((path, part) => {
    if (typeof part === 'number') return `${path}[${part}]`;
    return path === '' ? String(part) : `${path}.${String(part)}`;
  }, '');
}

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


export function isIssue(value: unknown): value is Issue {
  return typeof value === 'object' && value !== null && 'code' in value && 'path' in value && 'reason' in value;
}
