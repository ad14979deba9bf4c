/** Risk bands from likelihood × impact on the common 5 × 5 matrix. */
export type RiskBand = 'low' | 'medium' | 'high' | 'very_high';

export interface RiskScore {
  likelihood: number;
  impact: number;
  score: number;
  band: RiskBand;
}

export function isRiskRating(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

/**
 * Score = likelihood × impact (each 1-5). Bands as most council corporate risk registers draw the
 * 5 × 5 matrix: 1-4 low, 5-9 medium, 10-15 high, 16-25 very high.
 */
export function scoreRisk(likelihood: number, impact: number): RiskScore {
  if (!isRiskRating(likelihood) || !isRiskRating(impact)) throw new RangeError('likelihood and impact must be whole numbers from 1 to 5');
  const score = likelihood * impact;
  const band: RiskBand = score >= 16 ? 'very_high' : score >= 10 ? 'high' : score >= 5 ? 'medium' : 'low';
  return { likelihood, impact, score, band };
}

export const RISK_BAND_LABELS: Readonly<Record<RiskBand, string>> = { low: 'Low', medium: 'Medium', high: 'High', very_high: 'Very high' };
