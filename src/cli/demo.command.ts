import { Option, type Command } from 'commander';
import { z } from 'zod';
import { lastMonthEndBefore, type DemoSummary } from '../services/demo.service.ts';
import type { CliContext } from './context.ts';
import { parseFlags } from './flags.ts';
import { serve } from './serve.command.ts';

const Flags = z.object({
  seed: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').default(1),
  children: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1000, 'must be at least 1,000').max(2_000_000, 'must be at most 2,000,000').optional(),
  las: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50').default(1),
  serve: z.boolean().default(true),
  host: z.string().optional(),
  port: z.coerce.number({ error: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).optional(),
});

export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('generate the synthetic council Demoshire (or a pool of councils), import it through the normal imports, then serve')
    .option('--seed <n>', 'random seed: the same seed gives the same council', '1')
    .option('--children <n>', 'children aged 0-17 in the county (default 140,000); volumes scale with it')
    .option('--las <n>', 'how many councils to generate, with distinct LA codes (a regional pool)', '1')
    .option('--no-serve', 'load the data and stop')
    .addOption(new Option('--host <host>', 'address to listen on'))
    .addOption(new Option('--port <port>', 'port to listen on'))
    .action(async (raw: unknown) => {
      const flags = parseFlags(Flags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const summary = await services.demo.load({
          seed: flags.seed,
          children: flags.children,
          las: flags.las,
          endDate: lastMonthEndBefore(adapters.clock().toISOString().slice(0, 10)),
          onProgress: (m) => ctx.err(m),
        });
        ctx.out(describeDemo(summary));
      } finally {
        await adapters.close();
      }
      if (flags.serve) await serve(ctx, { host: flags.host, port: flags.port });
    });
}

export function describeDemo(summary: DemoSummary): string {
  const lines = summary.councils.map((c) => `  ${c.laName} (LA ${c.laCode}): ${c.files} files, ${c.rowsLoaded.toLocaleString('en-GB')} rows loaded, ${c.errors} rows rejected`);
  return [`Generated and imported ${summary.councils.length} synthetic ${summary.councils.length === 1 ? 'council' : 'councils'} in ${(summary.elapsedMs / 1000).toFixed(1)} s (generating ${(summary.generateMs / 1000).toFixed(1)} s, importing ${(summary.importMs / 1000).toFixed(1)} s${summary.councils.length > 1 ? ', the two overlapping' : ''}):`, ...lines, 'All of this data is synthetic: no real child is in it.'].join('\n');
}
