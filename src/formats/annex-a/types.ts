/**
 * Typed rows of the eleven Ofsted Annex A child-level lists.
 *
 * Conventions shared by every row:
 * - `rowNumber` is the row as the user sees it in the file (1-based, header and title rows counted).
 * - Dates are ISO `YYYY-MM-DD` strings (`IsoDate`) or null.
 * - Coded columns hold a short stable code (e.g. sex `'F'`, legal status `'C2'`), never the
 *   `b) Female` style label; the labels live in the data map (`data-map.ts`).
 * - Yes/No columns are booleans; `Unknown`, blank and unreadable values are null.
 * - Optional values that could not be read are null (the parser reports a warning).
 */
import type { IsoDate } from '../../domain/dates.ts';

export type AnnexAListNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;

/** a) Male, b) Female, c) Not stated/recorded, d) Neither. */
export type SexCode = 'M' | 'F' | 'U' | 'N';

export type EthnicityCode =
  | 'WBRI' | 'WIRI' | 'WIRT' | 'WOTH' | 'WROM'
  | 'MWBC' | 'MWBA' | 'MWAS' | 'MOTH'
  | 'AIND' | 'APKN' | 'ABAN' | 'AOTH'
  | 'BCRB' | 'BAFR' | 'BOTH'
  | 'CHNE' | 'OOTH' | 'REFU' | 'NOBT';

/** Contact and referral source, as in the CIN census (`1A` individual - family ... `10` unknown). */
export type SourceCode =
  | '1A' | '1B' | '1C' | '1D' | '2A' | '2B'
  | '3A' | '3B' | '3C' | '3D' | '3E' | '3F'
  | '4' | '5A' | '5B' | '5C' | '5D' | '6' | '7' | '8' | '9' | '10';

/** Primary need / category of need, N0 (not stated) to N9. */
export type NeedCode = 'N0' | 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'N7' | 'N8' | 'N9';

export type CinClosureReason = 'RC1' | 'RC2' | 'RC3' | 'RC4' | 'RC5' | 'RC6' | 'RC7' | 'RC8' | 'RC9';

/** List 6 case status: a) looked after, b) CP plan, c) CIN plan, d) open assessment, e) closed episode. */
export type CaseStatus = 'CLA' | 'CP' | 'CIN' | 'ASSESSMENT' | 'CLOSED';

/** Category of abuse: neglect, physical, sexual, emotional, multiple. */
export type AbuseCategory = 'NEG' | 'PHY' | 'SAB' | 'EMO' | 'MUL';

export type LegalStatus =
  | 'C1' | 'C2' | 'D1' | 'E1' | 'J1' | 'J2' | 'J3' | 'L1' | 'L2' | 'L3' | 'V2' | 'V3' | 'V4';

export type PermanencePlan =
  | 'RETURN_HOME' | 'ADOPTION' | 'SGO_CAO' | 'SUPPORTED_LIVING' | 'RESIDENTIAL' | 'FOSTERING' | 'OTHER';

export type ReasonCeased =
  | 'E11' | 'E12' | 'E13' | 'E14' | 'E15' | 'E16' | 'E17' | 'E2' | 'E3' | 'E4A' | 'E4B'
  | 'E41' | 'E45' | 'E46' | 'E47' | 'E48' | 'E5' | 'E6' | 'E7' | 'E8' | 'E9' | 'X1';

export type PlacementType =
  | 'U1' | 'U2' | 'U3' | 'U4' | 'U5' | 'U6'
  | 'A3' | 'A4' | 'A5' | 'A6'
  | 'P1' | 'P2' | 'P3' | 'H5' | 'K1' | 'K2'
  | 'R1' | 'R2' | 'R3' | 'R5' | 'S1' | 'Z1'
  | 'T0' | 'T1' | 'T2' | 'T3' | 'T4';

export type PlacementProvider = 'PR0' | 'PR1' | 'PR2' | 'PR3' | 'PR4' | 'PR5';

/** Placement inside or outside the council's boundary. */
export type PlacementLocation = 'IN' | 'OUT';

export type CareLeaverEligibility = 'RELEVANT' | 'FORMER_RELEVANT' | 'QUALIFYING' | 'ELIGIBLE';

