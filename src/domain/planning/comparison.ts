import type { CaseloadSnapshot } from '../caseload/caseload-snapshot.ts';
import type { UnitFigures } from '../caseload/unit-figures.ts';
import type { ScenarioResult } from './apply-scenario.ts';
import type { PlanState } from './plan-state.ts';
import { planningError } from './planning-error.ts';
import type { Outcome, PlanningError } from './planning-error.ts';

export const MAX_OPTIONS = 3;

export interface ComparedFigures {
  children: number;
  caseHoldingFte: number;
  /** The DfE average: children held by case-holding workers ÷ case-holding FTE. */
  averagePerFte: number | null;
  /** Children open with no worker, reported beside the average (they are not in it). */
  unallocated: number;
  casesOverCapacity: number;
  fteRequiredToMax: number;
  fteRequiredToMid: number;
}

export interface ComparisonRow {
  teamId: string;
  name: string;
  /** Null when the team does not exist in that position (a team a split creates). */
  baseline: ComparedFigures | null;
  options: (ComparedFigures | null)[];
}

export interface ScenarioComparison {
  options: string[];
  teams: ComparisonRow[];
  /**
   * The whole local authority: children, FTE and average per FTE count each child once; cases
   * over capacity and FTE required add up each team's shortfall (the snapshot's LA totals).
   */
  totals: { baseline: ComparedFigures; options: ComparedFigures[] };
}

function figures(unit: UnitFigures): ComparedFigures {
  return {
    children: unit.children,
    caseHoldingFte: unit.caseHoldingFte,
    averagePerFte: unit.averagePerFte,
    unallocated: unit.unallocated,
    casesOverCapacity: unit.casesOverCapacity,
    fteRequiredToMax: unit.fteRequiredToMax,
    fteRequiredToMid: unit.fteRequiredToMid,
  };
}

function totals(snapshot: CaseloadSnapshot): ComparedFigures {
  return figures(snapshot.totals);
}

/**
 * Baseline against up to three options, team by team (teams of kind `team`, in baseline
 * order, then any team an option creates). An option that was rejected, or a fourth option,
 * gives errors instead.
 */
export function compareScenarios(baseline: PlanState, options: readonly ScenarioResult[]): Outcome<ScenarioComparison> {
  const errors: PlanningError[] = [];
  if (options.length > MAX_OPTIONS) errors.push(planningError('options', `compare at most ${MAX_OPTIONS} options with the baseline, not ${options.length}`));
  options.forEach((option, index) => {
    if (!option.ok) errors.push(planningError(`options[${index}]`, `option "${option.name}" was rejected: ${option.errors.map((error) => error.message).join('; ')}`));
  });
  if (errors.length > 0) return { ok: false, errors };

  const names = new Map<string, string>();
  for (const state of [baseline, ...options]) for (const team of state.snapshot.teams) if (!names.has(team.teamId)) names.set(team.teamId, team.name);
  const byId = (snapshot: CaseloadSnapshot) => new Map(snapshot.teams.map((team) => [team.teamId, figures(team)]));
  const before = byId(baseline.snapshot);
  const after = options.map((option) => byId(option.snapshot));
  return {
    ok: true,
    value: {
      options: options.map((option) => option.name),
      teams: [...names].map(([teamId, name]) => ({
        teamId,
        name,
        baseline: before.get(teamId) ?? null,
        options: after.map((map) => map.get(teamId) ?? null),
      })),
      totals: { baseline: totals(baseline.snapshot), options: options.map((option) => totals(option.snapshot)) },
    },
  };
}
