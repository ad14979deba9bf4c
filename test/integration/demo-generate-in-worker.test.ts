import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate.ts';
import { generateDemoInWorker } from '../../src/demo/generate-in-worker.ts';

const dirs: string[] = [];
const outDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'headroom-demo-worker-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const options = { seed: 3, endDate: '2025-10-31', laCode: '997', laName: 'Modelbury', children: 5_000 };

describe('demo generator on a worker thread', () => {
  it('writes the same files, byte for byte, as generating in the calling thread, and passes progress back', async () => {
    const progress: string[] = [];
    const [inWorker, inThread] = await Promise.all([
      generateDemoInWorker({ ...options, outDir: outDir(), onProgress: (m) => progress.push(m) }),
      generateDemo({ ...options, outDir: outDir() }),
    ]);
    expect(inWorker.files.map((f) => [f.kind, path.basename(f.path), f.extractDate])).toEqual(inThread.files.map((f) => [f.kind, path.basename(f.path), f.extractDate]));
    for (const [i, f] of inWorker.files.entries()) expect(readFileSync(f.path).equals(readFileSync(inThread.files[i]!.path)), f.path).toBe(true);
    expect(progress[0]).toMatch(/^Simulating/);
  }, 120_000);

  it('reports a generator that fails instead of hanging', async () => {
    await expect(generateDemoInWorker({ ...options, endDate: 'not a date', outDir: outDir() })).rejects.toThrow();
  }, 60_000);
});
