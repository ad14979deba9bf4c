import { formatPence, type Pence } from '../../domain/planning/money.ts';
import type { Role } from '../../domain/workforce/types.ts';

/** Shown where a figure has no value, such as an average for a team with no case holders. */
export const NO_VALUE = '–';

/** Role names as a council report writes them. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  social_worker: 'Social worker',
  senior_practitioner: 'Senior practitioner',
  advanced_practitioner: 'Advanced practitioner',
  team_manager: 'Team manager',
  practice_manager: 'Practice manager',
  service_manager: 'Service manager',
  head_of_service: 'Head of service',
  iro: 'Independent reviewing officer',
  personal_adviser: 'Personal adviser',
  family_worker: 'Family worker',
  student: 'Student social worker',
};

/**
 * A cell of a business case table, kept as data so that each format writes it its own way:
 * Word and HTML as text, Excel as a number with a number format (money in pounds, `£#,##0.00`).
 */
export type BusinessCaseCell =
  | { kind: 'text'; text: string }
  | { kind: 'count'; value: number }
  /** One decimal place: an average caseload, reports per manager. Null has no value. */
  | { kind: 'decimal'; value: number | null }
  | { kind: 'fte'; value: number }
  | { kind: 'money'; pence: Pence }
  | { kind: 'blank' };

export interface BusinessCaseColumn {
  heading: string;
  numeric: boolean;
}

export interface BusinessCaseTable {
  id: string;
  caption: string;
  columns: BusinessCaseColumn[];
  /** The first cell of each row names it (a row header). */
  rows: BusinessCaseCell[][];
  /** Total rows, shown in bold after the body. */
  totals: BusinessCaseCell[][];
}

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const FTE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

export const countText = (value: number): string => COUNT.format(value);
export const fteText = (value: number): string => FTE.format(value);

export function cellText(cell: BusinessCaseCell): string {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'count':
      return COUNT.format(cell.value);
    case 'decimal':
      return cell.value === null ? NO_VALUE : DECIMAL.format(cell.value);
    case 'fte':
      return FTE.format(cell.value);
    case 'money':
      return formatPence(cell.pence);
    case 'blank':
      return '';
  }
}

/** Excel number formats, so that figures sum and chart as numbers. */
export const XLSX_FORMATS = { count: '#,##0', decimal: '0.0', fte: '0.0#', money: '£#,##0.00' } as const;

export const text = (value: string): BusinessCaseCell => ({ kind: 'text', text: value });
export const count = (value: number): BusinessCaseCell => ({ kind: 'count', value });
export const decimal = (value: number | null): BusinessCaseCell => ({ kind: 'decimal', value });
export const fte = (value: number): BusinessCaseCell => ({ kind: 'fte', value });
export const money = (pence: Pence): BusinessCaseCell => ({ kind: 'money', pence });
export const blank: BusinessCaseCell = { kind: 'blank' };
