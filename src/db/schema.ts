import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Dates are read and written as ISO `YYYY-MM-DD` strings on both drivers (see connect.ts). */
type DateCol = string;
type NullableDate = string | null;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ImportBatchTable {
  id: Generated<number>;
  la_code: string;
  source: string;
  file_name: string;
  sha256: string;
  extract_date: NullableDate;
  loaded_at: Timestamp;
  loaded_by: string;
  status: string;
  rows_read: Defaulted<number>;
  rows_loaded: Defaulted<number>;
  rows_rejected: Defaulted<number>;
  summary: ColumnType<unknown, string | undefined, string>;
  /** An Annex A extract reaching further back than the guidance windows, as the importer was told. */
  covers_from: ColumnType<NullableDate, NullableDate | undefined, NullableDate>;
}

/** The dates one batch's data covers for one source family (see src/domain/coverage). */
export interface SourceCoverageTable {
  id: Generated<number>;
  la_code: string;
  batch_id: number;
  source: string;
  family: string;
  covers_from: DateCol;
  covers_to: DateCol;
}

export interface ImportIssueTable {
  id: Generated<number>;
  batch_id: number;
  la_code: string;
  list: number | null;
  sheet: string | null;
  row_number: number;
  column_name: string | null;
  value: string | null;
  severity: string;
  message: string;
}

export interface TeamTable {
  la_code: string;
  team_id: string;
  name: string;
  norm_name: string;
  parent_id: string | null;
  kind: string;
  seen_only_in_annex_a: ColumnType<boolean, boolean | undefined, boolean>;
  batch_id: number | null;
}

export interface WorkerTable {
  la_code: string;
  worker_id: string;
  name: string;
  norm_name: string;
  team_id: string | null;
  role: string;
  fte: number;
  asye: boolean;
  agency: boolean;
  start_date: NullableDate;
  end_date: NullableDate;
  manager_id: string | null;
  seen_only_in_annex_a: ColumnType<boolean, boolean | undefined, boolean>;
  batch_id: number | null;
}

export interface ChildTable {
  la_code: string;
  child_id: string;
  sex: string | null;
  ethnicity: string | null;
  date_of_birth: NullableDate;
  disability: string | null;
  batch_id: number | null;
}

export interface AllocationTable {
  id: Generated<number>;
  la_code: string;
  child_id: string;
  worker_id: string | null;
  team_id: string | null;
  case_type: string;
  start_date: DateCol;
  end_date: NullableDate;
  source: string;
  snapshot_date: NullableDate;
  batch_id: number;
}

export interface LaSettingTable {
  la_code: string;
  la_name: string | null;
  active_profile: Defaulted<string>;
  custom_profile: ColumnType<unknown, string | null | undefined, string | null>;
  synthetic: Defaulted<boolean>;
  updated_at: Timestamp;
}

export interface PopulationTable {
  la_code: string;
  year: number;
  children_0_17: number;
  batch_id: number;
}

export interface CswwCensusTable {
  la_code: string;
  census_year: number;
  census_date: NullableDate;
  vacancies: ColumnType<unknown, string | null, string | null>;
  summary: ColumnType<unknown, string, string>;
  batch_id: number;
}

export interface CswwWorkerTable {
  id: Generated<number>;
  la_code: string;
  census_year: number;
  swe_no: string | null;
  fte: number | null;
  fte30: number | null;
  org_role: number | null;
  agency: boolean | null;
  cases30: number | null;
  role_start_date: NullableDate;
  role_end_date: NullableDate;
  reason_leave: string | null;
  working_days_lost: number | null;
  absent_30_sept: boolean | null;
  data: ColumnType<unknown, string, string>;
  batch_id: number;
}

/** Columns every Annex A list table shares (see the annex-a-events migration). */
interface AnnexAEventBase {
  la_code: string;
  data: ColumnType<unknown, string, string>;
  first_batch_id: number;
  last_batch_id: number;
  last_extract_date: string;
}
interface ChildEvent extends AnnexAEventBase {
  child_id: string;
  event_date: string;
  allocated_team: string | null;
  allocated_worker: string | null;
}

