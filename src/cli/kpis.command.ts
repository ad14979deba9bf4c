import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { coverageNote } from '../domain/coverage/kpi-coverage.ts';
import type { KpiWithPrevious } from '../domain/flow/kpi.ts';
import { renderTable } from './caseloads.command.ts';
import { commandBy, type CliContext } from './context.ts';
import { withLa } from './with-la.ts';
import { parseFlags, laFlag } from './flags.ts';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';

const Flags = z.object({
  la: laFlag(),
  year: z.string().regex(/^\d{4}-\d{2}$/, 'must be a financial year written like 2024-25'),
  quarter: z.enum(['Q1', 'Q2', 'Q3', 'Q4'], { error: 'must be Q1, Q2, Q3 or Q4' }).optional(),
  format: z.enum(['table', 'json', 'csv'], { error: 'must be table, json or csv' }).default('table'),
});

export function registerKpiCommands(program: Command, ctx: CliContext): void {
  program
    .command('kpis')
    .description('the DfE statutory indicators for a financial year or quarter, with the previous period')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .addOption(new Option('--year <year>', 'financial year, e.g. 2024-25').makeOptionMandatory())
    .option('--quarter <quarter>', 'Q1 (April-June) to Q4 (January-March)')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (raw: unknown) => {
      const flags = parseFlags(Flags, raw);
      await withLa(
        ctx,
        flags.la,
        async (services) => {
          const result = await services.exports.kpis(commandBy(ctx, 'kpis'), { laCode: flags.la, year: flags.year, quarter: flags.quarter, format: flags.format });
          if (flags.format === 'json') {
            ctx.out(JSON.stringify({ ...result, kpis: result.kpis.map(kpiJson) }));
            return;
          }
          const head = ['Indicator', 'Numerator', 'Denominator', 'Value', 'Unit', `Previous (${result.previousPeriod.label})`, 'Direction', 'Coverage'];
          const rows = result.kpis.map((k) => kpiRow(k));
          if (flags.format === 'csv') {
            ctx.out(stringify([['Id', ...head], ...result.kpis.map((k, i) => [k.id, ...(rows[i] ?? [])].map((v) => (v === null ? '' : spreadsheetSafe(v))))]));
            return;
          }
          ctx.out(`Indicators for LA ${flags.la}, ${result.period.label} (${result.period.start} to ${result.period.end}), compared with ${result.previousPeriod.label} (${result.previousPeriod.start} to ${result.previousPeriod.end}).`);
          if (result.period.running) ctx.out(`The period was still running on the data's last date, so it is counted to ${result.period.end} and compared with the same part of the period before.`);
          ctx.out(
            result.dataCovers
              ? `The loaded data covers ${result.dataCovers.from} to ${result.dataCovers.to}; a figure outside what its lists cover says "no data", and only fully covered periods are compared.`
              : 'No data is loaded for any period.',
          );
          if (!result.population) ctx.out('No population figures are loaded, so rates per 10,000 children are not shown (headroom import population).');
          ctx.out(renderTable({ head, rows }));
        },
        'Import an Annex A file for it first.',
      );
    });
}

const NO_DATA = 'no data';

/**
 * A figure the data does not cover is "no data", never 0; a previous period the data does not
 * fully cover shows no value to compare with ("no data" or "part only").
 */
function kpiRow(k: KpiWithPrevious): Array<string | number | null> {
  const none = k.coverage === 'none';
  const previous = k.previous === null ? null : k.previous.coverage === 'none' ? NO_DATA : k.previous.coverage === 'partial' ? 'part only' : k.previous.value;
  const coverage = k.coverage === 'partial' && k.covers ? coverageNote(k.covers) : k.coverage;
  return [k.label, none ? NO_DATA : k.numerator, none ? null : k.denominator, none ? NO_DATA : k.value, k.unit, previous, k.direction, coverage];
}

/** The JSON of one indicator: figures with no coverage are null, never 0. */
function kpiJson(k: KpiWithPrevious) {
  const blank = <T extends { numerator: number; denominator: number | null; value: number | null; coverage: string }>(f: T) =>
    f.coverage === 'none' ? { ...f, numerator: null, denominator: null, value: null } : f;
  return { ...blank(k), previous: k.previous ? blank(k.previous) : null };
}
