import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { writeAnnexAWorkbook } from '../../src/formats/annex-a/write.ts';
import type { AnnexARowData } from '../../src/formats/annex-a/types.ts';
import { annexAImporter } from '../../src/services/annex-a.importer.ts';
import { runImport, type Importer, type ImportRequest } from '../../src/services/import-runner.ts';
import { caseloadService } from '../../src/services/caseload.service.ts';
import { standardsService } from '../../src/services/standards.service.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { readFixture } from '../support/fixtures.ts';

const SAMPLE = readFixture('annex-a/annex-a-sample.xlsx');
const logger = createLogger({ level: 'silent' });
const TABLES = ['contact', 'early_help', 'referral', 'assessment', 's47', 'cin_episode', 'cp_plan', 'cla_episode', 'care_leaver', 'adoption', 'adopter'] as const;

const child = { sex: 'F' as const, ethnicity: 'WBRI' as const, dateOfBirth: '2015-01-01', age: 8 };
const cin = (childId: string, startDate: string, closureDate: string | null, worker: string | null): AnnexARowData<6> => ({
  childId,
  ...child,
  disability: false,
  startDate,
  primaryNeed: 'N1',
  lastSeenDate: null,
  closureDate,
  closureReason: closureDate ? 'RC1' : null,
  caseStatus: closureDate ? 'CLOSED' : 'CIN',
  allocatedTeam: 'CIN North',
  allocatedWorker: worker,
});
const contact = (childId: string, contactDate: string): AnnexARowData<1> => ({ childId, ...child, contactDate, contactSource: '6' });

