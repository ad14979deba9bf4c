/**
 * The Standard Safeguarding Dataset tables Headroom reads (data-to-insight's `ssd-data-model`,
 * column names as its deployment scripts create them: analysis/ddl_reference in that
 * repository). Every SSD column carries its table's prefix (`pers_`, `cine_`, `invo_` ...), so a
 * CSV export is recognised by the prefix its columns share, not by its file name.
 */
export type SsdTableName =
  | 'person'
  | 'contacts'
  | 'cin_episodes'
  | 'assessments'
  | 's47'
  | 'icpc'
  | 'cp_plans'
  | 'cla_episodes'
  | 'care_leavers'
  | 'involvements'
  | 'professionals'
  | 'department';

export interface SsdTableSpec {
  name: SsdTableName;
  /** The table's name in the SSD. */
  ssdName: string;
  prefix: string;
  /** The columns read; any other column of the table is kept in the row's data but not used. */
  columns: readonly string[];
  /** Columns without which the table cannot be used: the import stops when one is missing. */
  required: readonly string[];
  /** The column naming the child (or the worker / team for the workforce tables). */
  id: string;
  /** Date columns; the `key` date is required on each row (a row without it is rejected). */
  dates: readonly string[];
  key?: string;
  /** The column ending the event, checked not to be before the key date. */
  end?: string;
}

