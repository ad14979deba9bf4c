import { dayNumber } from '../domain/calendar/index.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Allocation, CaseType } from '../domain/workforce/types.ts';
import type { AnnexAListsInput } from '../formats/annex-a/write.ts';
import type { Workforce } from './council.ts';
import { plusDays } from './days.ts';
import type { Child, Simulation } from './simulate.ts';

/**
 * The Annex A lists as an extract taken on `on` would show them. Lists 1-5 look back six
 * months; lists 6-8 hold the episodes open on the day or closed in the six months before;
 * list 9 the care leavers open on the day; list 10 adoption cases open on the day or decided
 * in the last year; list 11 adopters who enquired in the last year. Nothing after `on` is shown:
 * an episode that ends later is open, an assessment authorised later is not yet authorised.
 */
export function extractAt(sim: Simulation, index: AllocationIndex, on: IsoDate): AnnexAListsInput {
  const from = plusDays(on, -182);
  const inWindow = (d: IsoDate) => d > from && d <= on;
  const known = (d: IsoDate | null) => (d !== null && d <= on ? d : null);
  const openOrRecent = (e: { start: IsoDate; end: IsoDate }) => e.start <= on && e.end > from;
  const children = new Map<string, ChildFields>();
  const child = (id: string) => {
    let fields = children.get(id);
    if (fields === undefined) {
      fields = childFields(sim.children.get(id), on);
      children.set(id, fields);
    }
    return fields;
  };
  const held = (id: string, types: readonly CaseType[]) => index.heldAt(id, on, types);
  return {
    1: sim.contacts.filter((c) => inWindow(c.date)).map((c) => withChild(child(c.childId), { contactDate: c.date, contactSource: c.source })),
    2: sim.earlyHelp.filter((e) => inWindow(e.start)).map((e) => withChild(child(e.childId), { startDate: e.start, completionDate: known(e.end), organisation: 'Early Help Hub' })),
    3: sim.referrals
      .filter((r) => inWindow(r.date))
      .map((r) => withChild(child(r.childId), { referralDate: r.date, referralSource: r.source, nfa: r.nfa, referralsInLast12Months: r.previousIn12Months, ...held(r.childId, ['referral', 'assessment']) })),
    4: sim.assessments
      .filter((a) => a.start <= on && (inWindow(a.start) || a.authorised > on))
      .map((a) => withChild(child(a.childId), {
        disability: sim.children.get(a.childId)?.disability ?? null,
        startDate: a.start,
        childSeen: a.authorised <= on ? a.childSeen : null,
        authorisedDate: known(a.authorised),
        requiresSupport: null,
        ...held(a.childId, ['assessment']),
      })),
    5: sim.s47s
      .filter((s) => inWindow(s.strategy))
      .map((s) => withChild(child(s.childId), {
        disability: sim.children.get(s.childId)?.disability ?? null,
        strategyDate: s.strategy,
        icpcRequired: s.icpcRequired,
        icpcDate: known(s.icpc),
        icpcOutcomeCpPlan: s.icpc !== null && s.icpc <= on ? s.plan : null,
        s47sInLast12Months: null,
        icpcsInLast12Months: null,
        ...held(s.childId, ['assessment', 'cp']),
      })),
    6: sim.cin.filter(openOrRecent).map((e) => withChild(child(e.childId), {
      disability: sim.children.get(e.childId)?.disability ?? null,
      startDate: e.start,
      primaryNeed: 'N1' as const,
      lastSeenDate: null,
      closureDate: known(e.end),
      closureReason: e.end <= on ? ('RC8' as const) : null,
      caseStatus: e.end <= on ? ('CLOSED' as const) : ('CIN' as const),
      ...held(e.childId, ['cin']),
    })),
    7: sim.cp.filter(openOrRecent).map((e) => withChild(child(e.childId), {
      disability: sim.children.get(e.childId)?.disability ?? null,
      startDate: e.start,
      initialCategory: e.category,
      latestCategory: e.category,
      lastVisitDate: null,
      seenAlone: null,
      lastReviewDate: null,
      endDate: known(e.end),
      emergencyProtectionLast6Months: false,
      previousPlans: e.previousPlans,
      ...held(e.childId, ['cp']),
    })),
    8: sim.cla.filter(openOrRecent).map((e) => withChild(child(e.childId), {
      uasc: false,
      disability: sim.children.get(e.childId)?.disability ?? null,
      startDate: e.start,
      categoryOfNeed: 'N1' as const,
      subsequentPeriodLast12Months: false,
      legalStatusStartDate: e.start,
      legalStatus: e.legalStatus,
      lastReviewDate: null,
      lastVisitDate: null,
      permanencePlan: null,
      lastIroContactDate: null,
      lastHealthAssessmentDate: null,
      lastDentalCheckDate: null,
      placementsLast12Months: e.placements12m,
      endDate: known(e.end),
      reasonCeased: e.end <= on ? e.reasonCeased : null,
      placementStartDate: e.start,
      placementType: e.placementType,
      placementProvider: null,
      placementPostcode: null,
      placementUrn: null,
      placementLocation: null,
      placementLa: null,
      missingEpisodesLast12Months: null,
      absentEpisodesLast12Months: null,
      returnInterviewOffered: null,
      returnInterviewAccepted: null,
      ...held(e.childId, ['cla']),
    })),
    9: sim.careLeavers
      .filter((e) => e.start <= on && e.end > on)
      .map((e) => {
        const h = held(e.childId, ['care_leaver']);
        return withChild(child(e.childId), {
          uasc: false,
          disability: sim.children.get(e.childId)?.disability ?? null,
          allocatedTeam: h.allocatedTeam,
          allocatedWorker: null,
          allocatedPersonalAdviser: h.allocatedWorker,
          eligibility: 'FORMER_RELEVANT' as const,
          latestPathwayPlanReviewDate: null,
          inTouch: e.inTouch,
          latestContactDate: null,
          accommodationType: e.accommodation,
          accommodationSuitable: e.suitable,
          activity: e.activity,
        });
      }),
    10: sim.adoptions
      .filter((a) => a.start <= on && (a.end > on || a.start > plusDays(on, -365)))
      .map((a) => withChild(child(a.childId), {
        familyId: null,
        disability: null,
        enteredCareDate: null,
        decisionDate: a.start,
        placementOrderDate: known(a.placementOrder),
        matchedDate: null,
        placedDate: known(a.placed),
        adoptionOrderDate: known(a.order),
        reversalDecisionDate: null,
        reversalReason: null,
        ffaPlacementDate: null,
        ...held(a.childId, ['cla']),
      })),
    11: sim.adopters
      .filter((a) => a.enquiry <= on && a.enquiry > plusDays(on, -365))
      .map((a) => ({
        adopterId: a.adopterId,
        familyId: null,
        sex: null,
        ethnicity: null,
        disability: null,
        fosteringForAdoption: null,
        enquiryDate: a.enquiry,
        stage1StartDate: null,
        stage1EndDate: null,
        stage2StartDate: null,
        stage2EndDate: null,
        applicationDate: null,
        approvalDate: known(a.approved),
        matchedDate: null,
        placedDate: null,
        childrenPlaced: null,
        adoptionOrderDate: null,
        leftDate: known(a.left),
        leftReason: a.left !== null && a.left <= on ? ('1' as const) : null,
      })),
  };
}

