import { readFile, readdir, stat } from 'node:fs/promises';
import { INPUT_LIMITS, megabytes } from '../formats/limits.ts';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isIsoDate } from '../domain/dates.ts';
import type { ImportIssue } from '../formats/issue.ts';
import type { ImportResult, ImportSource } from '../services/import-runner.ts';
import type { CliContext } from './context.ts';
import { unreadableFile } from './exit-codes.ts';
import { parseFlags, laFlag } from './flags.ts';
import { progressLine } from './progress.ts';
import { registerReturnImports } from './returns.command.ts';

const SOURCES: ReadonlyArray<{ source: ImportSource; description: string; snapshots: boolean }> = [
  { source: 'annex-a', description: 'an Ofsted Annex A workbook (.xlsx), or a folder or .zip of one CSV per list', snapshots: true },
  { source: 'roster', description: 'a staff roster CSV', snapshots: false },
  { source: 'teams', description: 'a teams CSV (service, locality and team hierarchy)', snapshots: false },
  { source: 'allocations', description: 'a case allocations CSV', snapshots: false },
  { source: 'csww', description: 'a DfE children’s social work workforce census XML file', snapshots: false },
  { source: 'population', description: 'children aged 0-17 by year (simple CSV or the ONS/DfE layout)', snapshots: false },
  { source: 'audits', description: 'case-file audits, CSV or .xlsx (child, team, worker, audit date, auditor, grade, themes)', snapshots: false },
  { source: 'risks', description: 'the risk register, CSV or .xlsx (ref, risk, owner, likelihood, impact, mitigations, measure, target, review date)', snapshots: false },
];

const Flags = z.object({
  la: laFlag(),
  extractDate: z
    .string()
    .refine((v) => isIsoDate(v), 'must be a date written YYYY-MM-DD')
    .optional(),
  coversFrom: z
    .string()
    .refine((v) => isIsoDate(v), 'must be a date written YYYY-MM-DD')
    .optional(),
  json: z.boolean().optional(),
});

const ISSUES_SHOWN = 20;

export function registerImportCommands(program: Command, ctx: CliContext): void {
  const group = program.command('import').description('load a file into Headroom');
  for (const spec of SOURCES) {
    const cmd = group
      .command(spec.source)
      .description(`import ${spec.description}`)
      .argument('<file>', 'the file to import')
      .addOption(new Option('--la <code>', 'the DfE three-digit LA number the file belongs to').makeOptionMandatory())
      .option('--json', 'print the result as one JSON object');
    if (spec.snapshots) {
      cmd.option('--extract-date <date>', 'the date the extract was taken (default: the latest date in the file)');
      cmd.option('--covers-from <date>', 'the extract holds every event from this date, further back than the Ofsted windows (six months for contacts)');
    }
    cmd.action(async (file: string, raw: unknown) => {
      const flags = parseFlags(Flags, raw);
      const { fileName, bytes } = await readInput(file);
      const { adapters, services } = await ctx.open();
      const progress = !flags.json && ctx.isTty ? progressLine((t) => process.stderr.write(t)) : undefined;
      try {
        const result = await services.imports.run(spec.source, {
          laCode: flags.la,
          fileName,
          bytes,
          loadedBy: ctx.actor(),
          extractDate: flags.extractDate,
          coversFrom: flags.coversFrom,
          onProgress: progress?.update,
        });
        progress?.done();
        ctx.out(flags.json ? JSON.stringify(result) : formatResult(result));
      } finally {
        progress?.done();
        await adapters.close();
      }
    });
  }
  registerReturnImports(group, ctx);
}

/** Reads the file, or zips a folder of CSVs in memory so folders and .zip files take one path. */
export async function readInput(file: string): Promise<{ fileName: string; bytes: Buffer }> {
  const read = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw unreadableFile(what, err, 'Nothing was loaded.');
    }
  };
  const info = await read(file, () => stat(file));
  if (info.isDirectory()) {
    const names = (await read(file, () => readdir(file))).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
    const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
    for (const n of names) entries[n] = [await read(path.join(file, n), () => readFile(path.join(file, n))), { mtime: new Date('1980-01-01T00:00:00Z') }];
    return { fileName: `${path.basename(path.resolve(file))}.zip`, bytes: Buffer.from(zipSync(entries)) };
  }
  if (info.size > INPUT_LIMITS.maxFileBytes) {
    throw new AppError('input_rejected', `${file}: the file is larger than ${megabytes(INPUT_LIMITS.maxFileBytes)}, the most Headroom reads. Split it and import each part. Nothing was loaded.`);
  }
  return { fileName: path.basename(file), bytes: await read(file, () => readFile(file)) };
}

export function formatResult(r: ImportResult): string {
  const lines: string[] = [];
  const dateNote =
    r.extractDate === null ? '' : r.extractDateFrom === 'file' ? ` with extract date ${r.extractDate} (the latest date in the file)` : ` with extract date ${r.extractDate}`;
  lines.push(`Imported ${r.fileName} for LA ${r.laCode} as batch ${r.batchId}${dateNote}.`);
  if (r.replaced) lines.push(`This replaces the earlier import of the same ${r.extractDate ? 'extract date' : 'kind'}; nothing was duplicated.`);
  if (r.changes) {
    lines.push(`Episodes: ${fmt(r.changes.added)} added, ${fmt(r.changes.replaced)} replaced, ${fmt(r.changes.unchanged)} unchanged, ${fmt(r.changes.superseded)} held by a later return.`);
  }
  for (const c of r.coverage ?? []) lines.push(`Covers ${c.family} from ${c.from} to ${c.to}.`);
  const width = Math.max(10, ...r.lists.map((l) => l.sheet.length));
  lines.push('', `${'List'.padEnd(width)}  ${'Rows read'.padStart(9)}  ${'Loaded'.padStart(8)}  ${'Rejected'.padStart(8)}`);
  for (const l of r.lists) {
    lines.push(`${l.sheet.padEnd(width)}  ${fmt(l.rowsRead).padStart(9)}  ${fmt(l.loaded).padStart(8)}  ${fmt(l.rejected).padStart(8)}`);
  }
  if (r.missingLists.length > 0) lines.push('', `Lists not found in the file: ${r.missingLists.join(', ')}.`);
  if (r.coverage.length > 0) {
    lines.push('', 'The figures can use this file for these dates:');
    for (const c of r.coverage) lines.push(`  ${c.family.replace(/_/g, ' ')}: ${c.from === c.to ? c.from : `${c.from} to ${c.to}`}`);
  }
  if (r.workforce) lines.push('', r.workforce.message);
  const count = (s: string) => r.issues.filter((i) => i.severity === s).length;
  lines.push('', `Issues: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes.`);
  for (const issue of r.issues.slice(0, ISSUES_SHOWN)) lines.push(`  ${describeIssue(issue)}`);
  if (r.issues.length > ISSUES_SHOWN) lines.push(`  … and ${r.issues.length - ISSUES_SHOWN} more (use --json to see them all).`);
  return lines.join('\n');
}

export function describeIssue(i: ImportIssue): string {
  const named = i.column !== undefined && i.message.includes(i.column);
  const where = [i.list ? `List ${i.list}` : i.sheet, i.row > 0 ? `row ${i.row}` : undefined, named ? undefined : i.column].filter(Boolean).join(', ');
  const value = i.value === undefined || i.message.includes(i.value) ? '' : ` "${i.value}"`;
  return `${i.severity}: ${where}${value}: ${i.message}`;
}

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}