export const SSD_TABLES: readonly SsdTableSpec[] = [
  {
    name: 'person',
    ssdName: 'ssd_person',
    prefix: 'pers_',
    columns: ['pers_person_id', 'pers_legacy_id', 'pers_sex', 'pers_gender', 'pers_ethnicity', 'pers_dob', 'pers_expected_dob', 'pers_death_date', 'pers_upn', 'pers_upn_unknown', 'pers_send_flag', 'pers_is_mother', 'pers_nationality'],
    required: ['pers_person_id'],
    id: 'pers_person_id',
    dates: ['pers_dob', 'pers_expected_dob', 'pers_death_date'],
  },
  {
    name: 'contacts',
    ssdName: 'ssd_contacts',
    prefix: 'cont_',
    columns: ['cont_contact_id', 'cont_person_id', 'cont_contact_date', 'cont_contact_source_code', 'cont_contact_source_desc', 'cont_contact_outcome_json'],
    required: ['cont_person_id', 'cont_contact_date'],
    id: 'cont_person_id',
    dates: ['cont_contact_date'],
    key: 'cont_contact_date',
  },
  {
    name: 'cin_episodes',
    ssdName: 'ssd_cin_episodes',
    prefix: 'cine_',
    columns: [
      'cine_referral_id',
      'cine_person_id',
      'cine_referral_date',
      'cine_cin_primary_need_code',
      'cine_referral_source_code',
      'cine_referral_source_desc',
      'cine_referral_outcome_json',
      'cine_referral_nfa',
      'cine_close_reason',
      'cine_close_date',
      'cine_referral_team',
      'cine_referral_worker_id',
    ],
    required: ['cine_person_id', 'cine_referral_date'],
    id: 'cine_person_id',
    dates: ['cine_referral_date', 'cine_close_date'],
    key: 'cine_referral_date',
    end: 'cine_close_date',
  },
  {
    name: 'assessments',
    ssdName: 'ssd_cin_assessments',
    prefix: 'cina_',
    columns: ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date', 'cina_assessment_child_seen', 'cina_assessment_auth_date', 'cina_assessment_outcome_json', 'cina_assessment_outcome_nfa', 'cina_assessment_team', 'cina_assessment_worker_id'],
    required: ['cina_person_id', 'cina_assessment_start_date'],
    id: 'cina_person_id',
    dates: ['cina_assessment_start_date', 'cina_assessment_auth_date'],
    key: 'cina_assessment_start_date',
    end: 'cina_assessment_auth_date',
  },
  {
    name: 's47',
    ssdName: 'ssd_s47_enquiry',
    prefix: 's47e_',
    columns: ['s47e_s47_enquiry_id', 's47e_referral_id', 's47e_person_id', 's47e_s47_start_date', 's47e_s47_end_date', 's47e_s47_nfa', 's47e_s47_outcome_json', 's47e_s47_completed_by_team', 's47e_s47_completed_by_worker_id'],
    required: ['s47e_person_id', 's47e_s47_start_date'],
    id: 's47e_person_id',
    dates: ['s47e_s47_start_date', 's47e_s47_end_date'],
    key: 's47e_s47_start_date',
    end: 's47e_s47_end_date',
  },
  {
    name: 'icpc',
    ssdName: 'ssd_initial_cp_conference',
    prefix: 'icpc_',
    columns: ['icpc_icpc_id', 'icpc_icpc_meeting_id', 'icpc_s47_enquiry_id', 'icpc_person_id', 'icpc_cp_plan_id', 'icpc_referral_id', 'icpc_icpc_transfer_in', 'icpc_icpc_target_date', 'icpc_icpc_date', 'icpc_icpc_outcome_cp_flag', 'icpc_icpc_outcome_json', 'icpc_icpc_team', 'icpc_icpc_worker_id'],
    required: ['icpc_person_id', 'icpc_icpc_date'],
    id: 'icpc_person_id',
    dates: ['icpc_icpc_target_date', 'icpc_icpc_date'],
    key: 'icpc_icpc_date',
  },
  {
    name: 'cp_plans',
    ssdName: 'ssd_cp_plans',
    prefix: 'cppl_',
    columns: ['cppl_cp_plan_id', 'cppl_referral_id', 'cppl_icpc_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date', 'cppl_cp_plan_ola', 'cppl_cp_plan_initial_category', 'cppl_cp_plan_latest_category'],
    required: ['cppl_person_id', 'cppl_cp_plan_start_date'],
    id: 'cppl_person_id',
    dates: ['cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
    key: 'cppl_cp_plan_start_date',
    end: 'cppl_cp_plan_end_date',
  },
  {
    name: 'cla_episodes',
    ssdName: 'ssd_cla_episodes',
    prefix: 'clae_',
    columns: [
      'clae_cla_episode_id',
      'clae_person_id',
      'clae_cla_placement_id',
      'clae_cla_episode_start_date',
      'clae_cla_episode_start_reason',
      'clae_cla_primary_need_code',
      'clae_cla_episode_ceased_date',
      'clae_cla_episode_ceased_reason',
      'clae_cla_id',
      'clae_referral_id',
      'clae_cla_last_iro_contact_date',
      'clae_entered_care_date',
    ],
    required: ['clae_person_id', 'clae_cla_episode_start_date'],
    id: 'clae_person_id',
    dates: ['clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_cla_last_iro_contact_date', 'clae_entered_care_date'],
    key: 'clae_cla_episode_start_date',
    end: 'clae_cla_episode_ceased_date',
  },
  {
    name: 'care_leavers',
    ssdName: 'ssd_care_leavers',
    prefix: 'clea_',
    columns: [
      'clea_table_id',
      'clea_person_id',
      'clea_care_leaver_eligibility',
      'clea_care_leaver_in_touch',
      'clea_care_leaver_latest_contact',
      'clea_care_leaver_accommodation',
      'clea_care_leaver_accom_suitable',
      'clea_care_leaver_activity',
      'clea_pathway_plan_review_date',
      'clea_care_leaver_personal_advisor',
      'clea_care_leaver_allocated_team',
      'clea_care_leaver_worker_id',
    ],
    required: ['clea_person_id'],
    id: 'clea_person_id',
    dates: ['clea_care_leaver_latest_contact', 'clea_pathway_plan_review_date'],
  },
  {
    name: 'involvements',
    ssdName: 'ssd_involvements',
    prefix: 'invo_',
    columns: ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_professional_team', 'invo_person_id', 'invo_referral_id', 'invo_involvement_start_date', 'invo_involvement_end_date', 'invo_worker_change_reason'],
    required: ['invo_person_id', 'invo_professional_id', 'invo_involvement_start_date'],
    id: 'invo_person_id',
    dates: ['invo_involvement_start_date', 'invo_involvement_end_date'],
    key: 'invo_involvement_start_date',
    end: 'invo_involvement_end_date',
  },
  {
    name: 'professionals',
    ssdName: 'ssd_professionals',
    prefix: 'prof_',
    columns: ['prof_professional_id', 'prof_staff_id', 'prof_professional_name', 'prof_social_worker_registration_no', 'prof_agency_worker_flag', 'prof_professional_job_title', 'prof_professional_caseload', 'prof_professional_department', 'prof_full_time_equivalency'],
    required: ['prof_professional_id'],
    id: 'prof_professional_id',
    dates: [],
  },
  {
    name: 'department',
    ssdName: 'ssd_department',
    prefix: 'dept_',
    columns: ['dept_team_id', 'dept_team_name', 'dept_team_parent_id', 'dept_team_parent_name'],
    required: ['dept_team_id', 'dept_team_name'],
    id: 'dept_team_id',
    dates: [],
  },
];

/** Prefixes of the other SSD tables: a file of one of them is recognised and left unread, not refused. */
export const OTHER_SSD_PREFIXES: Readonly<Record<string, string>> = {
  addr_: 'ssd_address',
  cinf_: 'ssd_assessment_factors',
  cinp_: 'ssd_cin_plans',
  cinv_: 'ssd_cin_visits',
  lacp_: 'ssd_cla_care_plan',
  clac_: 'ssd_cla_convictions',
  clah_: 'ssd_cla_health',
  clai_: 'ssd_cla_immunisations',
  clap_: 'ssd_cla_placement',
  lapp_: 'ssd_cla_previous_permanence',
  clar_: 'ssd_cla_reviews',
  clas_: 'ssd_cla_substance_misuse',
  clav_: 'ssd_cla_visits',
  cppr_: 'ssd_cp_reviews',
  cppv_: 'ssd_cp_visits',
  disa_: 'ssd_disability',
  earl_: 'ssd_early_help_episodes',
  fami_: 'ssd_family',
  immi_: 'ssd_immigration_status',
  link_: 'ssd_linked_identifiers',
  miss_: 'ssd_missing',
  moth_: 'ssd_mother',
  perm_: 'ssd_permanence',
  prep_: 'ssd_pre_proceedings',
  csdq_: 'ssd_sdq_scores',
  send_: 'ssd_send',
  senn_: 'ssd_sen_need',
  voch_: 'ssd_voice_of_child',
  s251_: 'ssd_s251_finance',
  ehcp_: 'ssd_ehcp_active_plans',
  ehca_: 'ssd_ehcp_assessment',
  ehcn_: 'ssd_ehcp_named_plan',
  ehcr_: 'ssd_ehcp_requests',
};

export function normaliseSsdColumn(h: string): string {
  return h.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * What a header is: one of the tables read (the prefix most of its columns carry), another SSD
 * table, or nothing Headroom knows.
 */
export function detectSsdTable(header: readonly string[]): { kind: 'read'; spec: SsdTableSpec } | { kind: 'other'; ssdName: string } | { kind: 'unknown' } {
  const cols = header.map(normaliseSsdColumn).filter((c) => c !== '');
  const prefixes = new Map<string, number>();
  for (const c of cols) {
    const m = /^([a-z0-9]+_)/.exec(c);
    if (m) prefixes.set(m[1] as string, (prefixes.get(m[1] as string) ?? 0) + 1);
  }
  const [top] = [...prefixes.entries()].sort((a, b) => b[1] - a[1]);
  if (!top || top[1] * 2 < cols.length) return { kind: 'unknown' };
  const spec = SSD_TABLES.find((t) => t.prefix === top[0]);
  if (spec) return { kind: 'read', spec };
  const other = OTHER_SSD_PREFIXES[top[0]];
  return other ? { kind: 'other', ssdName: other } : { kind: 'unknown' };
}
