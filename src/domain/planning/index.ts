export { applyScenario } from './apply-scenario.ts';
export type { ScenarioResult } from './apply-scenario.ts';
export { compareScenarios, MAX_OPTIONS } from './comparison.ts';
export type { ComparedFigures, ComparisonRow, ScenarioComparison } from './comparison.ts';
export { costModelSchema, DEFAULT_AGENCY_WORKING_DAYS, parseCostModel } from './cost-model.ts';
export type { AgencyRates, CostModel, PayGrade } from './cost-model.ts';
export { agencySpendAvoided, budgetPressure, establishmentCost, fullYearCost, partYearCost, scenarioCost } from './costs.ts';
export type {
  AgencyConversion,
  AgencySpendAvoided,
  BudgetPressure,
  CostedPost,
  CostFigures,
  EstablishmentCost,
  ScenarioCost,
  ScenarioTeamCost,
  TeamCost,
  TeamPressure,
} from './costs.ts';
export { largestRemainder } from './demand.ts';
export { formatPence, roundHalfUp } from './money.ts';
export type { Fraction, Pence } from './money.ts';
export { evaluateBaseline, postsInPost } from './plan-state.ts';
export type { PlanState } from './plan-state.ts';
export { planningError } from './planning-error.ts';
export type { Outcome, PlanningError } from './planning-error.ts';
export { DEFAULT_ASYE, DEFAULT_COST_RATES, DEFAULT_ON_COSTS_PERCENT, defaultCostModel } from './cost-model-defaults.ts';
export { postsNeeded } from './posts-needed.ts';
export type { ManagerSpan, PostsNeeded, PostsNeededTotals, SpanStatus, TeamPostsNeeded } from './posts-needed.ts';
export { redistribute } from './redistribution.ts';
export type { RedistributedTeam, RedistributedWorker, Redistribution } from './redistribution.ts';
export { CHANGE_TYPES, changeSchema, parseScenario, scenarioSchema } from './scenario.ts';
export type {
  AddPostsChange,
  ChangeType,
  ConvertAgencyChange,
  DemandChange,
  MoveTeamChange,
  MoveWorkersChange,
  RemovePostsChange,
  Scenario,
  ScenarioChange,
  SetProfileChange,
  SplitTeamChange,
} from './scenario.ts';
export type { AppliedChange, NewPost } from './workspace.ts';
