import { Option, type Command } from 'commander';
import { z } from 'zod';
import { ALL_LAS } from '../domain/access/roles.ts';
import type { PoolActor, PoolSummary } from '../services/pool.service.ts';
import { renderTable } from './caseloads.command.ts';
import type { CliContext } from './context.ts';
import { laFlag, parseFlags } from './flags.ts';
import { withLa } from './with-la.ts';

const JsonFlags = z.object({ json: z.boolean().optional() });
const LaFlags = JsonFlags.extend({ la: laFlag(' (the council giving or withdrawing consent)') });

/**
 * The command line is run by an operator with access to the database, who stands in for an
 * administrator of every council (as `headroom users` does); the audit log names the OS user.
 */
function operator(ctx: CliContext): PoolActor {
  return { actor: ctx.actor(), actorRole: 'operator', role: 'admin', laCodes: [ALL_LAS] };
}

function poolJson(p: PoolSummary) {
  return {
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy,
    members: p.members.map((m) => ({ laCode: m.laCode, consentedBy: m.consentedBy, consentedAt: m.consentedAt.toISOString() })),
    analysts: p.analysts,
  };
}

export function registerPoolCommands(program: Command, ctx: CliContext): void {
  const pools = program
    .command('pools')
    .description('regional pools: councils that share their figures, each only while its administrator consents');

  pools
    .command('list')
    .description('list the pools, their consenting councils and how many regional analysts each has')
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const flags = parseFlags(JsonFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const all = await services.pools.list();
        if (flags.json) {
          ctx.out(JSON.stringify(all.map(poolJson)));
          return;
        }
        if (all.length === 0) {
          ctx.out('There are no pools yet. Create one with: headroom pools create NAME');
          return;
        }
        ctx.out(renderTable({ head: ['Pool', 'Consenting councils', 'Regional analysts'], rows: all.map((p) => [p.name, p.members.map((m) => m.laCode).join(',') || 'none yet', p.analysts]) }));
      } finally {
        await adapters.close();
      }
    });

  pools
    .command('create')
    .description('create a pool (no council is in it until its administrator consents)')
    .argument('<name>', 'the pool’s name, for example "London"')
    .option('--json', 'print JSON')
    .action(async (name: string, raw: unknown) => {
      const flags = parseFlags(JsonFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const pool = await services.pools.create(name, operator(ctx));
        ctx.out(flags.json ? JSON.stringify({ id: pool.id, name: pool.name }) : `Created the pool "${pool.name}". Each council joins it when its administrator consents (headroom pools consent "${pool.name}" --la CODE).`);
      } finally {
        await adapters.close();
      }
    });

  pools
    .command('rename')
    .description('rename a pool')
    .argument('<name>', 'the pool’s name now')
    .argument('<new-name>', 'its new name')
    .option('--json', 'print JSON')
    .action(async (name: string, newName: string, raw: unknown) => {
      const flags = parseFlags(JsonFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const pool = await services.pools.rename(name, newName, operator(ctx));
        ctx.out(flags.json ? JSON.stringify({ id: pool.id, name: pool.name }) : `Renamed the pool to "${pool.name}".`);
      } finally {
        await adapters.close();
      }
    });

  pools
    .command('delete')
    .description('delete a pool and every consent to it (refused while a regional analyst belongs to it)')
    .argument('<name>', 'the pool’s name')
    .option('--json', 'print JSON')
    .action(async (name: string, raw: unknown) => {
      const flags = parseFlags(JsonFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        await services.pools.delete(name, operator(ctx));
        ctx.out(flags.json ? JSON.stringify({ deleted: name.trim() }) : `Deleted the pool "${name.trim()}".`);
      } finally {
        await adapters.close();
      }
    });

  for (const [command, consenting] of [['consent', true], ['withdraw', false]] as const) {
    pools
      .command(command)
      .description(consenting ? 'record a council’s consent to share its figures with a pool' : 'withdraw a council’s consent: the pool’s analysts lose it on their next page')
      .argument('<name>', 'the pool’s name')
      .addOption(new Option('--la <code>', 'the council’s DfE three-digit LA number').makeOptionMandatory())
      .option('--json', 'print JSON')
      .action(async (name: string, raw: unknown) => {
        const flags = parseFlags(LaFlags, raw);
        await withLa(ctx, flags.la, async (services) => {
          const result = consenting ? await services.pools.consent(name, flags.la, operator(ctx)) : await services.pools.withdraw(name, flags.la, operator(ctx));
          if (flags.json) {
            ctx.out(JSON.stringify({ pool: result.pool.name, laCode: flags.la, consenting, changed: result.changed }));
            return;
          }
          ctx.out(
            consenting
              ? result.changed
                ? `LA ${flags.la} now shares its figures with the pool "${result.pool.name}".`
                : `LA ${flags.la} had already consented to the pool "${result.pool.name}": nothing changed.`
              : result.changed
                ? `LA ${flags.la} has withdrawn from the pool "${result.pool.name}": its analysts no longer see it.`
                : `LA ${flags.la} was not in the pool "${result.pool.name}": nothing changed.`,
          );
        });
      });
  }
}
