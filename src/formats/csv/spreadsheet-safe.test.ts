import { describe, expect, it } from 'vitest';
import { spreadsheetSafe } from './spreadsheet-safe.ts';

describe('spreadsheetSafe', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+44 20', '-2+3', '@SUM(A1)', '\t=x', '\r=x'].map(spreadsheetSafe)).toEqual(["'=1+1", "'+44 20", "'-2+3", "'@SUM(A1)", "'\t=x", "'\r=x"]);
  });
  it('leaves ordinary text, numbers, booleans and nulls alone', () => {
    expect(['Assessment 1', 'C0001', '', 'a=b'].map(spreadsheetSafe)).toEqual(['Assessment 1', 'C0001', '', 'a=b']);
    expect([-2, 0, 3.5, true, null].map(spreadsheetSafe)).toEqual([-2, 0, 3.5, true, null]);
  });
});
