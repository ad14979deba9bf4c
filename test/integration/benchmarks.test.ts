import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { isAppError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { readFixture } from '../support/fixtures.ts';
import { seedSmallCouncil } from '../support/seed.ts';

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

const folders: string[] = [];
function folderWith(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-benchmarks-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}
afterAll(() => {
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

const CSWW = 'csww_indicators_2017_to_2025.csv';

describe.each(testDrivers())('benchmarks on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;

  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    await truncateAll(handle.db);
    // A new process each time: the service keeps its copy of the dataset for a few seconds.
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2026-12-04T10:00:00Z'), logger: createLogger({ level: 'silent' }) });
  });

  it('uses the shipped dataset until a council imports one', async () => {
    const info = await s.benchmarks.info();
    expect(info.origin).toBe('shipped');
    expect(info.version).toMatch(/^2025-[0-9a-f]{8}$/);
    expect(info.licence).toContain('Open Government Licence v3.0');
    expect((await s.benchmarks.forLa('855', 2025)).measures.find((m) => m.id === 'caseload_fte')?.value).toBe(13.5);
  });

  it('refuses an unknown LA, saying how to find codes', async () => {
    const err = await rejection(s.benchmarks.forLa('123'));
    expect(err.code).toBe('input_rejected');
    expect(err.message).toContain('headroom benchmarks las');
  });

  it('refreshes from newly published files: the table in the folder is replaced, the others kept, and the version and publication date shown', async () => {
    const lines = readFixture(`dfe/benchmarks/${CSWW}`).toString('utf8').split('\n');
    const column = lines[0]?.split(',').indexOf('caseload_fte') ?? -1;
    const csv = lines
      .map((line) => {
        const cells = line.split(',');
        if (cells[0] !== '2025' || cells[7] !== '855') return line;
        expect(cells[column]).toBe('13.5');
        cells[column] = '13.9';
        return cells.join(',');
      })
      .join('\n');
    const result = await s.benchmarks.importFolder(folderWith({ [CSWW]: csv, 'notes.txt': 'x' }), { actor: 'cli:analyst', published: '2026-02-26' });
    expect(result.ignored).toEqual(['notes.txt']);
    expect(result.info).toMatchObject({ origin: 'imported', published: '2026-02-26', importedBy: 'cli:analyst' });
    const after = await s.benchmarks.forLa('855', 2025);
    expect(after.measures.find((m) => m.id === 'caseload_fte')?.value).toBe(13.9);
    // Tables not in the folder keep their published figures.
    expect(after.measures.find((m) => m.id === 'rereferral_percent')?.value).toBe(25.5);
    expect(after.neighbours).toHaveLength(10);
  });

  it('refuses a refreshed file with a changed column, naming the file and the column, and stores nothing', async () => {
    const csv = readFixture(`dfe/benchmarks/${CSWW}`).toString('utf8').replace('vacancy_rate_fte', 'vacancy_rate');
    const err = await rejection(s.benchmarks.importFolder(folderWith({ 'csww_indicators_2017_to_2026.csv': csv }), { actor: 'cli:analyst', published: null }));
    expect(err.code).toBe('input_rejected');
    expect(err.message).toContain('csww_indicators_2017_to_2026.csv');
    expect(err.message).toContain('"vacancy_rate_fte"');
    expect((await s.benchmarks.info()).origin).toBe('shipped');
  });

  it('refuses a folder holding none of the tables', async () => {
    const err = await rejection(s.benchmarks.importFolder(folderWith({ 'readme.txt': 'x' }), { actor: 'cli:analyst', published: null }));
    expect(err.code).toBe('input_rejected');
    expect(err.message).toContain('sn_model_2025_wide.csv');
  });

  it('gives Demoshire a synthetic set of neighbours that never enters a real council’s rank', async () => {
    const demo = await s.benchmarks.forLa('999', 2025);
    const real = await s.benchmarks.forLa('855', 2025);
    expect(demo.synthetic).toBe(true);
    expect(demo.laName).toContain('synthetic');
    expect(demo.neighbours).toEqual(real.neighbours);
    const caseload = demo.measures.find((m) => m.id === 'caseload_fte');
    expect(caseload?.value).toBe(real.measures.find((m) => m.id === 'caseload_fte')?.neighboursAverage);
    expect(caseload?.of).toBe(real.measures.find((m) => m.id === 'caseload_fte')?.of);
    expect((await s.benchmarks.las()).find((l) => l.laCode === '999')?.synthetic).toBe(true);
  });

  it('sets the council’s own caseload per FTE beside the latest published year, as provisional', async () => {
    await seedSmallCouncil(handle.db);
    const live = await s.benchmarks.live('855');
    const caseload = live.find((f) => f.id === 'caseload_fte');
    const asOf = await s.caseloads.defaultDate('855');
    expect(caseload).toMatchObject({ value: (await s.caseloads.snapshot('855', asOf)).totals.averagePerFte, period: `caseloads at ${asOf}`, publishedYear: 2025, publishedValue: 13.5, england: 15.2 });
  });
});
