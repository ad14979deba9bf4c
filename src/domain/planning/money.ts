/**
 * Money is held as integer pence. Costs are worked out exactly as fractions of whole numbers
 * (FTE in ten-thousandths, percentages in hundredths of a percent, days) and rounded once, half
 * up, to whole pence at the end of each post's calculation.
 */
export type Pence = number;

/** FTE is read to four decimal places: 0.8 is 8,000 ten-thousandths. */
export const FTE_SCALE = 10_000n;
/** Percentages are read to two decimal places: 30% is 3,000 basis points of 10,000. */
export const PERCENT_SCALE = 10_000n;

export function fteUnits(fte: number): bigint {
  return BigInt(Math.round(fte * Number(FTE_SCALE)));
}

export function basisPoints(percent: number): bigint {
  return BigInt(Math.round(percent * 100));
}

/** True when a percentage has at most two decimal places (so basisPoints is exact). */
export function hasAtMostTwoDecimals(percent: number): boolean {
  const hundredths = percent * 100;
  return Math.abs(hundredths - Math.round(hundredths)) < 1e-6;
}

/** An exact amount of pence, numerator ÷ denominator (denominator above 0). */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** The nearest whole number of pence, halves rounded up (towards +∞). */
export function roundHalfUp(amount: Fraction): Pence {
  const twice = 2n * amount.numerator + amount.denominator;
  const divisor = 2n * amount.denominator;
  let quotient = twice / divisor;
  if (twice % divisor !== 0n && twice < 0n) quotient -= 1n;
  return Number(quotient);
}

export function scale(amount: Fraction, numerator: bigint, denominator: bigint): Fraction {
  return { numerator: amount.numerator * numerator, denominator: amount.denominator * denominator };
}

/** Pounds and pence for messages and documents: 391300 pence reads £3,913.00. */
export function formatPence(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}
