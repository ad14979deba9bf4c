import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { CliContext } from './context.ts';
import { parseFlags, laFlag } from './flags.ts';
import { formatPreview, formatResult, previewJson, readInput } from './import.command.ts';
import { unreadableFile } from './exit-codes.ts';

const La = laFlag();
const Ssda903Flags = z.object({
  la: La,
  year: z.string({ error: 'is required' }).regex(/^\d{4}$/, 'must be the collection year ending 31 March, written YYYY (for example 2021)'),
  json: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});
const CensusFlags = z.object({ la: La, json: z.boolean().optional(), dryRun: z.boolean().optional() });

/** The statutory return imports: `import ssda903 PATH... --year` and `import cin-census FILE`. */
export function registerReturnImports(group: Command, ctx: CliContext): void {
  group
    .command('ssda903')
    .description('import an SSDA903 return (children looked after): its CSV tables as files, a folder or a .zip')
    .argument('<paths...>', 'the CSV files, a folder of them, or a .zip')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number the return belongs to').makeOptionMandatory())
    .addOption(new Option('--year <yyyy>', 'the collection year, ending 31 March YYYY').makeOptionMandatory())
    .option('--json', 'print the result as one JSON object')
    .option('--dry-run', 'check the return and print what importing it would change, writing nothing')
    .action(async (paths: string[], raw: unknown) => {
      const flags = parseFlags(Ssda903Flags, raw);
      const input = await readPaths(paths);
      await run(ctx, 'ssda903', flags.la, input, { json: Boolean(flags.json), dryRun: Boolean(flags.dryRun) }, Number(flags.year));
    });
  group
    .command('cin-census')
    .description('import a DfE children in need census XML file')
    .argument('<file>', 'the CIN census XML file')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number the census belongs to').makeOptionMandatory())
    .option('--json', 'print the result as one JSON object')
    .option('--dry-run', 'check the census and print what importing it would change, writing nothing')
    .action(async (file: string, raw: unknown) => {
      const flags = parseFlags(CensusFlags, raw);
      await run(ctx, 'cin-census', flags.la, await readInput(file), { json: Boolean(flags.json), dryRun: Boolean(flags.dryRun) }, undefined);
    });
}

async function run(ctx: CliContext, source: 'ssda903' | 'cin-census', laCode: string, input: { fileName: string; bytes: Buffer }, options: { json: boolean; dryRun: boolean }, returnYear: number | undefined): Promise<void> {
  const { adapters, services } = await ctx.open();
  try {
    const request = { laCode, fileName: input.fileName, bytes: input.bytes, loadedBy: ctx.actor(), returnYear };
    if (options.dryRun) {
      const preview = await services.imports.preview(source, request);
      ctx.out(options.json ? JSON.stringify(previewJson(preview)) : formatPreview(preview));
      return;
    }
    const result = await services.imports.run(source, request);
    ctx.out(options.json ? JSON.stringify(result) : formatResult(result));
  } finally {
    await adapters.close();
  }
}

/** One path that is a file or a .zip is read as it is; otherwise every CSV of the paths (folders expanded) goes into one zip. */
async function readPaths(paths: readonly string[]): Promise<{ fileName: string; bytes: Buffer }> {
  if (paths.length === 1) return readInput(paths[0] as string);
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const p of paths) {
    const info = await stat(p).catch((err: unknown) => {
      throw unreadableFile(p, err, 'Nothing was loaded.');
    });
    const files = info.isDirectory() ? (await readdir(p)).filter((n) => n.toLowerCase().endsWith('.csv')).sort().map((n) => path.join(p, n)) : [p];
    for (const f of files) {
      const name = path.basename(f);
      if (entries[name]) throw new AppError('input_rejected', `${f}: two files are named ${name}. Nothing was loaded.`);
      entries[name] = [await readFile(f).catch((err: unknown) => {
        throw unreadableFile(f, err, 'Nothing was loaded.');
      }), { mtime: new Date('1980-01-01T00:00:00Z') }];
    }
  }
  return { fileName: `${path.basename(path.resolve(paths[0] as string))}-and-${paths.length - 1}-more.zip`, bytes: Buffer.from(zipSync(entries)) };
}
