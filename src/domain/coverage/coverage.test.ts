import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../calendar/periods.ts';
import { annexAWindows, collectionYearWindow, CoverageIndex, windowStart } from './coverage.ts';
import { comparisonPeriod, coverageNote, kpiCoverage, runningPeriod } from './kpi-coverage.ts';

describe('Annex A windows', () => {
  it('reach six months back for contacts and twelve for adoption; care leavers only the extract date', () => {
    const w = annexAWindows('2024-03-31', [1, 9, 10]);
    expect(w).toEqual([
      { family: 'contacts', from: '2023-10-01', to: '2024-03-31' },
      { family: 'care_leavers', from: '2024-03-31', to: '2024-03-31' },
      { family: 'adoption', from: '2023-04-01', to: '2024-03-31' },
    ]);
    expect(windowStart('2024-03-15', 6)).toBe('2023-09-16');
  });

  it('reach further back when the council says so, never less far', () => {
    const w = annexAWindows('2024-03-31', [1, 9, 10], '2022-04-01');
    expect(w.map((x) => x.from)).toEqual(['2022-04-01', '2024-03-31', '2022-04-01']);
    expect(annexAWindows('2024-03-31', [1], '2024-01-01')[0]?.from).toBe('2023-10-01');
  });

  it('gives a statutory return its collection year', () => {
    expect(collectionYearWindow('cin', 2023)).toEqual({ family: 'cin', from: '2023-04-01', to: '2024-03-31' });
  });
});

describe('CoverageIndex', () => {
  const one = new CoverageIndex(annexAWindows('2024-03-31', [1, 3, 7]));

  it('says full, partial or none for events in a period', () => {
    expect(kpiCoverage(one, 'contacts', parsePeriod('2023-24', 'Q4')).coverage).toBe('full');
    expect(kpiCoverage(one, 'contacts', parsePeriod('2023-24'))).toEqual({ coverage: 'partial', covered: { from: '2023-10-01', to: '2024-03-31' } });
    expect(kpiCoverage(one, 'contacts', parsePeriod('2022-23')).coverage).toBe('none');
    expect(kpiCoverage(one, 'assessments_completed', parsePeriod('2023-24', 'Q4')).coverage).toBe('none');
  });

  it('takes a stock only on a covered day, and needs every list it is built from', () => {
    expect(kpiCoverage(one, 'cp_open_at_end', parsePeriod('2023-24')).coverage).toBe('full');
    expect(kpiCoverage(one, 'cp_open_at_end', parsePeriod('2023-24', 'Q2')).coverage).toBe('none');
    expect(kpiCoverage(one, 'cin_open_at_end', parsePeriod('2023-24')).coverage).toBe('none');
  });

  it('covers the union of several extracts, and a gap between them leaves the period partial', () => {
    const two = new CoverageIndex([...annexAWindows('2023-03-31', [1], '2022-04-01'), ...annexAWindows('2024-03-31', [1], '2023-04-01')]);
    expect(kpiCoverage(two, 'contacts', parsePeriod('2022-23')).coverage).toBe('full');
    expect(kpiCoverage(two, 'contacts', parsePeriod('2023-24')).coverage).toBe('full');
    const gap = new CoverageIndex([...annexAWindows('2023-06-30', [1]), ...annexAWindows('2024-03-31', [1])]);
    expect(kpiCoverage(gap, 'contacts', parsePeriod('2023-24'))).toEqual({ coverage: 'partial', covered: { from: '2023-10-01', to: '2024-03-31' } });
  });

  it('writes a plain note for a partial figure', () => {
    expect(coverageNote({ from: '2023-10-01', to: '2024-03-31' })).toBe('covers 1 October 2023 to 31 March 2024 only');
  });
});

describe('running periods', () => {
  it('cut a year at the data end and compare it with the same months a year earlier', () => {
    const full = parsePeriod('2026-27');
    const { period, running } = runningPeriod(full, '2026-11-30');
    expect(running).toBe(true);
    expect(period).toMatchObject({ start: '2026-04-01', end: '2026-11-30', label: '2026-27 to 30 November 2026' });
    expect(comparisonPeriod(full, period, running, 'previous')).toMatchObject({ start: '2025-04-01', end: '2025-11-30', label: '2025-26 to 30 November 2025' });
  });

  it('compare a running quarter with the same part of the quarter before', () => {
    const full = parsePeriod('2026-27', 'Q3');
    const { period, running } = runningPeriod(full, '2026-11-30');
    expect(comparisonPeriod(full, period, running, 'previous')).toMatchObject({ start: '2026-07-01', end: '2026-08-31' });
    expect(comparisonPeriod(full, period, running, 'lastYear')).toMatchObject({ start: '2025-10-01', end: '2025-11-30' });
  });

  it('leave a finished period alone', () => {
    const full = parsePeriod('2025-26');
    expect(runningPeriod(full, '2026-11-30')).toEqual({ period: full, running: false });
    expect(comparisonPeriod(full, full, false, 'previous')).toMatchObject({ start: '2024-04-01', end: '2025-03-31' });
  });
});
