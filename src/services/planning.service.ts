import type { Kysely } from 'kysely';
import { getScenario, insertCostModel, insertScenario, latestCostModel, listScenarios, scenarioVersions, type ScenarioSummary, type StoredScenario } from '../db/planning.repository.ts';
import type { Database } from '../db/schema.ts';
import { addDays, isIsoDate, type IsoDate } from '../domain/dates.ts';
import { getLaSetting } from '../db/la-setting.repository.ts';
import { listSnapshotDates } from '../db/workforce.repository.ts';
import type { BusinessCaseInput } from '../reports/business-case/index.ts';
import type { BusinessCaseForecast } from '../reports/business-case/model.ts';
import {
  applyScenario,
  compareScenarios,
  establishmentCost,
  evaluateBaseline,
  MAX_OPTIONS,
  parseCostModel,
  parseScenario,
  planningError,
  postsNeeded,
  redistribute,
  scenarioCost,
  type CostModel,
  type PlanningError,
  type PlanState,
  type PostsNeeded,
  type Redistribution,
  type Scenario,
  type ScenarioComparison,
  type ScenarioCost,
  type ScenarioResult,
} from '../domain/planning/index.ts';
import { crashPoint } from '../db/faults.ts';
import { AppError, rejectedInput } from '../errors.ts';
import type { AuditService } from './audit.service.ts';
import type { CaseloadService } from './caseload.service.ts';

export interface SavedCostModel {
  version: number;
  name: string;
  model: CostModel;
  savedBy: string;
  savedAt: string;
}

export interface SavedScenario {
  name: string;
  version: number;
  description: string | null;
  scenario: Scenario;
  risks: string[] | null;
  savedBy: string;
  savedAt: string;
}

/** One scenario measured against today's position at a date, with its posts and costs. */
export interface PlanningRun {
  laCode: string;
  asOf: IsoDate;
  scenario: Scenario;
  /** The stored version run, or null for a scenario given as a file and not saved. */
  saved: { version: number; savedBy: string; savedAt: string } | null;
  baseline: PlanState;
  result: ScenarioResult;
  postsNeeded: { baseline: PostsNeeded; scenario: PostsNeeded };
  redistribution: { baseline: Redistribution; scenario: Redistribution };
  comparison: ScenarioComparison;
  costModel: SavedCostModel | null;
  /** Null without a cost model, or when it lacks a rate the posts need (then `costErrors` says which). */
  cost: ScenarioCost | null;
  costErrors: PlanningError[];
}

export interface PlanningComparison {
  laCode: string;
  asOf: IsoDate;
  runs: PlanningRun[];
  comparison: ScenarioComparison;
}


function rejected(what: string, errors: readonly PlanningError[]): AppError {
  return rejectedInput(what, errors);
}

/** JSON with object keys sorted: jsonb hands objects back with its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

const RISKS_MAX = 20;
const RISK_MAX_CHARS = 4000;

function cleanRisks(risks: readonly string[] | null | undefined): string[] | null {
  if (risks === null || risks === undefined) return null;
  const paragraphs = risks.map((r) => r.trim()).filter((r) => r !== '');
  if (paragraphs.length > RISKS_MAX) throw new AppError('input_rejected', `risks: at most ${RISKS_MAX} paragraphs (got ${paragraphs.length}).`);
  const long = paragraphs.findIndex((r) => r.length > RISK_MAX_CHARS);
  if (long >= 0) throw new AppError('input_rejected', `risks[${long}]: a paragraph may have at most ${RISK_MAX_CHARS} characters.`);
  return paragraphs.length === 0 ? null : paragraphs;
}

/**
 * Capacity planning over the live data: each LA's cost model and named, versioned scenarios,
 * and running them against today's caseloads. Every save validates first against the LA's
 * data, so a scenario naming an unknown team or a cost model missing a grade is never stored.
 */
