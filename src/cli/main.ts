import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { AppError, errorJson, errorLines, isAppError } from '../errors.ts';
import { exitCodeFor } from './exit-codes.ts';
import { processContext, type CliContext } from './context.ts';
import { registerCaseloadCommands } from './caseloads.command.ts';
import { registerDbCommands } from './db.command.ts';
import { registerDemoCommand } from './demo.command.ts';
import { registerImportCommands } from './import.command.ts';
import { registerKpiCommands } from './kpis.command.ts';
import { registerReconcileCommand } from './reconcile.command.ts';
import { registerReportCommands } from './report.command.ts';
import { registerScenarioCommands } from './scenario.command.ts';
import { registerServeCommands } from './serve.command.ts';
import { registerStandardsCommands } from './standards.command.ts';
import { registerUserCommands } from './users.command.ts';
import { registerAuditCommands } from './audit.command.ts';
import { setLockOwnerLabel } from '../db/data-dir-lock.ts';
import { storageFault } from '../db/faults.ts';
import { registerForecastCommands } from './forecast.command.ts';
import { registerBenchmarkCommands } from './benchmarks.command.ts';
import { registerPlanCommands } from './plan.command.ts';
import { registerPoolCommands } from './pools.command.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('headroom')
    .description("Caseload, workforce capacity and demand for children's social care")
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'show technical detail (stack traces) when something fails')
    .showHelpAfterError('(run the command with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.out(s), writeErr: (s) => ctx.err(s) })
    // Program options are read only before the command name, so a command can have its own
    // --version (`scenario show NAME --version 2`) without printing Headroom's version.
    .enablePositionalOptions()
    .exitOverride();
  registerServeCommands(program, ctx);
  registerDbCommands(program, ctx);
  registerImportCommands(program, ctx);
  registerStandardsCommands(program, ctx);
  registerCaseloadCommands(program, ctx);
  registerKpiCommands(program, ctx);
  registerReconcileCommand(program, ctx);
  registerForecastCommands(program, ctx);
  registerScenarioCommands(program, ctx);
  registerDemoCommand(program, ctx);
  registerReportCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerPoolCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerBenchmarkCommands(program, ctx);
  registerPlanCommands(program, ctx);
  for (const cmd of program.commands) applyDefaults(cmd, ctx);
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    setLockOwnerLabel(['headroom', ...names].join(' '));
  });
  return program;
}

function applyDefaults(cmd: Command, ctx: CliContext): void {
  cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.out(s), writeErr: (s) => ctx.err(s) }).showHelpAfterError('(run the command with --help for usage)');
  // With positional program options, --debug after the command name must be the command's own.
  if (cmd.commands.length === 0 && !cmd.options.some((o) => o.long === '--debug')) cmd.option('--debug', 'show technical detail (stack traces) when something fails');
  for (const sub of cmd.commands) applyDefaults(sub, ctx);
}

/** Runs the CLI and returns the exit code, by the one rule of `exit-codes.ts`. */
export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return exitCodeFor(err);
    const debug = argv.includes('--debug');
    const fault = isAppError(err) ? null : storageFault(err);
    if (fault) {
      ctx.err(`headroom: ${fault.message}`);
      if (debug) ctx.err(err instanceof Error ? (err.stack ?? String(err)) : String(err));
      return exitCodeFor(fault);
    }
    if (isAppError(err) && wantsJson(argv)) ctx.out(JSON.stringify(errorJson(err)));
    if (isAppError(err)) {
      const [headline, ...issues] = errorLines(err);
      ctx.err(`headroom: ${headline}`);
      for (const line of issues) ctx.err(line);
    } else {
      ctx.err('headroom: something went wrong and the command did not finish.');
    }
    if (debug) {
      if (isAppError(err) && err.internal) ctx.err(err.internal);
      ctx.err(err instanceof Error ? (err.stack ?? String(err)) : String(err));
    } else if (!isAppError(err)) {
      ctx.err('Run again with --debug for technical detail.');
    }
    return exitCodeFor(err);
  }
}

/** `--json` or `--format json`: the error goes to stdout as JSON too, for the script that asked. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === '--json' || arg === '--format=json' || (arg === '--format' && argv[i + 1] === 'json'));
}

/** Turns a bad flag value into the CLI's "bad usage" error. */
export function usageError(message: string): AppError {
  return new AppError('bad_usage', message);
}
