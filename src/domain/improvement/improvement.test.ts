import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../calendar/periods.ts';
import { emptyFlowData } from '../flow/events.ts';
import { computeKpis } from '../flow/indicators.ts';
import { auditQuarter, gradeShares, parseGrade, sharesBy } from './audit-grades.ts';
import { KPI_DIRECTION, measureInfo, parseTarget } from './measures.ts';
import { meetsTarget, parseRag, parseStatus, ragFor } from './rag.ts';
import { scoreRisk } from './risk.ts';

const lower = { target: 18, betterWhen: 'lower' as const };
const higher = { target: 90, betterWhen: 'higher' as const };

describe('RAG rule', () => {
  it('is green when the value is exactly on target, whichever way is better', () => {
    expect(ragFor({ due: '2025-03-31', asOf: '2025-06-30', measure: { ...lower, value: 18 }, manualRag: null })).toMatchObject({ rag: 'green', met: true, overdue: true });
    expect(ragFor({ due: '2025-03-31', asOf: '2025-06-30', measure: { ...higher, value: 90 }, manualRag: null })).toMatchObject({ rag: 'green', met: true });
    expect(meetsTarget(18.1, 18, 'lower')).toBe(false);
    expect(meetsTarget(89.9, 90, 'higher')).toBe(false);
  });

  it('is amber on the due date itself and red the day after', () => {
    const measure = { ...lower, value: 21 };
    expect(ragFor({ due: '2025-06-30', asOf: '2025-06-30', measure, manualRag: null })).toEqual({ rag: 'amber', ragSource: 'measure', overdue: false, met: false });
    expect(ragFor({ due: '2025-06-30', asOf: '2025-07-01', measure, manualRag: null })).toEqual({ rag: 'red', ragSource: 'measure', overdue: true, met: false });
  });

  it('says no data, not a colour, when the measure has no value for the period', () => {
    expect(ragFor({ due: '2025-01-01', asOf: '2025-06-30', measure: { ...lower, value: null }, manualRag: 'green' })).toEqual({ rag: 'no_data', ragSource: 'measure', overdue: true, met: null });
  });

  it('keeps the manual rating of an action without a measure, labelled manual', () => {
    expect(ragFor({ due: '2025-01-01', asOf: '2025-06-30', measure: null, manualRag: 'amber' })).toEqual({ rag: 'amber', ragSource: 'manual', overdue: true, met: null });
    expect(ragFor({ due: '2026-01-01', asOf: '2025-06-30', measure: null, manualRag: null })).toMatchObject({ rag: 'not_rated', ragSource: 'manual', overdue: false });
  });

  it('reads ratings and statuses as people write them', () => {
    expect(parseRag(' A ')).toBe('amber');
    expect(parseRag('blue')).toBeNull();
    expect(parseStatus('In Progress')).toBe('in_progress');
    expect(parseStatus('not-started')).toBe('not_started');
    expect(parseStatus('maybe')).toBeNull();
  });
});

describe('measures and targets', () => {
  it('agree with the directions the indicators publish', () => {
    for (const k of computeKpis(emptyFlowData(), parsePeriod('2024-25'))) expect([k.id, KPI_DIRECTION[k.id] ?? 'neutral']).toEqual([k.id, k.betterWhen]);
  });

  it('take the measure’s direction, or a stated one, and refuse a bare target for a measure with none', () => {
    expect(parseTarget('18', measureInfo('average_caseload_per_fte'))).toEqual({ value: 18, betterWhen: 'lower' });
    expect(parseTarget('90%', measureInfo('assessments_within_45wd'))).toEqual({ value: 90, betterWhen: 'higher' });
    expect(parseTarget('>= 500', measureInfo('contacts'))).toEqual({ value: 500, betterWhen: 'higher' });
    expect(parseTarget('at most 40', measureInfo('cla_per_10k'))).toEqual({ value: 40, betterWhen: 'lower' });
    expect(parseTarget('500', measureInfo('contacts'))).toHaveProperty('error');
    expect(parseTarget('eighteen', measureInfo('average_caseload_per_fte'))).toHaveProperty('error');
  });
});

describe('risk scores', () => {
  it('multiply likelihood by impact and band the score at 5, 10 and 16', () => {
    expect(scoreRisk(1, 4)).toEqual({ likelihood: 1, impact: 4, score: 4, band: 'low' });
    expect(scoreRisk(1, 5).band).toBe('medium');
    expect(scoreRisk(3, 3).band).toBe('medium');
    expect(scoreRisk(2, 5).band).toBe('high');
    expect(scoreRisk(3, 5).band).toBe('high');
    expect(scoreRisk(4, 4).band).toBe('very_high');
    expect(scoreRisk(5, 5).score).toBe(25);
    expect(() => scoreRisk(0, 3)).toThrow(RangeError);
    expect(() => scoreRisk(2.5, 3)).toThrow(RangeError);
  });
});

describe('audit grades', () => {
  it('share good or better and inadequate, to one decimal place', () => {
    const grades = ['outstanding', 'good', 'requires_improvement', 'inadequate', 'inadequate', 'inadequate', 'good'] as const;
    expect(gradeShares(grades.map((grade) => ({ grade })))).toEqual({ audited: 7, goodOrBetter: 3, inadequate: 3, goodOrBetterPct: 42.9, inadequatePct: 42.9 });
    expect(gradeShares([])).toMatchObject({ audited: 0, goodOrBetterPct: null });
  });

  it('group by team or quarter', () => {
    const audits = [
      { childId: 'C1', teamId: 'T2', auditDate: '2025-03-31', grade: 'good' as const },
      { childId: 'C2', teamId: 'T1', auditDate: '2025-04-01', grade: 'inadequate' as const },
    ];
    expect(sharesBy(audits, (a) => auditQuarter(a.auditDate)).map((s) => s.key)).toEqual(['2024-25 Q4', '2025-26 Q1']);
    expect(sharesBy(audits, (a) => a.teamId).map((s) => [s.key, s.inadequate])).toEqual([['T1', 1], ['T2', 0]]);
    expect(parseGrade('RI')).toBe('requires_improvement');
    expect(parseGrade('Requires Improvement to be Good')).toBe('requires_improvement');
    expect(parseGrade('fine')).toBeNull();
  });
});
