import type { KpiId } from '../../domain/flow/kpi.ts';

/** The publications a measure can be set beside (docs/kpi-definitions.md, "Indicators"). */
export const SOURCES = {
  cin: 'DfE Children in need',
  cla: 'DfE Children looked after in England including adoptions',
  local: 'Local measure (Ofsted Annex A)',
} as const;

export type MeasureSource = (typeof SOURCES)[keyof typeof SOURCES];

export interface MeasureDefinition {
  source: MeasureSource;
  /** One plain-English sentence for the report's notes; the full rule is in docs/kpi-definitions.md. */
  definition: string;
}

/** Each measure's source and short definition, summarising docs/kpi-definitions.md. */
export const MEASURE_DEFINITIONS: Readonly<Record<KpiId, MeasureDefinition>> = {
  contacts: { source: SOURCES.local, definition: 'Contacts received in the period; every contact counts, even when a child has several.' },
  referrals: { source: SOURCES.cin, definition: 'Referrals received in the period; a child referred twice counts twice.' },
  contact_conversion: { source: SOURCES.local, definition: 'Referrals in the period as a percentage of contacts in the same period (a ratio of two counts, not a tracking of each contact).' },
  referrals_per_10k: { source: SOURCES.cin, definition: 'Referrals per 10,000 children aged 0-17, annualised for periods shorter than a year.' },
  rereferrals_12m: { source: SOURCES.cin, definition: 'Referrals in the period where the child had another referral in the 12 months before, as a percentage of referrals in the period.' },
  referrals_nfa: { source: SOURCES.cin, definition: 'Referrals in the period recorded as no further action, as a percentage of referrals in the period.' },
  assessments_completed: { source: SOURCES.cin, definition: 'Assessments authorised in the period.' },
  assessments_within_45wd: { source: SOURCES.cin, definition: 'Assessments authorised in the period within 45 working days of their start, as a percentage of assessments authorised (timescale from Working Together to Safeguard Children).' },
  child_seen_in_assessment: { source: SOURCES.local, definition: 'Assessments authorised in the period in which the child was recorded as seen, as a percentage of assessments authorised.' },
  s47_started: { source: SOURCES.cin, definition: 'Section 47 enquiries whose strategy discussion was in the period.' },
  s47_per_10k: { source: SOURCES.cin, definition: 'Section 47 enquiries started per 10,000 children aged 0-17, annualised for periods shorter than a year.' },
  icpc_within_15wd: { source: SOURCES.cin, definition: 'Initial child protection conferences held in the period within 15 working days of the strategy discussion, as a percentage of conferences held.' },
  icpc_to_cp_plan: { source: SOURCES.cin, definition: 'Initial child protection conferences held in the period that resulted in a child protection plan, as a percentage of conferences held.' },
  cp_plans_started: { source: SOURCES.cin, definition: 'Child protection plans that started in the period.' },
  cp_second_or_subsequent: { source: SOURCES.cin, definition: 'Plans started in the period that were a second or subsequent plan for the child (ever), as a percentage of plans started.' },
  cp_open_at_end: { source: SOURCES.cin, definition: 'Children on a child protection plan on the last day of the period.' },
  cp_per_10k: { source: SOURCES.cin, definition: 'Children on a plan on the last day of the period per 10,000 children aged 0-17 (not annualised).' },
  cp_open_2y_plus: { source: SOURCES.cin, definition: 'Children on a plan on the last day of the period whose plan had lasted 2 years (730 days) or more, as a percentage of children on a plan.' },
  cp_ceased_2y_plus: { source: SOURCES.cin, definition: 'Plans that ended in the period after 2 years (730 days) or more, as a percentage of plans that ended.' },
  cin_open_at_end: { source: SOURCES.cin, definition: 'Children in need on the last day of the period who were not on a child protection plan or looked after.' },
  cla_open_at_end: { source: SOURCES.cla, definition: 'Children looked after on the last day of the period.' },
  cla_per_10k: { source: SOURCES.cla, definition: 'Children looked after on the last day of the period per 10,000 children aged 0-17 (not annualised).' },
  cla_started: { source: SOURCES.cla, definition: 'Children who started to be looked after in the period, each child counted once.' },
  cla_ceased: { source: SOURCES.cla, definition: 'Children who ceased to be looked after in the period, each child counted once.' },
  cla_3plus_placements: { source: SOURCES.cla, definition: 'Children looked after on the last day of the period with 3 or more placements in the previous 12 months, as a percentage of children looked after.' },
  care_leavers_suitable_accommodation: { source: SOURCES.cla, definition: 'Care leavers in the cohort reported whose accommodation is suitable, as a percentage of those whose suitability is recorded.' },
  care_leavers_eet: { source: SOURCES.cla, definition: 'Care leavers in the cohort reported in education, employment or training (full or part time), as a percentage of all care leavers in the cohort.' },
  cla_long_term_stability: { source: SOURCES.cla, definition: 'Children under 16 looked after for 2.5 years or more at the end of the period who had been in the same placement for 2 years or more, as a percentage of those children (SSDA903 only).' },
  cla_uasc_at_end: { source: SOURCES.cla, definition: 'Unaccompanied asylum-seeking children looked after at the end of the period (SSDA903 only).' },
  cla_missing: { source: SOURCES.cla, definition: 'Children looked after during the period who had a missing incident in it, as a percentage of children looked after during the period (SSDA903 only).' },
  cla_3plus_social_workers: { source: SOURCES.cla, definition: 'Children looked after at the end of the period who had 3 or more social workers during the year, as a percentage of those children (SSDA903 social worker episodes only).' },
  cp_open_3m_or_less: { source: SOURCES.cin, definition: 'Child protection plans open at the end of the period that had lasted 3 months or less (CIN census).' },
  cp_open_3m_to_6m: { source: SOURCES.cin, definition: 'Child protection plans open at the end of the period that had lasted more than 3 months, up to 6 months.' },
  cp_open_6m_to_1y: { source: SOURCES.cin, definition: 'Child protection plans open at the end of the period that had lasted more than 6 months and less than 1 year.' },
  cp_open_1y_to_2y: { source: SOURCES.cin, definition: 'Child protection plans open at the end of the period that had lasted 1 year and less than 2 years.' },
  cp_open_2y_or_more: { source: SOURCES.cin, definition: 'Child protection plans open at the end of the period that had lasted 2 years or more.' },
  care_leavers_17_18_suitable_accommodation: { source: SOURCES.cla, definition: 'Care leavers aged 17 or 18 on their birthday in the year in suitable accommodation, as a percentage of those care leavers (SSDA903 OC3 only).' },
  care_leavers_17_18_eet: { source: SOURCES.cla, definition: 'Care leavers aged 17 or 18 on their birthday in the year in education, employment or training (SSDA903 OC3 only).' },
  care_leavers_19_21_suitable_accommodation: { source: SOURCES.cla, definition: 'Care leavers aged 19 to 21 on their birthday in the year in suitable accommodation, as a percentage of those care leavers (SSDA903 OC3 only).' },
  care_leavers_19_21_eet: { source: SOURCES.cla, definition: 'Care leavers aged 19 to 21 on their birthday in the year in education, employment or training (SSDA903 OC3 only).' },
};
