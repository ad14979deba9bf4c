import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';
import { renderTable } from './caseloads.command.ts';
import { commandBy, type CliContext } from './context.ts';
import { parseFlags, laFlag } from './flags.ts';
import { withLa } from './with-la.ts';

const Flags = z.object({
  la: laFlag(),
  year: z.string().regex(/^\d{4}-\d{2}$/, 'must be a collection year written like 2024-25'),
  format: z.enum(['table', 'json', 'csv'], { error: 'must be table, json or csv' }).default('table'),
});

const LISTED = 20;

export function registerReconcileCommand(program: Command, ctx: CliContext): void {
  program
    .command('reconcile')
    .description('children and events in Annex A and not in the statutory returns (CIN census, SSDA903), and the other way round')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .addOption(new Option('--year <year>', 'collection year, e.g. 2024-25').makeOptionMandatory())
    .option('--format <format>', 'table, json or csv (csv lists every event found in one source only)', 'table')
    .action(async (raw: unknown) => {
      const flags = parseFlags(Flags, raw);
      await withLa(ctx, flags.la, async (services) => {
        const result = await services.exports.reconcile(commandBy(ctx, 'reconcile'), { laCode: flags.la, year: flags.year, format: flags.format });
        if (flags.format === 'json') {
          ctx.out(JSON.stringify(result));
          return;
        }
        if (flags.format === 'csv') {
          const rows = result.families.flatMap((f) => [
            ...f.onlyLeft.map((e) => [f.family, `only in ${f.left}`, e.childId, e.date]),
            ...f.onlyRight.map((e) => [f.family, `only in ${f.right}`, e.childId, e.date]),
          ]);
          ctx.out(stringify([['family', 'where', 'child_id', 'start_date'], ...rows.map((r) => r.map((v) => spreadsheetSafe(v)))]));
          return;
        }
        ctx.out(`Annex A against the statutory returns for LA ${flags.la}, ${result.from} to ${result.to}. An event is the same when the child and its start date agree.`);
        ctx.out(
          renderTable({
            head: ['Family', 'Compared with', 'In both', 'Only in Annex A', 'Only in the return', 'Children only in Annex A', 'Children only in the return'],
            rows: result.families.map((f) => [f.family, f.right, f.matched, f.onlyLeft.length, f.onlyRight.length, f.childrenOnlyLeft.length, f.childrenOnlyRight.length]),
          }),
        );
        for (const f of result.families) {
          for (const [where, list] of [[f.left, f.onlyLeft], [f.right, f.onlyRight]] as const) {
            if (list.length === 0) continue;
            ctx.out(`\n${f.family} only in ${where}: ${list.slice(0, LISTED).map((e) => `${e.childId} (${e.date})`).join(', ')}${list.length > LISTED ? ` … and ${list.length - LISTED} more (use --format csv for all)` : ''}`);
          }
        }
      });
    });
}