export function planningService(deps: {
  db: Kysely<Database>;
  clock: () => Date;
  caseloads: CaseloadService;
  audit: AuditService;
  /** The forecast's demand factor for a team `months` ahead, for demand changes with factor "forecast". */
  forecastFactor?: (laCode: string, teamId: string, months: number) => Promise<number>;
  /** The forecast for the business case; null when the LA's history cannot give one. */
  forecastSummary?: (laCode: string) => Promise<BusinessCaseForecast | null>;
}) {
  const { db, caseloads, audit } = deps;

  async function costModel(laCode: string): Promise<SavedCostModel | null> {
    const stored = await latestCostModel(db, laCode);
    if (!stored) return null;
    const parsed = parseCostModel(stored.definition);
    if (!parsed.ok) throw new AppError('internal', `The saved cost model for LA ${laCode} (version ${stored.version}) can no longer be read.`, { internal: parsed.errors.map((e) => e.message).join('; ') });
    return { version: stored.version, name: stored.name, model: parsed.value, savedBy: stored.savedBy, savedAt: stored.savedAt };
  }

  /**
   * Validates a cost model and stores it as the LA's next version, or gives back each problem
   * with the field it is about (for a form to show against its fields). It must cost today's
   * whole establishment (a grade for every role in post, agency rates for agency posts).
   */
  async function saveCostModel(
    laCode: string,
    json: unknown,
    by: { actor: string; actorRole?: string | null },
  ): Promise<{ ok: true; value: SavedCostModel } | { ok: false; errors: PlanningError[]; checkedAt: IsoDate | null }> {
    const outcome = parseCostModel(json);
    if (!outcome.ok) return { ok: false, errors: outcome.errors, checkedAt: null };
    const model = outcome.value;
    if (model.laCode !== null && model.laCode !== laCode) {
      return { ok: false, errors: [planningError('laCode', `the cost model is for LA ${model.laCode}, not ${laCode}; nothing was saved`, 'cost model', 'conflict')], checkedAt: null };
    }
    const asOf = await caseloads.defaultDate(laCode);
    const costed = establishmentCost(evaluateBaseline(await caseloads.input(laCode, asOf)), model);
    if (!costed.ok) return { ok: false, errors: costed.errors, checkedAt: asOf };
    const definition: unknown = typeof json === 'string' ? JSON.parse(json) : json;
    const current = await latestCostModel(db, laCode);
    if (current && sameJson(current.definition, definition)) return { ok: true, value: (await costModel(laCode))! };
    // The model and its audit row are one transaction: a crash never leaves a change unrecorded.
    const version = await db.transaction().execute(async (tx) => {
      const v = await insertCostModel(tx, laCode, model.name, definition, by.actor);
      crashPoint('cost-model-save');
      await audit.record({ actor: by.actor, actorRole: by.actorRole ?? null, action: 'settings_changed', laCode, detail: { what: 'cost model', name: model.name, version: v } }, tx);
      return v;
    });
    return { ok: true, value: { version, name: model.name, model, savedBy: by.actor, savedAt: new Date().toISOString() } };
  }


  function toSaved(stored: StoredScenario): SavedScenario {
    const parsed = parseScenario(stored.definition);
    if (!parsed.ok) throw new AppError('internal', `The saved scenario "${stored.name}" (version ${stored.version}) can no longer be read.`, { internal: parsed.errors.map((e) => e.message).join('; ') });
    return { name: stored.name, version: stored.version, description: stored.description, scenario: parsed.value, risks: stored.risks, savedBy: stored.savedBy, savedAt: stored.savedAt };
  }

  async function resolveDate(laCode: string, requested: string | undefined, scenarioDate: string | undefined): Promise<IsoDate> {
    const asOf = requested ?? scenarioDate ?? (await caseloads.defaultDate(laCode));
    if (!isIsoDate(asOf)) throw new AppError('bad_usage', `"${asOf}" is not a date written YYYY-MM-DD.`);
    return asOf;
  }

  /** Demand changes that take the forecast get its factor (to three decimal places, at most 10). */
  async function withForecastFactors(laCode: string, scenario: Scenario): Promise<Scenario> {
    if (!scenario.changes.some((c) => c.type === 'demand' && c.factor === 'forecast')) return scenario;
    const factorOf = deps.forecastFactor;
    if (factorOf === undefined) throw new AppError('input_rejected', 'Demand changes from the forecast are not available here.');
    const changes = await Promise.all(
      scenario.changes.map(async (c) => (c.type === 'demand' && c.factor === 'forecast' ? { ...c, factor: Math.min(10, Math.round((await factorOf(laCode, c.team, c.months ?? 12)) * 1000) / 1000) } : c)),
    );
    return { ...scenario, changes };
  }

  async function run(laCode: string, scenario: Scenario, options: { asOf?: string | undefined; saved?: PlanningRun['saved'] }): Promise<PlanningRun> {
    const asOf = await resolveDate(laCode, options.asOf, scenario.asOf);
    const input = await caseloads.input(laCode, asOf);
    const baseline = evaluateBaseline(input);
    const result = applyScenario(input, { ...(await withForecastFactors(laCode, scenario)), asOf });
    if (!result.ok) throw rejected(`The scenario "${scenario.name}"`, result.errors);
    const compared = compareScenarios(baseline, [result]);
    if (!compared.ok) throw rejected(`The scenario "${scenario.name}"`, compared.errors);
    const model = await costModel(laCode);
    let cost: ScenarioCost | null = null;
    let costErrors: PlanningError[] = [];
    if (model) {
      const costed = scenarioCost(baseline, result, model.model);
      if (costed.ok) cost = costed.value;
      else costErrors = costed.errors;
    }
    return {
      laCode,
      asOf,
      scenario: { ...scenario, asOf },
      saved: options.saved ?? null,
      baseline,
      result,
      postsNeeded: { baseline: postsNeeded(baseline), scenario: postsNeeded(result) },
      redistribution: { baseline: redistribute(baseline), scenario: redistribute(result) },
      comparison: compared.value,
      costModel: model,
      cost,
      costErrors,
    };
  }

  function parsed(json: unknown): Scenario {
    const outcome = parseScenario(json);
    if (!outcome.ok) throw rejected('The scenario', outcome.errors);
    return outcome.value;
  }

  async function saved(laCode: string, name: string, version?: number): Promise<SavedScenario> {
    const stored = await getScenario(db, laCode, name, version);
    if (!stored) {
      const known = (await listScenarios(db, laCode)).map((s) => `"${s.name}"`);
      const which = version === undefined ? `"${name}"` : `"${name}" version ${version}`;
      throw new AppError('not_found', `There is no scenario ${which} for LA ${laCode}.${known.length > 0 ? ` Saved scenarios: ${known.join(', ')}.` : ' None has been saved yet.'}`);
    }
    return toSaved(stored);
  }

  async function runSaved(laCode: string, name: string, options: { version?: number | undefined; asOf?: string | undefined } = {}): Promise<PlanningRun> {
    const s = await saved(laCode, name, options.version);
    return run(laCode, s.scenario, { asOf: options.asOf, saved: { version: s.version, savedBy: s.savedBy, savedAt: s.savedAt } });
  }

  return {
    costModel,

    /**
     * Validates a cost model and stores it as the LA's next version. It must cost today's whole
     * establishment (a grade for every role in post, agency rates for agency posts).
     */
    async setCostModel(laCode: string, json: unknown, by: { actor: string; actorRole?: string | null }): Promise<SavedCostModel> {
      const outcome = await saveCostModel(laCode, json, by);
      if (outcome.ok) return outcome.value;
      if (outcome.checkedAt === null) throw rejected('The cost model', outcome.errors);
      throw rejected(`The cost model (checked against the establishment at ${outcome.checkedAt})`, outcome.errors);
    },

    saveCostModel,

    scenarios: (laCode: string): Promise<ScenarioSummary[]> => listScenarios(db, laCode),
    scenario: saved,
    async versions(laCode: string, name: string): Promise<SavedScenario[]> {
      const all = await scenarioVersions(db, laCode, name);
      if (all.length === 0) await saved(laCode, name);
      return all.map(toSaved);
    },

    /**
     * Validates a scenario against the LA's data (every team, worker and profile it names must
     * exist) and stores it as the next version of its name. Saving what is already the latest
     * version stores nothing and says so.
     */
    async saveScenario(
      laCode: string,
      json: unknown,
      by: { actor: string; actorRole?: string | null },
      options: { risks?: readonly string[] | null } = {},
    ): Promise<{ saved: SavedScenario; unchanged: boolean; run: PlanningRun }> {
      const scenario = parsed(json);
      const current = await getScenario(db, laCode, scenario.name);
      const risks = options.risks === undefined ? (current?.risks ?? null) : cleanRisks(options.risks);
      const checked = await run(laCode, scenario, {});
      if (current && sameJson(current.definition, scenario) && sameJson(current.risks, risks)) {
        return { saved: toSaved(current), unchanged: true, run: { ...checked, saved: { version: current.version, savedBy: current.savedBy, savedAt: current.savedAt } } };
      }
      const version = await db.transaction().execute(async (tx) => {
        const v = await insertScenario(tx, { laCode, name: scenario.name, description: scenario.description ?? null, definition: scenario, risks, savedBy: by.actor });
        crashPoint('scenario-save');
        await audit.record({ actor: by.actor, actorRole: by.actorRole ?? null, action: 'scenario_saved', laCode, detail: { name: scenario.name, version: v, changes: scenario.changes.length } }, tx);
        return v;
      });
      const stored = await saved(laCode, scenario.name, version);
      return { saved: stored, unchanged: false, run: { ...checked, saved: { version, savedBy: stored.savedBy, savedAt: stored.savedAt } } };
    },

    /** Runs a scenario given as JSON (a file, a form) without saving it. */
    async run(laCode: string, json: unknown, options: { asOf?: string | undefined } = {}): Promise<PlanningRun> {
      return run(laCode, parsed(json), options);
    },

    runSaved,

    /** Today against up to three saved scenarios, at one date. */
    async compare(laCode: string, names: readonly string[], options: { asOf?: string | undefined } = {}): Promise<PlanningComparison> {
      const unique = [...new Set(names)];
      if (unique.length === 0) throw new AppError('bad_usage', 'Choose at least one scenario to compare.');
      if (unique.length > MAX_OPTIONS) throw new AppError('bad_usage', `At most ${MAX_OPTIONS} scenarios can be compared side by side (got ${unique.length}).`);
      const first = await saved(laCode, unique[0]!);
      const asOf = await resolveDate(laCode, options.asOf, first.scenario.asOf);
      const runs: PlanningRun[] = [];
      for (const name of unique) runs.push(await runSaved(laCode, name, { asOf }));
      const compared = compareScenarios(runs[0]!.baseline, runs.map((r) => r.result));
      if (!compared.ok) throw rejected('The comparison', compared.errors);
      return { laCode, asOf, runs, comparison: compared.value };
    },

    /**
     * Everything the business case document needs for a saved scenario, which must be costed.
     * Its caseload trend starts no earlier than the first date the caseload data covers: with
     * Annex A snapshots, the first extract (months before it are no data, not zero caseloads).
     * `withNames` false keeps worker names and ids out (teams and roles only).
     */
    async businessCase(laCode: string, name: string, options: { version?: number | undefined; asOf?: string | undefined; withNames: boolean }): Promise<BusinessCaseInput> {
      const s = await saved(laCode, name, options.version);
      const r = await run(laCode, s.scenario, { asOf: options.asOf, saved: { version: s.version, savedBy: s.savedBy, savedAt: s.savedAt } });
      if (!r.costModel) throw new AppError('input_rejected', `LA ${laCode} has no cost model, so the business case cannot be costed. Set one with "headroom costs set FILE.json --la ${laCode}".`);
      if (!r.cost) throw rejected('The cost model', r.costErrors);
      const trend = await caseloads.series(laCode, await trendStartFor(db, caseloads, laCode, r.asOf), r.asOf);
      const laName = (await getLaSetting(db, laCode))?.laName ?? `LA ${laCode}`;
      return {
        la: { code: laCode, name: laName },
        asOf: r.asOf,
        generatedOn: deps.clock().toISOString().slice(0, 10),
        scenario: { name: s.name, description: s.description, version: s.version },
        baseline: r.baseline,
        result: r.result,
        cost: r.cost,
        costModel: r.costModel.model,
        trend: trend.dates.length > 0 ? trend : null,
        risks: s.risks,
        withNames: options.withNames,
        forecast: deps.forecastSummary ? await deps.forecastSummary(laCode) : null,
      };
    },
  };
}
export type PlanningService = ReturnType<typeof planningService>;

/** The first month end of a 12-month caseload trend to `asOf` that the caseload data covers. */
async function trendStartFor(db: Kysely<Database>, caseloads: CaseloadService, laCode: string, asOf: IsoDate): Promise<IsoDate> {
  const yearBefore = addDays(asOf, -365);
  if ((await caseloads.basis(laCode)) !== 'annex_a') return yearBefore;
  const first = (await listSnapshotDates(db, laCode))[0];
  return first !== undefined && first > yearBefore ? first : yearBefore;
}
