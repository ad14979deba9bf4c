// Builds data/benchmarks/dataset.json (the reference dataset Headroom ships) from a folder of
// the DfE/ONS published CSVs: `node --import tsx scripts/build-benchmarks.ts FOLDER [--published YYYY-MM-DD]`.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildFromFolder } from '../src/services/benchmark-folder.ts';

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
const publishedAt = args.indexOf('--published');
const published = publishedAt >= 0 ? (args[publishedAt + 1] ?? null) : null;
if (!folder || (published !== null && !/^\d{4}-\d{2}-\d{2}$/.test(published))) {
  process.stderr.write('usage: scripts/build-benchmarks.ts FOLDER [--published YYYY-MM-DD]\n');
  process.exit(2);
}
const out = fileURLToPath(new URL('../data/benchmarks/dataset.json', import.meta.url));
const { dataset, files, ignored, issues } = await buildFromFolder(folder, { previous: null, builtAt: new Date().toISOString().slice(0, 10), published });
await writeFile(out, `${JSON.stringify(dataset)}\n`);
for (const f of files) process.stdout.write(`${f.file}: ${f.source}, ${f.rowsLoaded} of ${f.rowsRead} rows\n`);
for (const f of ignored) process.stdout.write(`${f}: not a table Headroom reads; ignored\n`);
process.stdout.write(`${issues.length} issue(s); dataset ${dataset.version} written to ${out}\n`);
