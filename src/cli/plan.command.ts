import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.ts';
import { RAG_LABELS, STATUS_LABELS } from '../domain/improvement/rag.ts';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';
import { renderTable } from './caseloads.command.ts';
import { commandBy, type CliContext } from './context.ts';
import { parseFlags, laFlag } from './flags.ts';
import { formatResult, readInput } from './import.command.ts';
import { withLa } from './with-la.ts';

const la = laFlag();
const PlanFlags = z.object({
  la,
  asOf: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional(),
  format: z.enum(['table', 'json', 'csv'], { error: 'must be table, json or csv' }).default('table'),
});
const ImportFlags = z.object({ la, json: z.boolean().optional() });

const HEAD = ['Ref', 'Area', 'Action', 'Lead', 'Due', 'Status', 'Overdue', 'RAG', 'RAG from', 'Measure', 'Latest', 'Target', 'Better when', 'Met'];

export function registerPlanCommands(program: Command, ctx: CliContext): void {
  const plan = program
    .command('plan')
    .description('the improvement plan: each action rated red, amber or green from the live figures')
    // Not commander-mandatory: commander would then demand it before `plan import` too (zod checks it).
    .option('--la <code>', 'the DfE three-digit LA number (required)')
    .option('--as-of <date>', 'rate the plan at this date, YYYY-MM-DD (default: today)')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--debug', 'show technical detail (stack traces) when something fails')
    .action(async (raw: unknown) => {
      const flags = parseFlags(PlanFlags, raw);
      await withLa(ctx, flags.la, async (services) => {
        const view = await services.exports.plan(commandBy(ctx, 'plan'), { laCode: flags.la, asOf: flags.asOf, format: flags.format });
        const json = services.improvement.toJson(view);
        if (flags.format === 'json') {
          ctx.out(JSON.stringify(json));
          return;
        }
        const rows = json.actions.map((a) => [
          a.ref, a.area, a.action, a.lead, a.due, STATUS_LABELS[a.status], a.overdue, RAG_LABELS[a.rag], a.ragSource,
          a.measure?.id ?? null, a.measure?.value ?? null, a.measure?.target ?? null, a.measure?.betterWhen ?? null, a.measure?.met ?? null,
        ]);
        if (flags.format === 'csv') {
          ctx.out(stringify([HEAD, ...rows.map((r) => r.map((v) => (v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : spreadsheetSafe(v))))]));
          return;
        }
        if (json.actions.length === 0) {
          ctx.out(`LA ${flags.la} has no improvement plan yet (headroom plan import FILE --la ${flags.la}).`);
          return;
        }
        ctx.out(`Improvement plan for LA ${flags.la} at ${view.asOf}.`);
        ctx.out(renderTable({ head: ['Ref', 'Action', 'Lead', 'Due', 'Status', 'RAG', 'Latest', 'Target', 'Figure covers'], rows: view.actions.map((a) => [
          a.ref, a.action.length > 40 ? `${a.action.slice(0, 39)}…` : a.action, a.lead, a.due, STATUS_LABELS[a.status], `${RAG_LABELS[a.rag]}${a.ragSource === 'manual' ? ' (manual)' : ''}`,
          a.measure ? (a.measure.value ?? 'no data') : null, a.measure ? `${a.measure.betterWhen === 'lower' ? '<=' : '>='} ${a.measure.target}` : null, a.reading?.covers ?? null,
        ]) }));
      }, `Import its files first (headroom import … --la ${flags.la}).`);
    });

  plan
    .command('import')
    .description('import the improvement plan, CSV or .xlsx (ref, area, action, lead, due, measure, target; status, update, start and rag optional)')
    .argument('<file>', 'the file to import')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number the plan belongs to').makeOptionMandatory())
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, raw: unknown) => {
      const flags = parseFlags(ImportFlags, raw);
      const { fileName, bytes } = await readInput(file);
      const { adapters, services } = await ctx.open();
      try {
        const result = await services.imports.run('plan', { laCode: flags.la, fileName, bytes, loadedBy: ctx.actor() });
        ctx.out(flags.json ? JSON.stringify(result) : formatResult(result));
      } finally {
        await adapters.close();
      }
    });
}
