import { readFile, readdir, stat } from 'node:fs/promises';
import { INPUT_LIMITS, megabytes } from '../formats/limits.ts';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isIsoDate } from '../domain/dates.ts';
import type { ImportIssue } from '../formats/issue.ts';
import type { ImportRequest, ImportResult, ImportSource } from '../services/import-runner.ts';
import type { Headline, ImportPreview } from '../services/import.service.ts';
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
  { source: 'ssd', description: 'a Standard Safeguarding Dataset export: a folder (or .zip) of its tables as CSV files', snapshots: true },
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
  dryRun: z.boolean().optional(),
});

const ISSUES_SHOWN = 20;
const UndoFlags = z.object({ json: z.boolean().optional() });

export function registerImportCommands(program: Command, ctx: CliContext): void {
  const group = program.command('import').description('load a file into Headroom');
  for (const spec of SOURCES) {
    const cmd = group
      .command(spec.source)
      .description(`import ${spec.description}`)
      .argument('<file>', 'the file to import')
      .addOption(new Option('--la <code>', 'the DfE three-digit LA number the file belongs to').makeOptionMandatory())
      .option('--json', 'print the result as one JSON object')
      .option('--dry-run', 'check the file and print what importing it would change, writing nothing');
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
        const request: ImportRequest = {
          laCode: flags.la,
          fileName,
          bytes,
          loadedBy: ctx.actor(),
          extractDate: flags.extractDate,
          coversFrom: flags.coversFrom,
          onProgress: progress?.update,
        };
        if (flags.dryRun) {
          const preview = await services.imports.preview(spec.source, request);
          progress?.done();
          ctx.out(flags.json ? JSON.stringify(previewJson(preview)) : formatPreview(preview));
          return;
        }
        const result = await services.imports.run(spec.source, request);
        progress?.done();
        ctx.out(flags.json ? JSON.stringify(result) : formatResult(result));
      } finally {
        progress?.done();
        await adapters.close();
      }
    });
  }
  registerReturnImports(group, ctx);
  group
    .command('undo')
    .description('undo an import: remove every row it loaded (only a council’s latest import, when it replaced and changed nothing loaded before; see docs/imports.md)')
    .argument('<id>', 'the import (batch) number, as `headroom import` printed it')
    .option('--json', 'print the result as one JSON object')
    .action(async (id: string, raw: unknown) => {
      const flags = parseFlags(UndoFlags, raw);
      if (!/^\d{1,9}$/.test(id)) throw new AppError('bad_usage', `The import number must be a whole number, like 12, not "${id}".`);
      const { adapters, services } = await ctx.open();
      try {
        const undone = await services.imports.undo(Number(id), { actor: ctx.actor() });
        ctx.out(
          flags.json
            ? JSON.stringify({ ok: true, ...undone })
            : `Undid import ${undone.batchId} (${undone.fileName}, ${undone.source}) for LA ${undone.laCode}: ${fmt(undone.rowsRemoved)} rows removed. The import's report and issues are kept.`,
        );
      } finally {
        await adapters.close();
      }
    });
}

/** The preview for `--json`: the result as an import prints it, without the batch number (nothing was kept), and what it would change. */
export function previewJson(p: ImportPreview): Record<string, unknown> {
  const { batchId: _batchId, ...result } = p.result;
  return { ...result, dryRun: true, headline: p.headline, endsDemoData: p.endsDemoData };
}

const HEADLINE_ROWS: ReadonlyArray<[keyof Headline, string, number]> = [
  ['children', 'Children open to teams', 0],
  ['heldChildren', 'Children held by case-holding workers', 0],
  ['unallocated', 'Children with no worker allocated', 0],
  ['caseHoldingWorkers', 'Case-holding workers', 0],
  ['caseHoldingFte', 'Case-holding FTE', 1],
  ['averagePerFte', 'Average caseload per FTE', 1],
  ['capacity', 'Capacity (children)', 0],
  ['headroom', 'Headroom (children)', 0],
  ['casesOverCapacity', 'Children over capacity', 0],
];

/** What `--dry-run` prints: the checks an import prints, then what it would change. Nothing was written. */
export function formatPreview(p: ImportPreview): string {
  const r = p.result;
  const lines = formatResult(r).split('\n');
  const dateNote = r.extractDate === null ? '' : r.extractDateFrom === 'file' ? ` with extract date ${r.extractDate} (the latest date in the file)` : ` with extract date ${r.extractDate}`;
  lines[0] = `Dry run: checked ${r.fileName} for LA ${r.laCode}${dateNote}. Nothing was written.`;
  if (r.replaced) lines[1] = `It would replace import ${r.replacedBatches.join(', ')} (the same ${r.extractDate ? 'extract date' : 'kind'}); nothing would be duplicated.`;
  const out = [...lines, '', 'What importing it would change:'];
  const groups: ReadonlyArray<[keyof ImportPreview['result']['effect'], string]> = [
    ['children', 'Children'],
    ['events', 'Events and episodes'],
    ['teams', 'Teams'],
    ['workers', 'Workers'],
    ['allocations', 'Allocations'],
    ['other', 'Other rows'],
  ];
  const changed = groups.filter(([k]) => r.effect[k].added + r.effect[k].changed > 0);
  if (changed.length === 0) out.push('  Nothing would be added or replaced.');
  for (const [k, label] of changed) out.push(`  ${label}: ${fmt(r.effect[k].added)} new, ${fmt(r.effect[k].changed)} already loaded replaced or removed`);
  out.push('', `Today's figures for LA ${r.laCode} (${p.headline.asOf}): now -> after importing`);
  const shown = (v: number | null, d: number) => (v === null ? '-' : v.toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d }));
  for (const [key, label, d] of HEADLINE_ROWS) out.push(`  ${label.padEnd(40)} ${shown(p.headline.before[key], d).padStart(9)} -> ${shown(p.headline.after[key], d)}`);
  out.push('', p.endsDemoData ? 'Importing it would end demo mode: the database would hold real data, and everyone would have to sign in.' : 'It would not change demo mode.');
  out.push('Run the same command without --dry-run to import it.');
  return out.join('\n');
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
