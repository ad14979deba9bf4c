import type { IsoDate } from '../dates.ts';

/** An event as reconciliation compares it: the child and the event's own start date. */
export interface KeyedEvent {
  childId: string;
  date: IsoDate;
}

export interface FamilyReconciliation {
  family: string;
  left: string;
  right: string;
  /** Events (child + start date) in both sources. */
  matched: number;
  onlyLeft: KeyedEvent[];
  onlyRight: KeyedEvent[];
  /** Children with an event of the family in one source and none in the other. */
  childrenOnlyLeft: string[];
  childrenOnlyRight: string[];
}

const byChildDate = (a: KeyedEvent, b: KeyedEvent) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/**
 * Which events of one family are in one source and not the other: an event is the same in both
 * when the child and its start date agree (the key both sources share). Each source's events are
 * already limited to the period; duplicates within a source count once.
 */
export function reconcileFamily(family: string, left: { name: string; events: readonly KeyedEvent[] }, right: { name: string; events: readonly KeyedEvent[] }): FamilyReconciliation {
  const key = (e: KeyedEvent) => `${e.childId}|${e.date}`;
  const l = new Map(left.events.map((e) => [key(e), e]));
  const r = new Map(right.events.map((e) => [key(e), e]));
  const onlyLeft = [...l.entries()].filter(([k]) => !r.has(k)).map(([, e]) => e).sort(byChildDate);
  const onlyRight = [...r.entries()].filter(([k]) => !l.has(k)).map(([, e]) => e).sort(byChildDate);
  const lc = new Set(left.events.map((e) => e.childId));
  const rc = new Set(right.events.map((e) => e.childId));
  return {
    family,
    left: left.name,
    right: right.name,
    matched: [...l.keys()].filter((k) => r.has(k)).length,
    onlyLeft,
    onlyRight,
    childrenOnlyLeft: [...lc].filter((c) => !rc.has(c)).sort(),
    childrenOnlyRight: [...rc].filter((c) => !lc.has(c)).sort(),
  };
}

/** Episodes open on any day from `from` to `to` (end exclusive; null while open). */
export function openDuring<T extends { startDate: IsoDate; endDate: IsoDate | null }>(items: readonly T[], from: IsoDate, to: IsoDate): T[] {
  return items.filter((e) => e.startDate <= to && (e.endDate === null || e.endDate > from));
}
