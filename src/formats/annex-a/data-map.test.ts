import { describe, expect, it } from 'vitest';
import { ANNEX_A_LIST_NUMBERS, headerKey, listFromSheetName, listSpec, YES_NO } from './data-map.ts';
import { matchVocabulary } from './values.ts';

describe('listFromSheetName', () => {
  it.each([
    ['List 1', 1], ['List1', 1], ['list_1', 1], ['LIST-1', 1], ['L1 Contacts', 1], ['List 1 - Contacts', 1],
    ['List 01', 1], ['Annex A List 3', 3], ['List 10', 10], ['L11', 11], ['List 11 - Adopters', 11],
    ['Referrals', 3], ['Children in Need', 6], ['CLA', 8], ['Care Leavers', 9], ['Adopters', 11], ['Adoption', 10],
  ])('%j is list %i', (name, list) => {
    expect(listFromSheetName(name)).toBe(list);
  });

  it.each(['Sheet1', 'Notes', 'List 12', 'List 0', 'Lookup', ''])('%j is not a list', (name) => {
    expect(listFromSheetName(name)).toBeNull();
  });
});

describe('headerKey', () => {
  it('ignores case, spaces, quotes and trailing punctuation', () => {
    expect(headerKey('Date of Referral')).toBe(headerKey('date  of\u00A0referral'));
    expect(headerKey("Child's Legal Status")).toBe(headerKey('Child’s Legal Status'));
    expect(headerKey('Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))')).toBe(
      headerKey('Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months'),
    );
    expect(headerKey('Date of Adoption Order ')).toBe(headerKey('Date of Adoption Order'));
  });
});

describe('the data map', () => {
  it.each(ANNEX_A_LIST_NUMBERS.map((n) => [n]))('list %i is consistent', (n) => {
    const spec = listSpec(n);
    expect(spec.list).toBe(n);
    expect(spec.sheetName).toBe(`List ${n}`);
    expect(listFromSheetName(spec.sheetName)).toBe(n);
    const fields = spec.columns.map((c) => c.field);
    expect(new Set(fields).size).toBe(fields.length);
    const keys = spec.columns.flatMap((c) => [c.header, ...c.variants].map((h) => `${headerKey(h)}:${c.field}`));
    const owner = new Map<string, string>();
    for (const k of keys) {
      const [key, field] = k.split(':') as [string, string];
      const prior = owner.get(key);
      expect(prior === undefined || prior === field, `header key ${key} is claimed by ${prior} and ${field}`).toBe(true);
      owner.set(key, field);
    }
    expect(spec.columns.find((c) => c.field === spec.idField)?.required).toBe(true);
    if (spec.startField !== null) expect(spec.columns.find((c) => c.field === spec.startField)?.required).toBe(true);
    expect(spec.eventKey[0]).toBe(spec.idField);
    for (const column of spec.columns) {
      if (column.type === 'coded') expect(column.vocabulary, column.header).toBeDefined();
    }
  });

  it('every vocabulary reads back its own labels and codes', () => {
    for (const n of ANNEX_A_LIST_NUMBERS) {
      for (const column of listSpec(n).columns) {
        const vocabulary = column.vocabulary ?? (column.type === 'yesno' ? YES_NO : undefined);
        if (!vocabulary) continue;
        for (const entry of vocabulary) {
          expect(matchVocabulary(vocabulary, entry.label), `${column.header}: ${entry.label}`).toBe(entry.code);
          expect(matchVocabulary(vocabulary, entry.code), `${column.header}: ${entry.code}`).toBe(entry.code);
        }
      }
    }
  });
});

describe('docs/formats/annex-a.md', () => {
  it('documents every column and code of the data map', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile('docs/formats/annex-a.md', 'utf8');
    for (const n of ANNEX_A_LIST_NUMBERS) {
      expect(doc).toContain(`### List ${n}: ${listSpec(n).name}`);
      for (const column of listSpec(n).columns) {
        expect(doc, column.header).toContain(`| ${column.header} | \`${column.field}\` |`);
        for (const entry of column.vocabulary ?? []) expect(doc, entry.label).toContain(`| \`${entry.code}\` | ${entry.label} |`);
      }
    }
  });
});