type ChildFields = ReturnType<typeof childFields>;

/** The child's columns followed by the list's own; Object.assign, as spreading the shared child object is several times slower. */
function withChild<T extends object>(child: ChildFields, rest: T): ChildFields & T {
  return Object.assign({ childId: child.childId, sex: child.sex, ethnicity: child.ethnicity, dateOfBirth: child.dateOfBirth, age: child.age }, rest);
}

function childFields(child: Child | undefined, on: IsoDate) {
  const dob = child?.dateOfBirth ?? null;
  return {
    childId: child?.childId ?? 'unknown',
    sex: child?.sex ?? null,
    ethnicity: child?.ethnicity ?? null,
    dateOfBirth: dob,
    age: dob ? Math.floor((dayNumber(on) - dayNumber(dob)) / 365.25) : null,
  };
}

/** Allocations by child, to say who held a case on a date. */
export class AllocationIndex {
  readonly #byChild = new Map<string, Allocation[]>();
  readonly #teamNames: Map<string, string>;
  readonly #workerNames: Map<string, string>;

  constructor(allocations: readonly Allocation[], workforce: Workforce) {
    this.#teamNames = new Map(workforce.teams.map((t) => [t.teamId, t.name]));
    this.#workerNames = new Map(workforce.workers.map((w) => [w.workerId, w.name]));
    for (const a of allocations) {
      const list = this.#byChild.get(a.childId) ?? [];
      list.push(a);
      this.#byChild.set(a.childId, list);
    }
  }

  heldAt(childId: string, on: IsoDate, types: readonly CaseType[]): { allocatedTeam: string | null; allocatedWorker: string | null } {
    let pick: Allocation | undefined;
    for (const a of this.#byChild.get(childId) ?? []) {
      if (a.teamId === 'T-IRO' || !types.includes(a.caseType) || a.startDate > on || (a.endDate !== null && a.endDate <= on)) continue;
      if (a.workerId !== null) {
        pick = a;
        break;
      }
      pick ??= a;
    }
    if (!pick) return { allocatedTeam: null, allocatedWorker: null };
    return {
      allocatedTeam: this.#teamNames.get(pick.teamId ?? '') ?? null,
      allocatedWorker: pick.workerId ? (this.#workerNames.get(pick.workerId) ?? null) : null,
    };
  }
}
