/**
 * Removes binary floating-point noise (0.1 + 0.2 = 0.30000000000000004) by rounding to nine
 * decimal places, far below any figure a report shows, so sums of FTE read as entered.
 */
export function withoutFloatNoise(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** One decimal place, halves away from zero (as Excel's ROUND), used for averages. */
export function roundToOneDecimal(value: number): number {
  const tenths = withoutFloatNoise(value * 10);
  return (Math.sign(tenths) * Math.round(Math.abs(tenths))) / 10;
}

/** Up to the next 0.1, used for FTE required: a part-post short is still a post to fund. */
export function ceilToTenth(value: number): number {
  return Math.ceil(withoutFloatNoise(value * 10)) / 10;
}
