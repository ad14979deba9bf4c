import type { KpiId } from './kpi.ts';
import { RETURN_KPI_IDS } from './return-indicators.ts';

/**
 * The process model council performance reports use: Inputs (the work coming in), Processes
 * (how well it is handled) and Outputs (what results for children).
 */
export const KPI_SECTIONS: ReadonlyArray<{ id: 'inputs' | 'processes' | 'outputs'; title: string; description: string; ids: readonly KpiId[] }> = [
  {
    id: 'inputs',
    title: 'Inputs',
    description: 'The flow of work into the service.',
    ids: ['contacts', 'referrals', 'contact_conversion', 'referrals_per_10k', 'rereferrals_12m', 'referrals_nfa'],
  },
  {
    id: 'processes',
    title: 'Processes',
    description: 'How well the work is handled.',
    ids: ['assessments_completed', 'assessments_within_45wd', 'child_seen_in_assessment', 's47_started', 's47_per_10k', 'icpc_within_15wd', 'icpc_to_cp_plan', 'cp_plans_started', 'cp_second_or_subsequent'],
  },
  {
    id: 'outputs',
    title: 'Outputs',
    description: 'What results for children.',
    ids: [
      'cp_open_at_end',
      'cp_per_10k',
      'cp_open_2y_plus',
      'cp_ceased_2y_plus',
      'cin_open_at_end',
      'cla_open_at_end',
      'cla_per_10k',
      'cla_started',
      'cla_ceased',
      'cla_3plus_placements',
      'care_leavers_suitable_accommodation',
      'care_leavers_eet',
      ...RETURN_KPI_IDS,
    ],
  },
];
