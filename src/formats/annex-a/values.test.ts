import { describe, expect, it } from 'vitest';
import { ETHNICITY, PLACEMENT_TYPE, SEX, SOURCE, YES_NO } from './data-map.ts';
import {
  matchVocabulary, serialToIso, textCell, toCoded, toDate, toDecimal, toId, toInteger, toPostcode, toYesNo,
} from './values.ts';
import type { Cell } from './values.ts';

const text = (t: string): Cell => textCell(t);
const num = (value: number): Cell => ({ kind: 'number', value });

function dateOf(cell: Cell): string | null {
  const r = toDate(cell);
  return r.ok ? r.value : null;
}

describe('textCell', () => {
  it.each(['', '   ', '#N/A', 'N/A', 'n/a', '-', '\u00A0', 'NULL'])('treats %j as blank', (t) => {
    expect(textCell(t)).toEqual({ kind: 'blank' });
  });

  it('trims non-breaking spaces and collapses runs of spaces', () => {
    expect(textCell('\u00A0Locality\u00A0 4  Unit 1 ')).toEqual({ kind: 'text', text: 'Locality 4 Unit 1' });
  });
});

describe('toDate', () => {
  it('reads date cells, Excel serials and the usual text forms', () => {
    expect(dateOf({ kind: 'date', value: new Date(Date.UTC(2020, 8, 16)) })).toBe('2020-09-16');
    expect(dateOf(num(44090))).toBe('2020-09-16');
    expect(dateOf(num(44090.75))).toBe('2020-09-16');
    expect(dateOf(text('16/09/2020'))).toBe('2020-09-16');
    expect(dateOf(text('6/9/20'))).toBe('2020-09-06');
    expect(dateOf(text('6/9/99'))).toBe('1999-09-06');
    expect(dateOf(text('2020-09-16'))).toBe('2020-09-16');
    expect(dateOf(text('2020-09-16T00:00:00.000Z'))).toBe('2020-09-16');
    expect(dateOf(text('16-09-2020'))).toBe('2020-09-16');
    expect(dateOf(text('16.09.2020'))).toBe('2020-09-16');
    expect(dateOf(text('16/09/2020 00:00:00'))).toBe('2020-09-16');
    expect(dateOf(text('16 Sep 2020'))).toBe('2020-09-16');
    expect(dateOf(text('16-Sept-20'))).toBe('2020-09-16');
    expect(dateOf(text('44090'))).toBe('2020-09-16');
    expect(dateOf(num(20200916))).toBe('2020-09-16');
  });

  it('rejects impossible and implausible dates with a reason', () => {
    const feb31 = toDate(text('31/02/2021'));
    expect(feb31).toEqual({ ok: false, problem: '"31/02/2021" is not a real calendar date' });
    expect(toDate(text('09/16/2020')).ok).toBe(false);
    expect(toDate(text('2021-13-01')).ok).toBe(false);
    expect(toDate(text('yesterday')).ok).toBe(false);
    expect(toDate(num(-5)).ok).toBe(false);
    expect(toDate(text('01/01/1850')).ok).toBe(false);
    expect(toDate({ kind: 'bool', value: true }).ok).toBe(false);
  });

  it('honours the 1904 date system', () => {
    expect(serialToIso(0 + 1, true)).toBe('1904-01-02');
    expect(serialToIso(42628, true)).toBe('2020-09-16');
  });
});

describe('numbers', () => {
  it('accepts 12.0 as an integer and rejects fractions and negatives', () => {
    expect(toInteger(num(12))).toEqual({ ok: true, value: 12 });
    expect(toInteger(text('12.0'))).toEqual({ ok: true, value: 12 });
    expect(toInteger(text('1,200'))).toEqual({ ok: true, value: 1200 });
    expect(toInteger(num(2.5)).ok).toBe(false);
    expect(toInteger(num(-1)).ok).toBe(false);
    expect(toInteger(text('two')).ok).toBe(false);
  });

  it('accepts decimal ages', () => {
    expect(toDecimal(num(6.138261464750171))).toEqual({ ok: true, value: 6.138261464750171 });
    expect(toDecimal(text('15.5'))).toEqual({ ok: true, value: 15.5 });
    expect(toDecimal(num(-2)).ok).toBe(false);
  });
});

describe('identifiers and postcodes', () => {
  it('writes numeric ids without decimals', () => {
    expect(toId(num(9212044))).toEqual({ ok: true, value: '9212044' });
    expect(toId(text('9212044.0'))).toEqual({ ok: true, value: '9212044' });
    expect(toId(text('AB-001'))).toEqual({ ok: true, value: 'AB-001' });
    expect(toId(text('x'.repeat(500))).ok).toBe(false);
  });

  it('normalises postcodes and accepts outward codes', () => {
    expect(toPostcode(text('t28 2wb'))).toEqual({ ok: true, value: 'T28 2WB' });
    expect(toPostcode(text('SW1A1AA'))).toEqual({ ok: true, value: 'SW1A 1AA' });
    expect(toPostcode(text('T28'))).toEqual({ ok: true, value: 'T28' });
    expect(toPostcode(text('nope'))).toEqual({ ok: false, problem: '"nope" is not a UK postcode' });
  });
});

describe('coded values', () => {
  it('matches with or without the letter prefix, by code, label or alias', () => {
    expect(matchVocabulary(SEX, 'b) Female')).toBe('F');
    expect(matchVocabulary(SEX, 'Female')).toBe('F');
    expect(matchVocabulary(SEX, 'F')).toBe('F');
    expect(matchVocabulary(SEX, 'FEMALE ')).toBe('F');
    expect(matchVocabulary(ETHNICITY, 's) NOBT')).toBe('NOBT');
    expect(matchVocabulary(ETHNICITY, 'White British')).toBe('WBRI');
    expect(matchVocabulary(SOURCE, 'q) 6: Police')).toBe('6');
    expect(matchVocabulary(SOURCE, '6')).toBe('6');
    expect(matchVocabulary(SOURCE, 'Police')).toBe('6');
    expect(matchVocabulary(SOURCE, 'j) 3D: Health services')).toBe('3D');
    expect(matchVocabulary(PLACEMENT_TYPE, 'U6: Foster placement - not FFA')).toBe('U6');
    expect(matchVocabulary(PLACEMENT_TYPE, 'u6')).toBe('U6');
  });

  it('does not guess between codes sharing a name', () => {
    expect(matchVocabulary(SOURCE, 'Health services')).toBeNull();
    expect(matchVocabulary(SOURCE, 'Individual')).toBeNull();
  });

  it('reports values outside the vocabulary', () => {
    expect(toCoded(text('PSRMEM - Support with memory'), SEX)).toEqual({ ok: false, problem: '"PSRMEM - Support with memory" is not one of the codes for this column' });
  });

  it.each([
    ['a) Yes', true], ['Yes', true], ['Y', true], ['TRUE', true], ['true', true],
    ['b) No', false], ['No', false], ['n', false], ['FALSE', false],
    ['c) Unknown', null], ['Unknown', null],
  ])('reads %j as %j', (value, expected) => {
    expect(toYesNo(text(value), YES_NO)).toEqual({ ok: true, value: expected });
  });

  it('reads Excel booleans and 1/0 as yes/no', () => {
    expect(toYesNo({ kind: 'bool', value: true })).toEqual({ ok: true, value: true });
    expect(toYesNo(num(0))).toEqual({ ok: true, value: false });
    expect(toYesNo(text('maybe')).ok).toBe(false);
  });
});