export interface ContactTable extends ChildEvent { source: string | null }
export interface EarlyHelpTable extends ChildEvent { completion_date: NullableDate; organisation: string | null }
export interface ReferralTable extends ChildEvent { source: string | null; nfa: boolean | null; referrals_last_12m: number | null }
export interface AssessmentTable extends ChildEvent { authorised_date: NullableDate; child_seen: boolean | null }
export interface S47Table extends ChildEvent { icpc_required: boolean | null; icpc_date: NullableDate; icpc_cp_plan: boolean | null }
export interface CinEpisodeTable extends ChildEvent { closure_date: NullableDate; primary_need: string | null; closure_reason: string | null }
export interface CpPlanTable extends ChildEvent { end_date: NullableDate; initial_category: string | null; latest_category: string | null; previous_plans: number | null }
export interface ClaEpisodeTable extends ChildEvent {
  end_date: NullableDate;
  legal_status: string | null;
  placement_type: string | null;
  placements_last_12m: number | null;
  reason_ceased: string | null;
}
export interface CareLeaverTable extends AnnexAEventBase {
  child_id: string;
  allocated_team: string | null;
  allocated_worker: string | null;
  eligibility: string | null;
  in_touch: string | null;
  accommodation_type: string | null;
  accommodation_suitable: boolean | null;
  activity: string | null;
}
export interface AdoptionTable extends ChildEvent {
  placement_order_date: NullableDate;
  placed_date: NullableDate;
  adoption_order_date: NullableDate;
  no_longer_placed_date: NullableDate;
}
export interface AdopterTable extends AnnexAEventBase {
  adopter_id: string;
  enquiry_date: NullableDate;
  approved_date: NullableDate;
  matched_date: NullableDate;
  placed_date: NullableDate;
  left_date: NullableDate;
}
export interface AnnexASnapshotTable {
  la_code: string;
  batch_id: number;
  extract_date: string;
  list: number;
  child_id: string;
  event_date: NullableDate;
}

