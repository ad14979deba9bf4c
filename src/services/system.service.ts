import type { Kysely } from 'kysely';
import { migrationStatus } from '../db/migrate.ts';
import type { DatabaseKind } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { listLaSettings } from '../db/la-setting.repository.ts';
import { listTeams } from '../db/workforce.repository.ts';
import { memoInReadOnlyScope } from './result-cache.ts';

export interface Health {
  status: 'ok' | 'degraded';
  database: DatabaseKind;
  migrations: { applied: number; pending: number; latest: string | null };
}

export function systemService(deps: { db: Kysely<Database>; dbKind: DatabaseKind }) {
  return {
    async health(): Promise<Health> {
      const m = await migrationStatus(deps.db);
      return {
        status: m.pending.length === 0 ? 'ok' : 'degraded',
        database: deps.dbKind,
        migrations: { applied: m.applied.length, pending: m.pending.length, latest: m.latest },
      };
    },
    /** LAs with data (a loaded import) or settings, with their names and whether the data is synthetic. */
    las(): Promise<Array<{ laCode: string; laName: string | null; synthetic: boolean }>> {
      return memoInReadOnlyScope('las', async () => {
        const [codes, settings] = await Promise.all([this.laCodes(), listLaSettings(deps.db)]);
        const byCode = new Map(settings.map((s) => [s.laCode, s]));
        return codes.map((laCode) => ({ laCode, laName: byCode.get(laCode)?.laName ?? null, synthetic: byCode.get(laCode)?.synthetic ?? false }));
      });
    },
    /** The teams (not services or localities) of an LA, by name, for choosing teams in forms. */
    async teams(laCode: string): Promise<Array<{ teamId: string; name: string }>> {
      return (await listTeams(deps.db, laCode)).filter((t) => t.kind === 'team').map((t) => ({ teamId: t.teamId, name: t.name }));
    },
    /** LA codes that have at least one loaded import. */
    async laCodes(): Promise<string[]> {
      const rows = await deps.db.selectFrom('import_batch').select('la_code').where('status', '=', 'loaded').distinct().orderBy('la_code').execute();
      return rows.map((r) => r.la_code);
    },
  };
}
export type SystemService = ReturnType<typeof systemService>;
