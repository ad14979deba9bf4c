import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-cli-dry-run-'));
const SAMPLE = fixturePath('annex-a/annex-a-sample.xlsx');

async function headroom(args: string[]) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('headroom import --dry-run and headroom import undo', () => {
  it('prints what an import would change and writes nothing, then imports and undoes it', async () => {
    const dry = await headroom(['import', 'annex-a', SAMPLE, '--la', '855', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: checked annex-a-sample.xlsx for LA 855 with extract date 2021-03-15 (the latest date in the file). Nothing was written.');
    expect(dry.stdout).toMatch(/Children: \d+ new, 0 already loaded replaced or removed/);
    expect(dry.stdout).toMatch(/Children open to teams\s+0 -> \d+/);
    expect(dry.stdout).toContain('It would not change demo mode.');

    const json = await headroom(['import', 'annex-a', SAMPLE, '--la', '855', '--dry-run', '--json']);
    const preview = JSON.parse(json.stdout) as { dryRun: boolean; batchId?: number; effect: { children: { added: number } }; headline: { before: { children: number } } };
    expect(preview).toMatchObject({ dryRun: true, headline: { before: { children: 0 } } });
    expect(preview.batchId).toBeUndefined();
    expect(preview.effect.children.added).toBeGreaterThan(0);

    // The dry runs left no batch behind: the real import replaces nothing.
    const imported = JSON.parse((await headroom(['import', 'annex-a', SAMPLE, '--la', '855', '--json'])).stdout) as { batchId: number; replaced: boolean; effect: { children: { added: number } } };
    expect(imported.replaced).toBe(false);
    expect(imported.effect.children.added).toBe(preview.effect.children.added);

    const undo = await headroom(['import', 'undo', String(imported.batchId)]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(new RegExp(`^Undid import ${imported.batchId} \\(annex-a-sample.xlsx, annex-a\\) for LA 855: [\\d,]+ rows removed`));
    const twice = await headroom(['import', 'undo', String(imported.batchId)]);
    expect(twice.code).toBe(3);
    expect(twice.stderr).toContain('It has already been undone.');
    expect((await headroom(['import', 'undo', 'twelve'])).code).toBe(2);
  }, 900_000);
});
