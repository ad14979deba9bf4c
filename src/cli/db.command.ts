import type { Command } from 'commander';
import { migrateToLatest, migrationStatus } from '../db/migrate.ts';
import type { CliContext } from './context.ts';

export function registerDbCommands(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('database maintenance');

  db.command('migrate')
    .description('apply any pending database migrations (also done automatically on start)')
    .action(async () => {
      const { adapters } = await ctx.open({ migrate: false });
      try {
        const applied = await migrateToLatest(adapters.db);
        ctx.out(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}`);
      } finally {
        await adapters.close();
      }
    });

  db.command('status')
    .description('show the database in use and its migrations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { adapters } = await ctx.open({ migrate: false });
      try {
        const status = await migrationStatus(adapters.db);
        if (opts.json) {
          ctx.out(JSON.stringify({ database: adapters.dbKind, location: adapters.dbLocation, ...status }));
        } else {
          ctx.out(`Database: ${adapters.dbKind} (${adapters.dbLocation})`);
          ctx.out(`Migrations applied: ${status.applied.length}${status.latest ? ` (latest ${status.latest})` : ''}`);
          ctx.out(status.pending.length === 0 ? 'Pending: none' : `Pending: ${status.pending.join(', ')}`);
        }
      } finally {
        await adapters.close();
      }
    });
}
