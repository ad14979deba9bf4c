import type { Direction, Kpi, KpiWithPrevious } from '../flow/kpi.ts';

/**
 * Statistical disclosure control for published figures, following the DfE's practice in its
 * children's social care statistics: counts of 1 to 5 children are shown as "c"; 0 is shown;
 * a percentage is withheld when its numerator or denominator is withheld; a rate is withheld
 * when its count is. Population denominators (ONS estimates) are public and never withheld.
 */
export const SUPPRESSED = 'c';
export type Suppressed = typeof SUPPRESSED;

export const SUPPRESS_MIN = 1;
export const SUPPRESS_MAX = 5;

export interface PublicationOptions {
  /** Apply disclosure control. Default true: publication outputs suppress unless told not to. */
  suppress?: boolean;
}

export type PublishedNumber = number | Suppressed;

export interface PublishedFigures {
  numerator: PublishedNumber;
  denominator: PublishedNumber | null;
  value: PublishedNumber | null;
}

export interface PublishedKpi extends Omit<Kpi, 'numerator' | 'denominator' | 'value'>, PublishedFigures {
  /** Some figure of this indicator was withheld. */
  suppressed: boolean;
}

export interface PublishedKpiWithPrevious extends PublishedKpi {
  previous: PublishedFigures | null;
  /** Withheld (null) when the current or previous value is. */
  direction: Direction | null;
}

/** "c" for a count of 1-5, the count otherwise (0 is shown). */
export function suppressCount(n: number): PublishedNumber;
export function suppressCount(n: number | null): PublishedNumber | null;
export function suppressCount(n: number | null): PublishedNumber | null {
  if (n === null) return null;
  return n >= SUPPRESS_MIN && n <= SUPPRESS_MAX ? SUPPRESSED : n;
}

export function isSuppressed(value: unknown): value is Suppressed {
  return value === SUPPRESSED;
}

function suppressFigures(kpi: Pick<Kpi, 'numerator' | 'denominator' | 'value' | 'unit'>): PublishedFigures {
  const numerator = suppressCount(kpi.numerator);
  const denominator = kpi.unit === 'percent' ? suppressCount(kpi.denominator) : kpi.denominator;
  const withheld = isSuppressed(numerator) || isSuppressed(denominator);
  return { numerator, denominator, value: withheld && kpi.value !== null ? SUPPRESSED : kpi.value };
}

/** Applies disclosure control to one indicator (and to its previous period, when paired). */
export function suppressKpi(kpi: KpiWithPrevious): PublishedKpiWithPrevious;
export function suppressKpi(kpi: Kpi): PublishedKpi;
export function suppressKpi(kpi: Kpi | KpiWithPrevious): PublishedKpi | PublishedKpiWithPrevious;
export function suppressKpi(kpi: Kpi | KpiWithPrevious): PublishedKpi | PublishedKpiWithPrevious {
  const figures = suppressFigures(kpi);
  const suppressed = figures.numerator !== kpi.numerator || figures.denominator !== kpi.denominator || figures.value !== kpi.value;
  if (!('previous' in kpi)) return { ...kpi, ...figures, suppressed };
  const previous = kpi.previous ? suppressFigures({ ...kpi.previous, unit: kpi.unit }) : null;
  const hidden = isSuppressed(figures.value) || isSuppressed(previous?.value);
  return { ...kpi, ...figures, suppressed, previous, direction: hidden ? null : kpi.direction };
}

/** Leaves an indicator as computed, in the published shape. */
function unsuppressed(kpi: Kpi | KpiWithPrevious): PublishedKpi | PublishedKpiWithPrevious {
  return { ...kpi, suppressed: false };
}

/**
 * Indicators ready for a publication output (report, export): suppressed unless
 * `{ suppress: false }` is passed for internal use.
 */
export function publishKpis(kpis: readonly KpiWithPrevious[], opts?: PublicationOptions): PublishedKpiWithPrevious[];
export function publishKpis(kpis: readonly Kpi[], opts?: PublicationOptions): PublishedKpi[];
export function publishKpis(kpis: readonly (Kpi | KpiWithPrevious)[], opts: PublicationOptions = {}): (PublishedKpi | PublishedKpiWithPrevious)[] {
  const suppress = opts.suppress ?? true;
  return kpis.map((kpi) => (suppress ? suppressKpi(kpi) : unsuppressed(kpi)));
}

/** A count for a publication table, suppressed unless `{ suppress: false }`. */
export function publishCount(n: number | null, opts: PublicationOptions = {}): PublishedNumber | null {
  return (opts.suppress ?? true) ? suppressCount(n) : n;
}
