import type { IsoDate } from '../dates.ts';

export const AUDIT_GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type AuditGrade = (typeof AUDIT_GRADES)[number];
export const GRADE_LABELS: Readonly<Record<AuditGrade, string>> = { outstanding: 'Outstanding', good: 'Good', requires_improvement: 'Requires improvement', inadequate: 'Inadequate' };

/** The Ofsted grade words, any case, also "RI" and the numbers 1-4 (1 outstanding). */
export function parseGrade(text: string): AuditGrade | null {
  const t = text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (t === 'outstanding' || t === '1') return 'outstanding';
  if (t === 'good' || t === '2') return 'good';
  if (t === 'requires improvement' || t === 'requires improvement to be good' || t === 'ri' || t === '3') return 'requires_improvement';
  if (t === 'inadequate' || t === '4') return 'inadequate';
  return null;
}

export interface AuditedCase {
  childId: string;
  teamId: string;
  auditDate: IsoDate;
  grade: AuditGrade;
}

export interface GradeShares {
  audited: number;
  goodOrBetter: number;
  inadequate: number;
  /** Percent of audited cases, one decimal place; null with no audits. */
  goodOrBetterPct: number | null;
  inadequatePct: number | null;
}

const pct = (n: number, d: number): number | null => (d === 0 ? null : Math.round((1000 * n) / d + 1e-9) / 10);

export function gradeShares(audits: readonly Pick<AuditedCase, 'grade'>[]): GradeShares {
  const goodOrBetter = audits.filter((a) => a.grade === 'outstanding' || a.grade === 'good').length;
  const inadequate = audits.filter((a) => a.grade === 'inadequate').length;
  return { audited: audits.length, goodOrBetter, inadequate, goodOrBetterPct: pct(goodOrBetter, audits.length), inadequatePct: pct(inadequate, audits.length) };
}

/** The financial quarter an audit falls in, e.g. "2024-25 Q3". */
export function auditQuarter(date: IsoDate): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const fy = m >= 4 ? y : y - 1;
  const q = m >= 4 && m <= 6 ? 1 : m >= 7 && m <= 9 ? 2 : m >= 10 ? 3 : 4;
  return `${fy}-${String((fy + 1) % 100).padStart(2, '0')} Q${q}`;
}

/** Shares by a key (team, quarter), keys sorted. */
export function sharesBy(audits: readonly AuditedCase[], key: (a: AuditedCase) => string): Array<{ key: string } & GradeShares> {
  const groups = new Map<string, AuditedCase[]>();
  for (const a of audits) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
  return [...groups.keys()].sort().map((k) => ({ key: k, ...gradeShares(groups.get(k) ?? []) }));
}