describe.each(testDrivers())('Annex A import on $kind', (driver) => {
  let handle: DatabaseHandle;
  const deps = () => ({ db: handle.db, clock: () => new Date('2024-06-01T10:00:00Z'), logger });
  const request = (bytes: Buffer, extractDate?: string, fileName = 'annex-a.xlsx'): ImportRequest => ({ laCode: '855', fileName, bytes, loadedBy: 'test', extractDate });
  const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where la_code = '855'`.execute(handle.db)).rows[0]?.n);
  const counts = async () => Object.fromEntries(await Promise.all([...TABLES, 'allocation', 'child', 'team', 'worker', 'import_issue', 'annex_a_snapshot'].map(async (t) => [t, await count(t)])));

  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  it('imports the messy public sample with every row accounted for and the expected issues', async () => {
    const result = await runImport(deps(), annexAImporter(), request(SAMPLE, undefined, 'annex-a-sample.xlsx'));
    expect(result.extractDate).toBe('2021-03-15');
    expect(result.extractDateFrom).toBe('file');
    expect(result.lists).toHaveLength(11);
    for (const l of result.lists) expect(l.loaded + l.rejected).toBe(l.rowsRead);
    for (const [i, table] of TABLES.entries()) {
      const l = result.lists.find((x) => x.list === i + 1)!;
      expect(await count(table), table).toBe(l.loaded);
    }
    const na = result.issues.filter((i) => i.list === 6 && i.value === '#N/A');
    expect(na).toHaveLength(10);
    expect(na[0]).toMatchObject({ row: 2, column: 'Allocated Team', severity: 'warning' });
    expect(result.issues).toContainEqual(expect.objectContaining({ list: 8, row: 3, column: 'Placement postcode', value: 'nope', severity: 'warning' }));
    const adoption = await handle.db.selectFrom('adoption').select(['event_date', 'placement_order_date']).where('la_code', '=', '855').execute();
    expect(adoption.every((a) => /^\d{4}-\d{2}-\d{2}$/.test(a.event_date))).toBe(true);
    const stored = await handle.db.selectFrom('import_issue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    expect(stored?.n).toBe(result.issues.length);
    const workers = await handle.db.selectFrom('worker').select(['name', 'seen_only_in_annex_a']).where('la_code', '=', '855').execute();
    expect(workers.length).toBeGreaterThan(5);
    expect(workers.every((w) => w.seen_only_in_annex_a)).toBe(true);
    expect(workers.map((w) => w.name)).toContain('Mathilde Cutsforth');
  });

  it('re-importing the same extract date replaces that snapshot without duplicates; a new date adds one', async () => {
    const first = await runImport(deps(), annexAImporter(), request(SAMPLE));
    const before = await counts();
    const again = await runImport(deps(), annexAImporter(), request(SAMPLE));
    expect(again.replaced).toBe(true);
    expect(first.replaced).toBe(false);
    const after = await counts();
    expect({ ...after, import_issue: 0 }).toEqual({ ...before, import_issue: 0 });
    const later = await runImport(deps(), annexAImporter(), request(SAMPLE, '2021-04-30'));
    expect(later.replaced).toBe(false);
    const third = await counts();
    expect(third.contact).toBe(before.contact);
    expect(third.allocation).toBe(2 * before.allocation);
    expect(third.annex_a_snapshot).toBe(2 * before.annex_a_snapshot);
    const batches = await handle.db.selectFrom('import_batch').select(['status', 'extract_date']).orderBy('id').execute();
    expect(batches.map((b) => b.status)).toEqual(['replaced', 'loaded', 'loaded']);
  });

  it('keeps one event across overlapping extracts, and the latest extract wins', async () => {
    const march = await writeAnnexAWorkbook({ 1: [contact('C1', '2024-01-10')], 6: [cin('C1', '2024-01-20', null, 'Jo Bloggs')] });
    const april = await writeAnnexAWorkbook({ 1: [contact('C1', '2024-01-10'), contact('C2', '2024-04-02')], 6: [cin('C1', '2024-01-20', '2024-04-15', 'Jo Bloggs')] });
    await runImport(deps(), annexAImporter(), request(march, '2024-03-31'));
    await runImport(deps(), annexAImporter(), request(april, '2024-04-30'));
    expect(await count('contact')).toBe(2);
    expect(await count('cin_episode')).toBe(1);
    const closed = await handle.db.selectFrom('cin_episode').select(['closure_date', 'last_extract_date']).executeTakeFirstOrThrow();
    expect(closed).toEqual({ closure_date: '2024-04-15', last_extract_date: '2024-04-30' });
    await runImport(deps(), annexAImporter(), request(march, '2024-02-29'));
    expect((await handle.db.selectFrom('cin_episode').select('closure_date').executeTakeFirstOrThrow()).closure_date).toBe('2024-04-15');

    const caseloads = caseloadService({ db: handle.db, clock: () => new Date('2024-06-01T00:00:00Z'), standards: standardsService({ db: handle.db }) });
    const atMarch = await caseloads.snapshot('855', '2024-03-31');
    expect(atMarch.basis).toBe('annex_a');
    expect(atMarch.workers.find((w) => w.name === 'Jo Bloggs')?.caseload).toBe(1);
    const atApril = await caseloads.snapshot('855', '2024-04-30');
    expect(atApril.workers.find((w) => w.name === 'Jo Bloggs')?.caseload).toBe(0);
  });

  it('counts an event repeated within one file once, and lists the earlier row as not loaded', async () => {
    const book = await writeAnnexAWorkbook({ 1: [contact('C1', '2024-01-10'), contact('C1', '2024-01-10'), contact('C2', '2024-01-11')] });
    const result = await runImport(deps(), annexAImporter(), request(book, '2024-03-31'));
    expect(result.lists[0]).toMatchObject({ rowsRead: 3, loaded: 2, rejected: 1 });
    expect(result.issues).toContainEqual(expect.objectContaining({ list: 1, row: 2, severity: 'warning' }));
    expect(await count('contact')).toBe(2);
  });

  it('rejects an unreadable file with nothing written', async () => {
    await expect(runImport(deps(), annexAImporter(), request(Buffer.from('this is not a workbook'), undefined, 'notes.xlsx'))).rejects.toMatchObject({ code: 'input_rejected' });
    expect(await counts()).toEqual(Object.fromEntries(Object.keys(await counts()).map((k) => [k, 0])));
    expect(await handle.db.selectFrom('import_batch').selectAll().execute()).toEqual([]);
  });

  it('leaves the database exactly as before when an import fails half-way', async () => {
    await runImport(deps(), annexAImporter(), request(SAMPLE, '2021-03-15'));
    const before = await counts();
    const real = annexAImporter();
    const failing: Importer<unknown> = {
      ...(real as Importer<unknown>),
      async load(tx, context, parsed) {
        await real.load(tx, context, parsed as Parameters<typeof real.load>[2]);
        throw new Error('disk full');
      },
    };
    await expect(runImport(deps(), failing, request(SAMPLE, '2021-03-15'))).rejects.toThrow('disk full');
    expect(await counts()).toEqual(before);
    expect((await handle.db.selectFrom('import_batch').select('status').execute()).map((b) => b.status)).toEqual(['loaded']);
  });
});
