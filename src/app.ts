import type { Kysely } from 'kysely';
import type { Config, OidcSettings, SessionSettings } from './config.ts';
import { openDatabase, type DatabaseKind } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { backupIfUpgrading } from './db/backup.ts';
import type { Database } from './db/schema.ts';
import type { Logger } from './logger.ts';
import type { Importer } from './services/import-runner.ts';
import { annexAImporter } from './services/annex-a.importer.ts';
import { ssda903Importer } from './services/ssda903.importer.ts';
import { cinCensusImporter } from './services/cin-census.importer.ts';
import { ssdImporter } from './services/ssd.importer.ts';
import { caseloadService } from './services/caseload.service.ts';
import { demoService } from './services/demo.service.ts';
import { generateDemoInWorker } from './demo/generate-in-worker.ts';
import { importService } from './services/import.service.ts';
import { kpiService } from './services/kpi.service.ts';
import { reconcileService } from './services/reconcile.service.ts';
import { standardsService } from './services/standards.service.ts';
import { allocationsImporter, cswwImporter, populationImporter, rosterImporter, teamsImporter } from './services/workforce.importers.ts';
import { systemService } from './services/system.service.ts';
import { auditService, withImportAudit } from './services/audit.service.ts';
import { exportService } from './services/export.service.ts';
import { authService } from './services/auth.service.ts';
import { usersService } from './services/users.service.ts';
import { planningService } from './services/planning.service.ts';
import { oidcService } from './services/oidc.service.ts';
import { forecastService } from './services/forecast.service.ts';
import { benchmarksService } from './services/benchmarks.service.ts';
import { auditsImporter, planImporter, risksImporter } from './services/improvement.importers.ts';
import { improvementService } from './services/improvement.service.ts';
import { poolService } from './services/pool.service.ts';

const DEFAULT_SESSION: SessionSettings = { idleMinutes: 30, absoluteHours: 12 };

/** Everything with a side effect, created once and passed down. Tests build their own. */
export interface Adapters {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  dbLocation: string;
  /** PGlite only: a consistent copy of the data directory (see DatabaseHandle). */
  dump?: (() => Promise<Uint8Array>) | undefined;
  clock: () => Date;
  logger: Logger;
  close(): Promise<void>;
}

export async function adapters(config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Config>, logger: Logger, options: { migrate?: boolean } = {}): Promise<Adapters> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (options.migrate !== false) {
      const file = await backupIfUpgrading(handle, new Date());
      if (file) logger.info({ backup: file }, 'database backed up before upgrading');
      const applied = await migrateToLatest(handle.db);
      if (applied.length > 0) logger.info({ migrations: applied }, 'database upgraded');
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  return { db: handle.db, dbKind: handle.kind, dbLocation: handle.location, dump: handle.dump, clock: () => new Date(), logger, close: handle.close };
}

export interface ServiceOptions {
  session?: SessionSettings;
  /** Sign-in with the council's OpenID Connect provider; off when null or absent. */
  oidc?: OidcSettings | null;
}

export function services(a: Pick<Adapters, 'db' | 'dbKind' | 'clock' | 'logger'>, options: ServiceOptions = {}) {
  const standards = standardsService(a);
  const audit = auditService(a);
  const imports = withImportAudit(importService(a, {
    'annex-a': annexAImporter() as Importer<unknown>,
    teams: teamsImporter() as Importer<unknown>,
    roster: rosterImporter(a.clock) as Importer<unknown>,
    allocations: allocationsImporter(a.clock) as Importer<unknown>,
    population: populationImporter() as Importer<unknown>,
    csww: cswwImporter() as Importer<unknown>,
    ssda903: ssda903Importer() as Importer<unknown>,
    'cin-census': cinCensusImporter() as Importer<unknown>,
    ssd: ssdImporter() as Importer<unknown>,
    plan: planImporter(a.clock) as Importer<unknown>,
    audits: auditsImporter() as Importer<unknown>,
    risks: risksImporter(a.clock) as Importer<unknown>,
  }), audit);
  const caseloads = caseloadService({ ...a, standards });
  const auth = authService({ db: a.db, clock: a.clock, session: options.session ?? DEFAULT_SESSION, audit });
  const users = usersService({ db: a.db, clock: a.clock, audit });
  const planning = planningService({ db: a.db, clock: a.clock, caseloads, audit, forecastFactor: (laCode, teamId, months) => forecast.teamFactor(laCode, teamId, months), forecastSummary: (laCode) => forecast.businessCaseSummary(laCode) });
  const forecast = forecastService({ db: a.db, caseloads, costModel: planning.costModel });
  // The Cabinet report carries the risk register, read by the improvement service, which reads the indicators.
  const kpis = kpiService({ ...a, riskRegister: (laCode, asOf, suppress) => improvement.riskRegister(laCode, asOf, suppress) });
  const improvement = improvementService({ db: a.db, clock: a.clock, kpis, caseloads, audit });
  const reconcile = reconcileService(a);
  const benchmarks = benchmarksService({ db: a.db, clock: a.clock, caseloads, kpis });
  const system = systemService(a);
  const pools = poolService({ db: a.db, clock: a.clock, audit, system, caseloads, standards, kpis, forecast, benchmarks });
  return {
    system,
    pools,
    imports,
    standards,
    caseloads,
    planning,
    forecast,
    kpis,
    reconcile,
    benchmarks,
    improvement,
    exports: exportService({ audit, caseloads, kpis, benchmarks, planning, improvement, forecast, reconcile, imports }),
    demo: demoService({ db: a.db, imports, generate: generateDemoInWorker }),
    audit,
    auth,
    users,
    oidc: options.oidc
      ? oidcService({ settings: options.oidc, clock: a.clock, users, auth, audit, logger: a.logger })
      : null,
  };
}
export type Services = ReturnType<typeof services>;
