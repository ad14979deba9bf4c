import { Option, type Command } from 'commander';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.ts';
import type { CliContext } from './context.ts';
import { writeOutputFile } from './exit-codes.ts';
import { parseFlags } from './flags.ts';

const day = z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD');
const ExportFlags = z.object({ from: day.optional(), to: day.optional(), out: z.string().min(1).optional() });
const ArchiveFlags = z.object({ before: day, out: z.string().refine((f) => f.toLowerCase().endsWith('.csv'), 'must be a file ending .csv') });

const startOf = (d: string) => new Date(`${d}T00:00:00Z`);
const endOf = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('the audit log of sign-ins, imports, exports and child-level views');

  audit
    .command('export')
    .description('write audit rows as CSV (to stdout, or --out FILE); dates are whole days in UTC, --to inclusive')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--out <file>', 'write to this file instead of stdout (refuses to overwrite)')
    .action(async (raw: unknown) => {
      const flags = parseFlags(ExportFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const { csv, rows } = await services.audit.exportCsv({ from: flags.from ? startOf(flags.from) : undefined, to: flags.to ? endOf(flags.to) : undefined }, { actor: ctx.actor() });
        if (flags.out) {
          await writeNew(flags.out, csv);
          ctx.err(`Wrote ${rows} audit ${rows === 1 ? 'row' : 'rows'} to ${flags.out}.`);
        } else {
          ctx.out(csv);
        }
      } finally {
        await adapters.close();
      }
    });

  audit
    .command('archive')
    .description('move audit rows from before a date into a CSV file, then delete them from the database')
    .addOption(new Option('--before <date>', 'rows before this day (UTC) are archived').makeOptionMandatory())
    .addOption(new Option('--out <file>', 'the CSV file to write (must not exist)').makeOptionMandatory())
    .action(async (raw: unknown) => {
      const flags = parseFlags(ArchiveFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const archived = await services.audit.archive(startOf(flags.before), (csv) => writeNew(flags.out, csv), { actor: ctx.actor() });
        ctx.out(`Archived ${archived} audit ${archived === 1 ? 'row' : 'rows'} from before ${flags.before} to ${flags.out} and removed them from the database.`);
      } finally {
        await adapters.close();
      }
    });
}

async function writeNew(file: string, text: string): Promise<void> {
  await writeOutputFile(file, text, { newOnly: true });
}
