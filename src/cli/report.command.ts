import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { renderPerformance, type ReportFormat } from '../reports/performance/render.ts';
import type { CliContext } from './context.ts';
import { parseFlags } from './flags.ts';

const Flags = z.object({
  la: z.string().regex(/^\d{3}$/, 'must be the three-digit DfE LA number, for example 855'),
  year: z.string().regex(/^\d{4}-\d{2}$/, 'must be a financial year written like 2024-25'),
  quarter: z.enum(['Q1', 'Q2', 'Q3', 'Q4'], { error: 'must be Q1, Q2, Q3 or Q4' }).optional(),
  out: z.string().refine((f) => ['.docx', '.xlsx', '.html'].includes(path.extname(f).toLowerCase()), 'must end in .docx, .xlsx or .html'),
  suppress: z.boolean().default(true),
});

export function registerReportCommands(program: Command, ctx: CliContext): void {
  const report = program.command('report').description('write reports for Cabinet and scrutiny');
  report
    .command('performance')
    .description('the quarterly children’s social care activity and performance report, as Word, Excel or printable HTML')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .addOption(new Option('--year <year>', 'financial year, e.g. 2024-25').makeOptionMandatory())
    .option('--quarter <quarter>', 'Q1 (April-June) to Q4 (January-March); the whole year when left out')
    .addOption(new Option('--out <file>', 'FILE.docx, FILE.xlsx or FILE.html').makeOptionMandatory())
    .option('--no-suppress', 'show counts of 1 to 5 (internal use only: never publish such a report)')
    .action(async (raw: unknown) => {
      const flags = parseFlags(Flags, raw);
      const { adapters, services } = await ctx.open();
      try {
        if (!(await services.system.laCodes()).includes(flags.la)) throw new AppError('not_found', `There is no data for LA ${flags.la}.`);
        const model = await services.kpis.report(flags.la, flags.year, flags.quarter, flags.suppress);
        const format = path.extname(flags.out).slice(1).toLowerCase() as ReportFormat;
        await writeFile(flags.out, await renderPerformance(model, format), { mode: 0o600 });
        await services.audit.record({ actor: ctx.actor(), action: 'export', laCode: flags.la, detail: { command: 'report performance', year: flags.year, quarter: flags.quarter ?? null, format, smallCountsWithheld: flags.suppress } });
        ctx.out(`Wrote ${model.title} for ${model.laName} to ${flags.out}${flags.suppress ? '' : ' (small numbers NOT suppressed: internal use only)'}.`);
      } finally {
        await adapters.close();
      }
    });
}
