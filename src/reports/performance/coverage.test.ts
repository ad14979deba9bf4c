import { describe, expect, it } from 'vitest';
import { annexAWindows, CoverageIndex } from '../../domain/coverage/coverage.ts';
import { buildGoldenFlowData, GOLDEN_OPTIONS } from '../../domain/flow/golden-fixture.ts';
import { cellText, rowCells } from './format.ts';
import { buildPerformanceReport } from './model.ts';
import { rowOf } from '../../../test/support/performance.fixtures.ts';

const golden = buildGoldenFlowData();
const report = (quarter: 'Q3' | 'Q4' | undefined, coverage: CoverageIndex, dataEnd: string | null) =>
  buildPerformanceReport({ laCode: '855', laName: 'Goldshire', year: '2023-24', quarter, data: golden, options: GOLDEN_OPTIONS, generatedOn: '2024-05-01', suppress: false, coverage, dataEnd });

describe('the performance report and coverage', () => {
  it('reports a running quarter to the data end and compares it with the same part of the same quarter last year', () => {
    const r = report('Q3', CoverageIndex.everything(), '2023-11-30');
    expect(r.running).toBe(true);
    expect(r.periodLabel).toBe('Q3 2023-24 to 30 November 2023');
    expect(r.period).toMatchObject({ start: '2023-10-01', end: '2023-11-30' });
    expect(r.previousYear).toMatchObject({ start: '2022-10-01', end: '2022-11-30' });
    expect(r.yearToDate?.period).toMatchObject({ start: '2023-04-01', end: '2023-11-30', label: '2023-24 to 30 November 2023' });
    expect(rowOf(r, 'referrals').quarters.map((q) => q.figures === null)).toEqual([false, false, false, true]);
    expect(r.notes[0]).toContain('still running');
  });

  it('says part only and no data, and draws no headline, where the data covers the previous year only in part', () => {
    const r = report('Q4', new CoverageIndex(annexAWindows('2024-03-31', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], '2023-04-01')), '2024-03-31');
    expect(r.yearToDate?.heading).toBe('Whole year (2023-24)');
    const contacts = rowOf(r, 'contacts');
    expect(contacts.current.coverage).toBe('full');
    expect(contacts.previousYear?.coverage).toBe('none');
    expect(contacts.direction).toBeNull();
    expect(r.headlines).toEqual([]);
    expect(rowCells(contacts).map(cellText)).toContain('no data');
    const partial = report(undefined, new CoverageIndex(annexAWindows('2024-03-31', [1, 3])), '2024-03-31');
    expect(rowCells(rowOf(partial, 'contacts')).map(cellText)[0]).toBe('Contacts (covers 1 October 2023 to 31 March 2024 only)');
    expect(rowCells(rowOf(partial, 'cla_open_at_end')).map(cellText).slice(1, 2)).toEqual(['no data']);
  });
});
