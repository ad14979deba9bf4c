import type { Kysely } from 'kysely';
import {
  consentedLaCodes,
  countPoolUsers,
  deletePool,
  deletePoolMember,
  findPoolByName,
  getPool,
  insertPool,
  insertPoolMember,
  listPoolMembers,
  listPooledLaCodes,
  listPools,
  poolsOfLa,
  renamePool,
  type PoolMemberRow,
  type PoolRow,
} from '../db/pool.repository.ts';
import type { Database } from '../db/schema.ts';
import { canConsentFor, canManagePools, normalisePoolName, poolNameProblem } from '../domain/access/pools.ts';
import { ALL_LAS, type Role } from '../domain/access/roles.ts';
import { isLaCode } from '../domain/la-code.ts';
import { publishedPool, type CouncilCaseloads, type CouncilIndicators, type PublishedPoolRow } from '../domain/pools/compare.ts';
import { orderedMeasures } from '../domain/benchmarks/dataset.ts';
import type { KpiId } from '../domain/flow/kpi.ts';
import { AppError } from '../errors.ts';
import type { BusinessCaseForecast } from '../reports/business-case/model.ts';
import type { AuditService } from './audit.service.ts';
import type { BenchmarksService } from './benchmarks.service.ts';
import type { CaseloadService } from './caseload.service.ts';
import type { ForecastService } from './forecast.service.ts';
import type { KpiService } from './kpi.service.ts';
import { dataVersions, ResultCache } from './result-cache.ts';
import type { StandardsService } from './standards.service.ts';
import type { SystemService } from './system.service.ts';
import type { Actor } from './users.service.ts';

/** Who asks for a pool change: the audit fields, and the authority the rules are checked against. */
export interface PoolActor extends Actor {
  role: Role;
  laCodes: readonly string[];
}

export interface PoolSummary extends PoolRow {
  members: PoolMemberRow[];
  /** Accounts (regional analysts) that belong to the pool. */
  analysts: number;
}

/** The key indicators a pool page compares, in its order. */
export const POOL_KPI_IDS: readonly KpiId[] = ['referrals', 'rereferrals_12m', 'assessments_within_45wd', 'cp_open_at_end', 'cla_open_at_end', 'cla_per_10k'];

/** One consenting council's figures, each from the council's own cached results. */
export interface CouncilFigures {
  laCode: string;
  laName: string;
  caseloads: CouncilCaseloads | null;
  indicators: CouncilIndicators | null;
  forecast: BusinessCaseForecast | null;
}

export interface PoolComparison {
  pool: PoolRow;
  councils: CouncilFigures[];
  /** The pool against England in the published benchmarks, by measure. */
  published: PublishedPoolRow[];
}

/**
 * Regional pools: an administrator of every council creates, renames and deletes them; a
 * council's administrator gives or withdraws that council's consent. Each change writes one
 * audit row in the same transaction. `comparison` gathers each consenting council's figures
 * from the services' caches, so a pool page costs a lookup per council, not a recomputation.
 */
