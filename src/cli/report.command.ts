import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isIsoDate } from '../domain/dates.ts';
import { formatPence } from '../domain/planning/index.ts';
import { reportFormatOf, type ReportFormat } from '../reports/common/report-format.ts';
import { summaryLine } from '../reports/improvement-plan/model.ts';
import { commandBy, type CliContext } from './context.ts';
import { writeOutputFile } from './exit-codes.ts';
import { parseFlags, laFlag } from './flags.ts';
import { versionFlag } from './scenario.command.ts';
import { withLa } from './with-la.ts';

const Flags = z.object({
  la: laFlag(),
  year: z.string().regex(/^\d{4}-\d{2}$/, 'must be a financial year written like 2024-25'),
  quarter: z.enum(['Q1', 'Q2', 'Q3', 'Q4'], { error: 'must be Q1, Q2, Q3 or Q4' }).optional(),
  out: z.string().refine((f) => ['.docx', '.xlsx', '.html'].includes(path.extname(f).toLowerCase()), 'must end in .docx, .xlsx or .html'),
  suppress: z.boolean().default(true),
});

const BusinessCaseFlags = z.object({
  la: Flags.shape.la,
  scenario: z.string().trim().min(1, 'must name a saved scenario'),
  version: versionFlag,
  asOf: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional(),
  out: z.string().refine((f) => reportFormatOf(f) !== null, 'must end in .docx, .xlsx or .html'),
});

const ImprovementFlags = z.object({
  la: Flags.shape.la,
  asOf: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional(),
  out: z.string().refine((f) => reportFormatOf(f) !== null, 'must end in .docx, .xlsx or .html'),
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
      await withLa(ctx, flags.la, async (services) => {
        const format = path.extname(flags.out).slice(1).toLowerCase() as ReportFormat;
        const { model } = await services.exports.performanceReport(commandBy(ctx, 'report performance'), { laCode: flags.la, year: flags.year, quarter: flags.quarter, suppress: flags.suppress, format, write: (bytes) => writeOutputFile(flags.out, bytes) });
        ctx.out(`Wrote ${model.title} for ${model.laName} to ${flags.out}${flags.suppress ? '' : ' (small numbers NOT suppressed: internal use only)'}.`);
      });
    });

  report
    .command('business-case')
    .description('the business case for a saved scenario (pressure, proposal, effect, posts, costs, risks), as Word, Excel or printable HTML')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .addOption(new Option('--scenario <name>', 'the saved scenario (see headroom scenario list)').makeOptionMandatory())
    .option('--version <n>', 'the scenario version (default: the latest)')
    .option('--as-of <date>', 'the date to measure at, YYYY-MM-DD (default: the scenario’s asOf, else the latest extract)')
    .addOption(new Option('--out <file>', 'FILE.docx, FILE.xlsx or FILE.html').makeOptionMandatory())
    .action(async (raw: unknown) => {
      const flags = parseFlags(BusinessCaseFlags, raw);
      const format = reportFormatOf(flags.out);
      if (format === null) throw new AppError('bad_usage', '--out must end in .docx, .xlsx or .html.');
      await withLa(ctx, flags.la, async (services) => {
        const { report } = await services.exports.businessCase(commandBy(ctx, 'report business-case'), { laCode: flags.la, scenario: flags.scenario, version: flags.version, asOf: flags.asOf, format, write: (bytes) => writeOutputFile(flags.out, bytes) });
        ctx.out(
          `Wrote the business case for "${report.scenario.name}" (version ${report.scenario.version}) for ${report.laName} at ${report.asOf} to ${flags.out}: ` +
            `full-year pressure ${formatPence(report.summary.fullYearPence)}, in-year ${formatPence(report.summary.partYearPence)} in ${report.summary.financialYear}.`,
        );
      });
    });

  report
    .command('improvement-plan')
    .description('the improvement plan as the Cabinet action-plan table (RAG from the live figures), as Word, Excel or printable HTML')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .option('--as-of <date>', 'rate the plan at this date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--out <file>', 'FILE.docx, FILE.xlsx or FILE.html').makeOptionMandatory())
    .action(async (raw: unknown) => {
      const flags = parseFlags(ImprovementFlags, raw);
      const format = reportFormatOf(flags.out);
      if (format === null) throw new AppError('bad_usage', '--out must end in .docx, .xlsx or .html.');
      await withLa(ctx, flags.la, async (services) => {
        const { report } = await services.exports.improvementPlan(commandBy(ctx, 'report improvement-plan'), { laCode: flags.la, asOf: flags.asOf, format, refuseEmpty: true, write: (bytes) => writeOutputFile(flags.out, bytes) });
        ctx.out(`Wrote the improvement plan for ${report.laName} at ${report.asOf} to ${flags.out}: ${summaryLine(report)}`);
      });
    });
}
