import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.ts';
import type { PlainTable } from '../services/caseload-tables.ts';
import { commandBy, type CliContext } from './context.ts';
import { withLa } from './with-la.ts';
import { parseFlags, laFlag } from './flags.ts';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';

const Flags = z.object({
  la: laFlag(),
  asOf: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional(),
  by: z.enum(['worker', 'team', 'service'], { error: 'must be worker, team or service' }).default('team'),
  format: z.enum(['table', 'json', 'csv'], { error: 'must be table, json or csv' }).default('table'),
});

export function registerCaseloadCommands(program: Command, ctx: CliContext): void {
  program
    .command('caseloads')
    .description('caseloads, capacity and headroom against the LA’s standard, at a date')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .option('--as-of <date>', 'the date to count at, YYYY-MM-DD (default: the latest extract)')
    .option('--by <level>', 'worker, team or service (table and csv output)', 'team')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (raw: unknown) => {
      const flags = parseFlags(Flags, raw);
      await withLa(ctx, flags.la, async (services) => {
        const asOf = flags.asOf ?? (await services.caseloads.defaultDate(flags.la));
        const { snapshot, table } = await services.exports.caseloads(commandBy(ctx, 'caseloads'), { laCode: flags.la, asOf, view: flags.by, format: flags.format });
        if (flags.format === 'json') {
          ctx.out(JSON.stringify(snapshot));
          return;
        }
        if (flags.format === 'csv') {
          ctx.out(stringify([table.head, ...table.rows.map((r) => r.map((v) => (v === null ? '' : spreadsheetSafe(v))))]));
          return;
        }
        ctx.out(`Caseloads for LA ${flags.la} at ${asOf}, against ${snapshot.profile}${snapshot.basis === 'annex_a' ? ' (from Annex A allocations)' : ''}.`);
        ctx.out(renderTable(table));
      });
    });
}

export function renderTable(table: PlainTable): string {
  const cells = [table.head, ...table.rows.map((r) => r.map((v) => (v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v))))];
  const widths = table.head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r, rowIndex) =>
      r
        .map((c, i) => {
          const numeric = rowIndex > 0 && /^-?[\d.]+$/.test(c);
          return numeric ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
