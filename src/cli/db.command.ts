import type { Command } from 'commander';
import { backupIfUpgrading, PG_DUMP_ADVICE, restoreBackup, writeBackup } from '../db/backup.ts';
import { withDeadline } from '../db/faults.ts';
import { AppError } from '../errors.ts';
import { migrateToLatest, migrationStatus } from '../db/migrate.ts';
import type { CliContext } from './context.ts';

export function registerDbCommands(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('database maintenance');

  db.command('migrate')
    .description('apply any pending database migrations (also done automatically on start)')
    .action(async () => {
      const { adapters } = await ctx.open({ migrate: false });
      try {
        const backup = await backupIfUpgrading({ db: adapters.db, location: adapters.dbLocation, dump: adapters.dump }, new Date());
        if (backup) ctx.out(`Backed up the database to ${backup} first.`);
        const applied = await migrateToLatest(adapters.db);
        ctx.out(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}`);
      } finally {
        await adapters.close();
      }
    });

  db.command('backup')
    .description('copy the embedded database to FILE (a .tar.gz), consistently, while holding it')
    .argument('<file>', 'the backup file to write (must not exist)')
    .action(async (file: string) => {
      if (ctx.config().databaseUrl) throw new AppError('input_rejected', PG_DUMP_ADVICE);
      const { adapters } = await ctx.open({ migrate: false });
      try {
        if (!adapters.dump) throw new AppError('input_rejected', PG_DUMP_ADVICE);
        const bytes = await adapters.dump();
        writeBackup(file, bytes);
        ctx.out(`Backed up ${adapters.dbLocation} to ${file} (${(bytes.length / 1024 / 1024).toFixed(1)} MB).`);
      } finally {
        await adapters.close();
      }
    });

  db.command('restore')
    .description('replace the embedded database with a backup FILE; the current one is kept beside it')
    .argument('<file>', 'a backup written by `headroom db backup`')
    .action(async (file: string) => {
      const config = ctx.config();
      if (config.databaseUrl) throw new AppError('input_rejected', PG_DUMP_ADVICE);
      const { keptAs } = await restoreBackup(config.dataDir, file, new Date());
      ctx.out(`Restored ${config.dataDir} from ${file}.${keptAs ? ` The data it replaced is kept in ${keptAs}; delete it when you are sure.` : ''}`);
      ctx.out('Start Headroom as usual; any newer migrations are applied on start.');
    });

  db.command('status')
    .description('show the database in use and its migrations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const work = (async () => {
        const { adapters } = await ctx.open({ migrate: false });
        try {
          return { kind: adapters.dbKind, location: adapters.dbLocation, status: await migrationStatus(adapters.db) };
        } finally {
          await adapters.close();
        }
      })();
      let answer;
      try {
        answer = await withDeadline(work, STATUS_DEADLINE_MS, 'The database');
      } catch (err) {
        // The abandoned work may hold the process open (a stalled database never answers): leave
        // time for the message to be written, then end.
        setTimeout(() => process.exit(1), 1000).unref();
        throw err;
      }
      const { kind, location, status } = answer;
      if (opts.json) {
        ctx.out(JSON.stringify({ database: kind, location, ...status }));
      } else {
        ctx.out(`Database: ${kind} (${location})`);
        ctx.out(`Migrations applied: ${status.applied.length}${status.latest ? ` (latest ${status.latest})` : ''}`);
        ctx.out(status.pending.length === 0 ? 'Pending: none' : `Pending: ${status.pending.join(', ')}`);
      }
    });
}

/** `db status` is what people run when something seems wrong: it must answer, or say it cannot, promptly. */
const STATUS_DEADLINE_MS = 60_000;
