import { describe, expect, it } from 'vitest';
import { parseDfeTidy, parseNeighbourModel, readValue } from './dfe-tidy.ts';

const HEAD = 'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,caseload_fte';

describe('parseDfeTidy', () => {
  it('keeps every DfE suppression symbol as not published, never 0', () => {
    for (const s of ['c', 'x', 'z', 'u', 'k', 'low', '..', ':']) expect(readValue(s)).toEqual({ symbol: s });
    expect(readValue('')).toEqual({ symbol: 'x' });
    expect(readValue('1,234.5')).toBe(1234.5);
    expect(readValue('0')).toBe(0);
  });

  it('reads England, regional and LA rows; lists joint-council rows and bad rows as issues', () => {
    const csv = [
      HEAD,
      '2025,Reporting year,National,E92000001,England,,,,,,15.2',
      '2025,Reporting year,Regional,E92000001,England,E12000001,North East,,,,16.5',
      '2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,855,E10000018,Leicestershire,13.5',
      '2025,Reporting year,Local authority,E92000001,England,E13000002,Outer London,314 / 318,,Kingston upon Thames / Richmond upon Thames,16',
      '2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,830,,Derbyshire,low',
      '2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,831,,Derby,twelve',
      'twenty,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,892,,Nottingham,14',
      '2025,Reporting year,Local Authority District,E92000001,England,E12000004,East Midlands,,E07000001,Somewhere,14',
    ].join('\n');
    const r = parseDfeTidy(csv, 'csww.csv', { valueColumns: ['caseload_fte'] });
    expect(r.fatal).toBeUndefined();
    expect(r.rowsRead).toBe(8);
    expect(r.rows.map((x) => [x.level, x.code, x.values.caseload_fte])).toEqual([
      ['national', 'E92000001', 15.2],
      ['regional', 'E12000001', 16.5],
      ['la', '855', 13.5],
      ['la', '830', { symbol: 'low' }],
      ['la', '831', { symbol: 'x' }],
    ]);
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [5, 'old_la_code', 'warning'],
      [7, 'caseload_fte', 'warning'],
      [8, 'time_period', 'error'],
    ]);
    expect(r.issues[0]?.message).toContain('jointly');
  });

  it('refuses a file whose figure column was renamed, naming the file and the column', () => {
    const r = parseDfeTidy(`${HEAD.replace('caseload_fte', 'caseload_per_fte')}\n2025,Reporting year,National,E92000001,England,,,,,,15.2`, 'csww_indicators_2026.csv', { valueColumns: ['caseload_fte'] });
    expect(r.rows).toEqual([]);
    expect(r.fatal?.column).toBe('caseload_fte');
    expect(r.fatal?.message).toContain('csww_indicators_2026.csv');
    expect(r.fatal?.message).toContain('"caseload_fte"');
  });

  it('reads the wide neighbour model, leaving out a neighbour that is not an LA number', () => {
    const head = ['old_la_code', 'la_name', 'region_ind', 'region_name', ...Array.from({ length: 10 }, (_, i) => [`SN_${i + 1}`, `SN_${i + 1}P`]).flat()].join(',');
    const row = ['855', 'Leicestershire', '4', 'East Midlands', ...['916', '803', '937', '802', '850', '865', '933', '938', '811', '??'].flatMap((n) => [n, 'Close'])].join(',');
    const r = parseNeighbourModel(`\ufeff${head}\n${row}\nabc,Nowhere`, 'sn_model_2025_wide.csv');
    expect(r.rows[0]?.neighbours).toEqual(['916', '803', '937', '802', '850', '865', '933', '938', '811']);
    expect(r.issues.map((i) => [i.row, i.column])).toEqual([[2, 'SN_10'], [3, 'old_la_code']]);
  });
});