/** A person who can sign in to the web app. `la_code` is their home council, or `*`. */
export interface AppUserTable {
  id: Generated<number>;
  la_code: string;
  username: string;
  display_name: string | null;
  role: string;
  password_hash: string | null;
  /** JSON array of the LA codes the user may see; `["*"]` means every council in the database. */
  la_codes: ColumnType<unknown, string, string>;
  /** JSON array of the team ids a team manager manages (their teams and the teams under them). */
  team_ids: ColumnType<unknown, string, string>;
  failed_attempts: Defaulted<number>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** A regional analyst's pool; null for every other role. */
  pool_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A regional pool of councils (not one council's data: la_code is '*'). */
export interface PoolTable {
  id: Generated<number>;
  la_code: Defaulted<string>;
  name: string;
  created_at: Timestamp;
  created_by: string;
}

/** A council in a pool, present only while its administrator consents. */
export interface PoolMemberTable {
  pool_id: number;
  la_code: string;
  consented_by: string;
  consented_at: Timestamp;
}

/** A signed-in browser. `id` is the SHA-256 of the cookie's token, so a copy of the table cannot be replayed. */
export interface AppSessionTable {
  id: string;
  la_code: string;
  user_id: number | null;
  demo: Defaulted<boolean>;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  la_code: string;
  ip: string;
  username: string;
  at: Timestamp;
  succeeded: boolean;
}

/** Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE unless `headroom.audit_archive` is on in the transaction. */
export interface AuditLogTable {
  id: Generated<number>;
  la_code: string;
  at: Timestamp;
  actor: string;
  actor_role: string | null;
  action: string;
  route: string | null;
  ip: string | null;
  detail: ColumnType<unknown, string, string>;
}

/** The database as Kysely sees it. Later features add their tables here and in a migration. */
export interface CostModelTable {
  la_code: string;
  version: number;
  name: string;
  definition: ColumnType<unknown, string, string>;
  saved_by: string;
  saved_at: Timestamp;
}

export interface ScenarioTable {
  la_code: string;
  name: string;
  version: number;
  description: string | null;
  definition: ColumnType<unknown, string, string>;
  risks: ColumnType<unknown, string | null, string | null>;
  saved_by: string;
  saved_at: Timestamp;
}

/** One SSDA903 episode as one return (collection year ending 31 March `return_year`) holds it. */
export interface Ssda903EpisodeTable {
  la_code: string;
  return_year: number;
  child_id: string;
  start_date: string;
  end_date: NullableDate;
  reason_new_episode: string | null;
  legal_status: string | null;
  cin_category: string | null;
  placement_type: string | null;
  placement_provider: string | null;
  reason_ceased: string | null;
  reason_place_change: string | null;
  urn: string | null;
  data: ColumnType<unknown, string, string>;
  batch_id: number;
}

/** A row of any other SSDA903 table (header, uasc, missing, reviews, sw_episodes, oc2, oc3 ...). */
export interface Ssda903RecordTable {
  id: Generated<number>;
  la_code: string;
  return_year: number;
  table_name: string;
  row_number: number;
  child_id: string;
  start_date: NullableDate;
  end_date: NullableDate;
  code: string | null;
  data: ColumnType<unknown, string, string>;
  batch_id: number;
}

/** A CIN census module: family is referral (CINdetails), assessment, cin_plan, s47 or cp_plan. */
export interface CinCensusEventTable {
  id: Generated<number>;
  la_code: string;
  census_year: number;
  family: string;
  child_id: string;
  referral_date: string;
  start_date: string;
  end_date: NullableDate;
  nfa: boolean | null;
  icpc_date: NullableDate;
  icpc_not_required: boolean | null;
  previous_plans: number | null;
  category: string | null;
  data: ColumnType<unknown, string, string>;
  batch_id: number;
}

/** A refreshed copy of the published benchmarks (national; la_code is '*'). */
export interface BenchmarkDatasetTable {
  id: Generated<number>;
  la_code: Defaulted<string>;
  version: string;
  published: string | null;
  content: string;
  imported_by: string;
  imported_at: Timestamp;
}

export interface Database {
  import_batch: ImportBatchTable;
  import_issue: ImportIssueTable;
  team: TeamTable;
  worker: WorkerTable;
  child: ChildTable;
  allocation: AllocationTable;
  la_setting: LaSettingTable;
  population: PopulationTable;
  csww_census: CswwCensusTable;
  csww_worker: CswwWorkerTable;
  contact: ContactTable;
  early_help: EarlyHelpTable;
  referral: ReferralTable;
  assessment: AssessmentTable;
  s47: S47Table;
  cin_episode: CinEpisodeTable;
  cp_plan: CpPlanTable;
  cla_episode: ClaEpisodeTable;
  care_leaver: CareLeaverTable;
  adoption: AdoptionTable;
  adopter: AdopterTable;
  annex_a_snapshot: AnnexASnapshotTable;
  app_user: AppUserTable;
  app_session: AppSessionTable;
  sign_in_attempt: SignInAttemptTable;
  audit_log: AuditLogTable;
  cost_model: CostModelTable;
  scenario: ScenarioTable;
  ssda903_episode: Ssda903EpisodeTable;
  ssda903_episode_latest: Ssda903EpisodeTable;
  ssda903_record: Ssda903RecordTable;
  cin_census_event: CinCensusEventTable;
  cin_census_latest: CinCensusEventTable;
  source_coverage: SourceCoverageTable;
  benchmark_dataset: BenchmarkDatasetTable;
  improvement_action: ImprovementActionTable;
  improvement_update: ImprovementUpdateTable;
  case_audit: CaseAuditTable;
  risk: RiskTable;
  pool: PoolTable;
  pool_member: PoolMemberTable;
}

export interface ImprovementActionTable {
  la_code: string;
  ref: string;
  area: string;
  action: string;
  lead: string;
  start_date: DateCol;
  due_date: DateCol;
  status: string;
  measure_id: string | null;
  target: number | null;
  better_when: string | null;
  manual_rag: string | null;
  batch_id: number | null;
  changed_by: string;
  changed_at: Timestamp;
}

export interface ImprovementUpdateTable {
  id: Generated<number>;
  la_code: string;
  ref: string;
  update_date: DateCol;
  text: string;
  author: string;
  created_at: Timestamp;
}

export interface CaseAuditTable {
  id: Generated<number>;
  la_code: string;
  child_id: string;
  team_id: string;
  worker_id: string | null;
  audit_date: DateCol;
  auditor: string;
  grade: string;
  themes: ColumnType<unknown, string, string>;
  batch_id: number;
}

export interface RiskTable {
  la_code: string;
  ref: string;
  risk: string;
  owner: string;
  likelihood: number;
  impact: number;
  mitigations: string;
  measure_id: string | null;
  target: number | null;
  better_when: string | null;
  review_date: DateCol;
  batch_id: number | null;
  changed_by: string;
  changed_at: Timestamp;
}

export type ImportBatch = Selectable<ImportBatchTable>;
export type NewImportBatch = Insertable<ImportBatchTable>;
export type NewImportIssue = Insertable<ImportIssueTable>;