/** LA in touch: yes, no, died, refused contact, no longer requires services, returned home. */
export type InTouchCode = 'YES' | 'NO' | 'DIED' | 'REFU' | 'NREQ' | 'RHOM';

/** Care leaver accommodation, SSDA903 letter codes. */
export type AccommodationType =
  | 'B' | 'C' | 'D' | 'E' | 'G' | 'H' | 'K' | 'R' | 'S' | 'T' | 'U' | 'V' | 'W' | 'X' | 'Y' | 'Z';

export type ActivityCode =
  | 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'G4' | 'G5' | 'G6';

/** Why a child is no longer to be placed for adoption. */
export type AdoptionReversalReason = 'RD1' | 'RD2' | 'RD3' | 'RD4';

/** Why an adopter left the process: 1 withdrew, 2 on hold, 3 application refused. */
export type AdopterLeftReason = '1' | '2' | '3';

interface RowBase {
  /** Row number in the file (1-based, header row counted). */
  rowNumber: number;
}

interface ChildFields {
  /** The council's own (pseudonymous) child identifier; never empty. */
  childId: string;
  sex: SexCode | null;
  ethnicity: EthnicityCode | null;
  dateOfBirth: IsoDate | null;
  /** Age in years as given in the file; decimals kept. */
  age: number | null;
}

/** Who held the case at the extract date (lists 3-10). */
interface Allocation {
  allocatedTeam: string | null;
  allocatedWorker: string | null;
}

/** List 1: contacts in the period. */
export interface ContactRow extends RowBase, ChildFields {
  contactDate: IsoDate;
  contactSource: SourceCode | null;
}

/** List 2: early help assessments. */
export interface EarlyHelpRow extends RowBase, ChildFields {
  startDate: IsoDate;
  completionDate: IsoDate | null;
  organisation: string | null;
}

/** List 3: referrals. */
export interface ReferralRow extends RowBase, ChildFields, Allocation {
  referralDate: IsoDate;
  referralSource: SourceCode | null;
  /** Referral closed with no further action. */
  nfa: boolean | null;
  referralsInLast12Months: number | null;
}

/** List 4: social care (continuous) assessments. */
export interface AssessmentRow extends RowBase, ChildFields, Allocation {
  disability: boolean | null;
  startDate: IsoDate;
  childSeen: boolean | null;
  authorisedDate: IsoDate | null;
  /** Was the child assessed as requiring LA children's social care support. */
  requiresSupport: boolean | null;
}

/** List 5: section 47 enquiries and initial child protection conferences. */
export interface S47Row extends RowBase, ChildFields, Allocation {
  disability: boolean | null;
  strategyDate: IsoDate;
  /**
   * True when an ICPC was needed. Annex A asks the opposite question ("Was an ICPC deemed
   * unnecessary?"); the parser and writer invert it so that `true` means a conference is required.
   */
  icpcRequired: boolean | null;
  icpcDate: IsoDate | null;
  icpcOutcomeCpPlan: boolean | null;
  s47sInLast12Months: number | null;
  icpcsInLast12Months: number | null;
}

/** List 6: children in need. */
export interface CinRow extends RowBase, ChildFields, Allocation {
  disability: boolean | null;
  startDate: IsoDate;
  primaryNeed: NeedCode | null;
  lastSeenDate: IsoDate | null;
  closureDate: IsoDate | null;
  closureReason: CinClosureReason | null;
  caseStatus: CaseStatus | null;
}

/** List 7: child protection plans. */
export interface CpRow extends RowBase, ChildFields, Allocation {
  disability: boolean | null;
  startDate: IsoDate;
  initialCategory: AbuseCategory | null;
  latestCategory: AbuseCategory | null;
  lastVisitDate: IsoDate | null;
  seenAlone: boolean | null;
  lastReviewDate: IsoDate | null;
  endDate: IsoDate | null;
  /** Subject to an emergency protection order or police protection in the last six months. */
  emergencyProtectionLast6Months: boolean | null;
  previousPlans: number | null;
}