export function poolService(deps: {
  db: Kysely<Database>;
  clock: () => Date;
  audit: AuditService;
  system: Pick<SystemService, 'las'>;
  caseloads: Pick<CaseloadService, 'basis' | 'defaultDate' | 'snapshot'>;
  standards: Pick<StandardsService, 'active'>;
  kpis: Pick<KpiService, 'years' | 'kpis'>;
  forecast: Pick<ForecastService, 'latest'>;
  benchmarks: Pick<BenchmarksService, 'info' | 'dataset'>;
}) {
  const comparisons = new ResultCache(16);

  async function named(rawName: string): Promise<PoolRow> {
    const pool = await findPoolByName(deps.db, normalisePoolName(rawName));
    if (!pool) throw new AppError('not_found', `There is no pool called "${normalisePoolName(rawName)}".`);
    return pool;
  }

  function checkName(raw: string): string {
    const name = normalisePoolName(raw);
    const problem = poolNameProblem(name);
    if (problem) throw new AppError('bad_usage', problem);
    return name;
  }

  function mustManage(by: PoolActor, what: string): void {
    if (!canManagePools(by)) throw new AppError('forbidden', `Only an administrator of every council can ${what} a pool.`);
  }

  function mustConsentFor(by: PoolActor, laCode: string): void {
    if (!isLaCode(laCode)) throw new AppError('bad_usage', `"${laCode}" is not a three-digit DfE LA number.`);
    if (!canConsentFor(by, laCode)) throw new AppError('forbidden', `Only an administrator of LA ${laCode} can give or withdraw its consent to a pool.`);
  }

  const auditRow = (by: PoolActor, action: Parameters<AuditService['record']>[0]['action'], laCode: string, detail: Record<string, unknown>) => ({
    actor: by.actor,
    actorRole: by.actorRole ?? by.role,
    ip: by.ip,
    route: by.route,
    action,
    laCode,
    detail,
  });

  async function figures(laCode: string, laName: string): Promise<CouncilFigures> {
    const [caseloads, indicators, forecast] = await Promise.all([caseloadsOf(laCode), indicatorsOf(laCode), deps.forecast.latest(laCode)]);
    return { laCode, laName, caseloads, indicators, forecast };
  }

  async function caseloadsOf(laCode: string): Promise<CouncilCaseloads | null> {
    if ((await deps.caseloads.basis(laCode)) === 'none') return null;
    const asOf = await deps.caseloads.defaultDate(laCode);
    const [snapshot, profile] = await Promise.all([deps.caseloads.snapshot(laCode, asOf), deps.standards.active(laCode)]);
    const caseHolders = snapshot.workers.filter((w) => w.capacity > 0);
    const t = snapshot.totals;
    return {
      asOf,
      children: t.children,
      heldChildren: t.heldChildren,
      caseHoldingWorkers: t.caseHoldingWorkers,
      caseHoldingFte: t.caseHoldingFte,
      averagePerFte: t.averagePerFte,
      standardMax: profile.roles.social_worker.max,
      standardLabel: profile.label,
      overWorkers: caseHolders.filter((w) => w.flags.includes('over_max') || w.flags.includes('asye_over_protected')).length,
    };
  }

  async function indicatorsOf(laCode: string): Promise<CouncilIndicators | null> {
    const year = (await deps.kpis.years(laCode))[0];
    if (year === undefined) return null;
    const result = await deps.kpis.kpis(laCode, year);
    return {
      period: result.period,
      kpis: POOL_KPI_IDS.flatMap((id) => {
        const k = result.kpis.find((x) => x.id === id);
        return k ? [{ id, label: k.label, unit: k.unit, numerator: k.numerator, denominator: k.denominator, value: k.value, coverage: k.coverage }] : [];
      }),
    };
  }

  /**
   * Each consenting council's figures, in the order of their LA numbers. Kept while no
   * council's data, settings or consent changes (and the benchmarks are the same), so repeated
   * visits read it from memory.
   */
  async function comparison(poolId: number): Promise<PoolComparison | null> {
    const pool = await getPool(deps.db, poolId);
    if (!pool) return null;
    const members = await consentedLaCodes(deps.db, poolId);
    const [versions, info] = await Promise.all([dataVersions(deps.db, members), deps.benchmarks.info()]);
    const key = `${poolId}|${pool.name}|${info.version}|${members.map((m, i) => `${m}=${versions[i]}`).join(',')}`;
    return comparisons.get(key, async () => {
      const names = new Map((await deps.system.las()).map((l) => [l.laCode, l.laName]));
      const councils: CouncilFigures[] = [];
      // One council at a time: on PGlite there is one connection, and on PostgreSQL the pool's
      // connections are shared with every other request.
      for (const laCode of members) councils.push(await figures(laCode, names.get(laCode) ?? `LA ${laCode}`));
      const dataset = await deps.benchmarks.dataset();
      return { pool, councils, published: publishedPool(dataset, orderedMeasures(dataset), members) };
    });
  }

  return {
    async list(): Promise<PoolSummary[]> {
      const [pools, members, analysts] = await Promise.all([listPools(deps.db), listPoolMembers(deps.db), countPoolUsers(deps.db)]);
      return pools.map((p) => ({ ...p, members: members.filter((m) => m.poolId === p.id), analysts: analysts.get(p.id) ?? 0 }));
    },

    async get(id: number): Promise<PoolRow | undefined> {
      return getPool(deps.db, id);
    },

    /** The pool of that name (whatever its case); not_found otherwise. */
    named,

    /** The councils consenting to a pool now: a regional analyst's councils, read on each request. */
    async consented(poolId: number): Promise<string[]> {
      return consentedLaCodes(deps.db, poolId);
    },

    async create(rawName: string, by: PoolActor): Promise<PoolRow> {
      mustManage(by, 'create');
      const name = checkName(rawName);
      if (await findPoolByName(deps.db, name)) throw new AppError('conflict', `There is already a pool called "${name}".`);
      const at = deps.clock();
      const id = await deps.db.transaction().execute(async (tx) => {
        const created = await insertPool(tx, { name, createdBy: by.actor, at });
        await deps.audit.record(auditRow(by, 'pool_created', ALL_LAS, { pool: name, poolId: created }), tx);
        return created;
      });
      return { id, name, createdAt: at, createdBy: by.actor };
    },

    async rename(rawName: string, rawNewName: string, by: PoolActor): Promise<PoolRow> {
      mustManage(by, 'rename');
      const pool = await named(rawName);
      const name = checkName(rawNewName);
      const clash = await findPoolByName(deps.db, name);
      if (clash && clash.id !== pool.id) throw new AppError('conflict', `There is already a pool called "${name}".`);
      await deps.db.transaction().execute(async (tx) => {
        await renamePool(tx, pool.id, name);
        await deps.audit.record(auditRow(by, 'pool_renamed', ALL_LAS, { poolId: pool.id, from: pool.name, to: name }), tx);
      });
      return { ...pool, name };
    },

    /** Deletes a pool and every consent to it; refused while a regional analyst belongs to it. */
    async delete(rawName: string, by: PoolActor): Promise<void> {
      mustManage(by, 'delete');
      const pool = await named(rawName);
      const analysts = (await countPoolUsers(deps.db)).get(pool.id) ?? 0;
      if (analysts > 0) {
        throw new AppError('conflict', `The pool "${pool.name}" has ${analysts === 1 ? 'a regional analyst' : `${analysts} regional analysts`}: give ${analysts === 1 ? 'their account' : 'their accounts'} another pool or role first.`);
      }
      const members = await consentedLaCodes(deps.db, pool.id);
      await deps.db.transaction().execute(async (tx) => {
        await deletePool(tx, pool.id);
        await deps.audit.record(auditRow(by, 'pool_deleted', ALL_LAS, { pool: pool.name, poolId: pool.id, members }), tx);
      });
    },

    /** Records a council's consent to a pool; giving it again changes nothing and writes nothing. */
    async consent(rawName: string, laCode: string, by: PoolActor): Promise<{ changed: boolean; pool: PoolRow }> {
      mustConsentFor(by, laCode);
      const pool = await named(rawName);
      const changed = await deps.db.transaction().execute(async (tx) => {
        const added = await insertPoolMember(tx, { poolId: pool.id, laCode, consentedBy: by.actor, at: deps.clock() });
        if (added) await deps.audit.record(auditRow(by, 'pool_consent_given', laCode, { pool: pool.name, poolId: pool.id }), tx);
        return added;
      });
      return { changed, pool };
    },

    /** Withdraws a council's consent: the pool's analysts lose the council on their next request. */
    async withdraw(rawName: string, laCode: string, by: PoolActor): Promise<{ changed: boolean; pool: PoolRow }> {
      mustConsentFor(by, laCode);
      const pool = await named(rawName);
      const changed = await deps.db.transaction().execute(async (tx) => {
        const removed = await deletePoolMember(tx, pool.id, laCode);
        if (removed) await deps.audit.record(auditRow(by, 'pool_consent_withdrawn', laCode, { pool: pool.name, poolId: pool.id }), tx);
        return removed;
      });
      return { changed, pool };
    },

    /** Every council consenting to at least one pool (the councils a server warms as it starts). */
    async pooledLaCodes(): Promise<string[]> {
      return listPooledLaCodes(deps.db);
    },

    /**
     * Works out the pages of the pools a council belongs to (after its import, once its own
     * figures are warm), or of every pool (as a server starts, once every member's are), so a
     * pool's next visitor reads them from memory. That includes each member's forecast, which only
     * a pool's page asks for without a visit to the Forecast page; a council in no pool is left alone.
     */
    async warmPoolPages(laCode?: string): Promise<void> {
      const poolIds = laCode === undefined ? (await listPools(deps.db)).map((p) => p.id) : await poolsOfLa(deps.db, laCode);
      for (const poolId of poolIds) await comparison(poolId);
    },

    comparison,
  };
}
export type PoolService = ReturnType<typeof poolService>;
