import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { Services } from '../app.ts';
import { isIsoDate } from '../domain/dates.ts';
import type { PlanningRun } from '../services/planning.service.ts';
import type { CliContext } from './context.ts';
import { withLa } from './with-la.ts';
import { parseFlags, laFlag } from './flags.ts';
import { readJsonFile } from './json-file.ts';
import { costModelJson, costModelText, scenarioCompareJson, scenarioCompareText, scenarioListText, scenarioRunJson, scenarioRunText } from './planning-output.ts';

const la = laFlag();
const asOf = z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional();
const format = z.enum(['table', 'json'], { error: 'must be table or json' }).default('table');
export const versionFlag = z.coerce.number({ error: 'must be a version number, for example 2' }).int('must be a whole number').positive('must be 1 or more').optional();

const RunFlags = z.object({ la, asOf, format, save: z.boolean().default(false) });
const LaFlags = z.object({ la });
const ListFlags = z.object({ la, format });
const ShowFlags = z.object({ la, version: versionFlag });
const CompareFlags = z.object({ la, asOf, format });

const laOption = () => new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory();

export function registerScenarioCommands(program: Command, ctx: CliContext): void {
  const scenario = program.command('scenario').description('capacity planning: run, save, list and compare workforce scenarios (docs/scenarios.md)');

  scenario
    .command('run')
    .description('run a scenario file against the LA’s data: caseloads, posts needed and costs before and after')
    .argument('<file>', 'the scenario, a .json file')
    .addOption(laOption())
    .option('--as-of <date>', 'the date to measure at, YYYY-MM-DD (default: the scenario’s asOf, else the latest extract)')
    .option('--format <format>', 'table or json', 'table')
    .option('--save', 'save the scenario as its next version first')
    .action(async (file: string, raw: unknown) => {
      const flags = parseFlags(RunFlags, raw);
      const json = await readJsonFile(file);
      await withLa(ctx, flags.la, async (services) => {
        let note: string | null = null;
        let run: PlanningRun;
        if (flags.save) {
          const outcome = await services.planning.saveScenario(flags.la, json, { actor: ctx.actor() });
          note = saveMessage(flags.la, outcome.saved.name, outcome.saved.version, outcome.unchanged);
          run = flags.asOf === undefined ? outcome.run : await services.planning.runSaved(flags.la, outcome.saved.name, { version: outcome.saved.version, asOf: flags.asOf });
        } else {
          run = await services.planning.run(flags.la, json, { asOf: flags.asOf });
        }
        if (flags.format === 'json') {
          ctx.out(JSON.stringify(scenarioRunJson(run), null, 2));
          return;
        }
        if (note !== null) ctx.out(`${note}\n`);
        ctx.out(scenarioRunText(run));
      });
    });

  scenario
    .command('save')
    .description('check a scenario file against the LA’s data and save it as the next version of its name')
    .argument('<file>', 'the scenario, a .json file')
    .addOption(laOption())
    .action(async (file: string, raw: unknown) => {
      const flags = parseFlags(LaFlags, raw);
      const json = await readJsonFile(file);
      await withLa(ctx, flags.la, async (services) => {
        const outcome = await services.planning.saveScenario(flags.la, json, { actor: ctx.actor() });
        ctx.out(saveMessage(flags.la, outcome.saved.name, outcome.saved.version, outcome.unchanged));
      });
    });

  scenario
    .command('list')
    .description('the LA’s saved scenarios, each at its latest version')
    .addOption(laOption())
    .option('--format <format>', 'table or json', 'table')
    .action(async (raw: unknown) => {
      const flags = parseFlags(ListFlags, raw);
      await withLa(ctx, flags.la, async (services) => {
        const list = await services.planning.scenarios(flags.la);
        ctx.out(flags.format === 'json' ? JSON.stringify({ la: flags.la, scenarios: list }, null, 2) : scenarioListText(flags.la, list));
      });
    });

  scenario
    .command('show')
    .description('print a saved scenario as JSON, ready to edit and save again')
    .argument('<name>', 'the scenario’s name (quote it if it has spaces)')
    .addOption(laOption())
    .option('--version <n>', 'the version to show (default: the latest)')
    .action(async (name: string, raw: unknown) => {
      const flags = parseFlags(ShowFlags, raw);
      await withLa(ctx, flags.la, async (services) => {
        const saved = await services.planning.scenario(flags.la, name, flags.version);
        ctx.out(JSON.stringify(saved.scenario, null, 2));
      });
    });

  scenario
    .command('compare')
    .description('today against up to three saved scenarios, team by team')
    .argument('<names...>', 'one to three saved scenario names')
    .addOption(laOption())
    .option('--as-of <date>', 'the date to measure at, YYYY-MM-DD (default: the first scenario’s asOf, else the latest extract)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (names: string[], raw: unknown) => {
      const flags = parseFlags(CompareFlags, raw);
      await withLa(ctx, flags.la, async (services) => {
        const compared = await services.planning.compare(flags.la, names, { asOf: flags.asOf });
        ctx.out(flags.format === 'json' ? JSON.stringify(scenarioCompareJson(compared), null, 2) : scenarioCompareText(compared));
      });
    });

  const costs = program.command('costs').description('the LA’s cost model: pay grades, on-costs, agency rates (docs/scenarios.md)');

  costs
    .command('set')
    .description('check a cost model file against today’s establishment and save it as the LA’s next version')
    .argument('<file>', 'the cost model, a .json file')
    .addOption(laOption())
    .action(async (file: string, raw: unknown) => {
      const flags = parseFlags(LaFlags, raw);
      const json = await readJsonFile(file);
      await withLa(ctx, flags.la, async (services) => {
        const before = await services.planning.costModel(flags.la);
        const saved = await services.planning.setCostModel(flags.la, json, { actor: ctx.actor() });
        ctx.out(
          before !== null && before.version === saved.version
            ? `Cost model "${saved.name}" for LA ${flags.la} is unchanged: it is already version ${saved.version}.`
            : `Saved cost model "${saved.name}" for LA ${flags.la} as version ${saved.version}.`,
        );
      });
    });

  costs
    .command('show')
    .description('show the LA’s current cost model')
    .addOption(laOption())
    .option('--format <format>', 'table or json', 'table')
    .action(async (raw: unknown) => {
      const flags = parseFlags(ListFlags, raw);
      await withLa(ctx, flags.la, async (services) => {
        const saved = await services.planning.costModel(flags.la);
        if (flags.format === 'json') {
          ctx.out(JSON.stringify(saved && { la: flags.la, version: saved.version, name: saved.name, savedBy: saved.savedBy, savedAt: saved.savedAt, model: costModelJson(saved.model) }, null, 2));
          return;
        }
        ctx.out(saved ? costModelText(flags.la, saved) : `LA ${flags.la} has no cost model. Set one with: headroom costs set FILE.json --la ${flags.la}`);
      });
    });
}

function saveMessage(laCode: string, name: string, version: number, unchanged: boolean): string {
  return unchanged ? `Scenario "${name}" for LA ${laCode} is unchanged: it is already version ${version}.` : `Saved scenario "${name}" for LA ${laCode} as version ${version}.`;
}