/** List 8: children in care (looked after). */
export interface ClaRow extends RowBase, ChildFields, Allocation {
  uasc: boolean | null;
  disability: boolean | null;
  startDate: IsoDate;
  categoryOfNeed: NeedCode | null;
  /** Second or subsequent period of care within the last 12 months. */
  subsequentPeriodLast12Months: boolean | null;
  legalStatusStartDate: IsoDate | null;
  legalStatus: LegalStatus | null;
  lastReviewDate: IsoDate | null;
  lastVisitDate: IsoDate | null;
  permanencePlan: PermanencePlan | null;
  lastIroContactDate: IsoDate | null;
  lastHealthAssessmentDate: IsoDate | null;
  lastDentalCheckDate: IsoDate | null;
  placementsLast12Months: number | null;
  endDate: IsoDate | null;
  reasonCeased: ReasonCeased | null;
  placementStartDate: IsoDate | null;
  placementType: PlacementType | null;
  placementProvider: PlacementProvider | null;
  /** Full UK postcode or its outward part (e.g. `T28`), upper case, single space. */
  placementPostcode: string | null;
  placementUrn: string | null;
  placementLocation: PlacementLocation | null;
  placementLa: string | null;
  missingEpisodesLast12Months: number | null;
  absentEpisodesLast12Months: number | null;
  returnInterviewOffered: boolean | null;
  returnInterviewAccepted: boolean | null;
}

/** List 9: care leavers. */
export interface CareLeaverRow extends RowBase, ChildFields, Allocation {
  uasc: boolean | null;
  disability: boolean | null;
  allocatedPersonalAdviser: string | null;
  eligibility: CareLeaverEligibility | null;
  latestPathwayPlanReviewDate: IsoDate | null;
  inTouch: InTouchCode | null;
  latestContactDate: IsoDate | null;
  accommodationType: AccommodationType | null;
  accommodationSuitable: boolean | null;
  activity: ActivityCode | null;
}

/** List 10: children with an adoption decision. */
export interface AdoptionRow extends RowBase, ChildFields, Allocation {
  familyId: string | null;
  disability: boolean | null;
  enteredCareDate: IsoDate | null;
  /** Date of the decision that the child should be placed for adoption (the event date). */
  decisionDate: IsoDate;
  placementOrderDate: IsoDate | null;
  matchedDate: IsoDate | null;
  placedDate: IsoDate | null;
  adoptionOrderDate: IsoDate | null;
  reversalDecisionDate: IsoDate | null;
  reversalReason: AdoptionReversalReason | null;
  ffaPlacementDate: IsoDate | null;
}

/** List 11: adopters. The row is about an adult, so it carries `adopterId`, not `childId`. */
export interface AdopterRow extends RowBase {
  adopterId: string;
  familyId: string | null;
  sex: SexCode | null;
  ethnicity: EthnicityCode | null;
  disability: boolean | null;
  fosteringForAdoption: boolean | null;
  enquiryDate: IsoDate;
  stage1StartDate: IsoDate | null;
  stage1EndDate: IsoDate | null;
  stage2StartDate: IsoDate | null;
  stage2EndDate: IsoDate | null;
  applicationDate: IsoDate | null;
  approvalDate: IsoDate | null;
  matchedDate: IsoDate | null;
  placedDate: IsoDate | null;
  childrenPlaced: number | null;
  adoptionOrderDate: IsoDate | null;
  leftDate: IsoDate | null;
  leftReason: AdopterLeftReason | null;
}

/** Row type per list number. */
export interface AnnexARowMap {
  1: ContactRow;
  2: EarlyHelpRow;
  3: ReferralRow;
  4: AssessmentRow;
  5: S47Row;
  6: CinRow;
  7: CpRow;
  8: ClaRow;
  9: CareLeaverRow;
  10: AdoptionRow;
  11: AdopterRow;
}

/** Rows of every list, keyed by list number: `{ 1: ContactRow[]; 2: EarlyHelpRow[]; ... }`. */
export type AnnexALists = { [N in AnnexAListNumber]: AnnexARowMap[N][] };

/** Any Annex A row. */
export type AnnexARow = AnnexARowMap[AnnexAListNumber];

/** A row of list N without its file position, e.g. for a generator building rows to write. */
export type AnnexARowData<N extends AnnexAListNumber> = Omit<AnnexARowMap[N], 'rowNumber'>;
