import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { LaBenchmarks, MeasureBenchmark } from '../domain/benchmarks/compare.ts';
import { isIsoDate } from '../domain/dates.ts';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';
import type { LiveFigure } from '../services/benchmarks.service.ts';
import { renderTable } from './caseloads.command.ts';
import { commandBy, type CliContext } from './context.ts';
import { parseFlags, laFlag } from './flags.ts';

const Flags = z.object({
  la: laFlag(' (the DfE three-digit LA number; headroom benchmarks las lists them)'),
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a published year such as 2025 (the year to 31 March 2025)')
    .transform(Number)
    .optional(),
  format: z.enum(['table', 'json', 'csv'], { error: 'must be table, json or csv' }).default('table'),
});

const ImportFlags = z.object({
  published: z.string().refine((v) => isIsoDate(v), 'must be a date written YYYY-MM-DD').optional(),
  json: z.boolean().optional(),
});

export function registerBenchmarkCommands(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('benchmarks')
    .description('a council beside England, its region and its statistical neighbours, from the published DfE figures')
    .option('--la <code>', 'the DfE three-digit LA number')
    .option('--year <year>', 'published year as the DfE labels it (2025 = the year to 31 March 2025); default: each measure’s latest')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (raw: unknown) => {
      const flags = parseFlags(Flags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const hasData = (await services.system.laCodes()).includes(flags.la);
        const { result, live } = await services.exports.benchmarks(commandBy(ctx, 'benchmarks'), { laCode: flags.la, year: flags.year, format: flags.format, hasData });
        if (flags.format === 'json') {
          ctx.out(JSON.stringify(toJson(result, live)));
          return;
        }
        if (flags.format === 'csv') {
          const head = ['Id', 'Measure', 'Year', 'Value', 'England', 'Region', 'Neighbours average', 'Neighbours with a value', 'Rank', 'Of', 'Quartile', 'Better when'];
          ctx.out(stringify([head, ...result.measures.map((m) => [m.id, m.label, m.year, shown(m.value, m.notPublished), m.england, m.region, m.neighboursAverage, m.neighboursWithValue, m.rank, m.of, m.quartile, m.betterWhen].map((v) => (v === null ? '' : spreadsheetSafe(v))))]));
          return;
        }
        const info = await services.benchmarks.info();
        ctx.out(`${result.laName} (LA ${result.laCode}), ${result.region}${result.synthetic ? ' — SYNTHETIC: made-up figures for the demo, not a real council' : ''}.`);
        ctx.out(`Statistical neighbours (DfE ${result.neighbourModel}): ${result.neighbours.join(', ') || 'none'}.`);
        ctx.out(
          renderTable({
            head: ['Measure', 'Year', 'Value', 'England', 'Region', 'Neighbours (n)', 'Rank', 'Quartile', 'Better'],
            rows: result.measures.map((m) => [m.label, m.year, shown(m.value, m.notPublished), m.england, m.region, m.neighboursAverage === null ? null : `${m.neighboursAverage} (${m.neighboursWithValue})`, m.rank === null ? null : `${m.rank} of ${m.of}`, m.quartile, m.betterWhen]),
          }),
        );
        if (live.length > 0) {
          ctx.out('\nProvisional: the council’s own figures from its loaded data, beside the latest published year (not the DfE’s validated figures).');
          ctx.out(renderTable({ head: ['Measure', 'Own figure', 'Covers', 'Published', 'Year', 'England', 'Region', 'Neighbours'], rows: live.map((f) => [f.label, f.value, f.period, f.publishedValue, f.publishedYear, f.england, f.region, f.neighboursAverage]) }));
        }
        ctx.out(`\nRank 1 = lowest value among LAs with a figure; quartile A = lowest quarter, D = highest. Dataset ${info.version}. ${info.licence}`);
      } finally {
        await adapters.close();
      }
    });

  cmd
    .command('las')
    .description('list the LA codes the benchmarks know, with names and regions')
    .option('--format <format>', 'table or json', 'table')
    .action(async (raw: { format?: string }) => {
      const { adapters, services } = await ctx.open();
      try {
        const las = await services.benchmarks.las();
        if (raw.format === 'json') ctx.out(JSON.stringify(las));
        else ctx.out(renderTable({ head: ['Code', 'Local authority', 'Region'], rows: las.map((l) => [l.laCode, l.name, l.region]) }));
      } finally {
        await adapters.close();
      }
    });

  cmd
    .command('import')
    .description('refresh the benchmarks from a folder of newly published DfE/ONS CSV files')
    .argument('<folder>', 'the folder holding the downloaded CSV files')
    .option('--published <date>', 'the date the DfE published the files (YYYY-MM-DD), shown beside the figures')
    .option('--json', 'print the result as one JSON object')
    .action(async (folder: string, raw: unknown) => {
      const flags = parseFlags(ImportFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const result = await services.benchmarks.importFolder(folder, { actor: ctx.actor(), published: flags.published ?? null });
        await services.audit.record({ actor: ctx.actor(), action: 'import', laCode: '*', detail: { command: 'benchmarks import', version: result.info.version, files: result.files.map((f) => f.file) } });
        if (flags.json) {
          ctx.out(JSON.stringify({ version: result.info.version, published: result.info.published, files: result.files, ignored: result.ignored, issues: result.issues }));
          return;
        }
        for (const f of result.files) ctx.out(`${f.file}: ${f.rowsLoaded} of ${f.rowsRead} rows loaded (${f.source})`);
        for (const f of result.ignored) ctx.out(`${f}: not a table Headroom reads; ignored`);
        for (const i of result.issues.slice(0, 20)) ctx.out(`${i.sheet ?? ''} row ${i.row}${i.column ? `, ${i.column}` : ''}: ${i.message}`);
        if (result.issues.length > 20) ctx.out(`… and ${result.issues.length - 20} more issues (use --json to see them all).`);
        ctx.out(`Benchmarks now at version ${result.info.version}, published ${result.info.published ?? 'date not given'}.`);
      } finally {
        await adapters.close();
      }
    });
}

function shown(value: number | null, symbol: string | null): string | number {
  return value ?? `not published (${symbol ?? 'x'})`;
}

/** The `--format json` contract (docs/benchmarks.md); a live section is added when the council has data loaded. */
function toJson(r: LaBenchmarks, live: LiveFigure[]) {
  return {
    laCode: r.laCode,
    laName: r.laName,
    year: r.year,
    region: r.region,
    regionCode: r.regionCode,
    neighbours: r.neighbours,
    neighbourModel: r.neighbourModel,
    synthetic: r.synthetic,
    datasetVersion: r.datasetVersion,
    measures: r.measures.map((m: MeasureBenchmark) => ({
      id: m.id,
      label: m.label,
      value: m.value,
      england: m.england,
      region: m.region,
      neighboursAverage: m.neighboursAverage,
      rank: m.rank,
      of: m.of,
      quartile: m.quartile,
      betterWhen: m.betterWhen,
      year: m.year,
      unit: m.unit,
      notPublished: m.notPublished,
      neighboursWithValue: m.neighboursWithValue,
    })),
    ...(live.length > 0 ? { provisional: live } : {}),
  };
}
