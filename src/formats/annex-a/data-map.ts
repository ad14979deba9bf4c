/**
 * The Annex A data map: for each of the eleven lists, its sheet names, canonical columns,
 * accepted header variants, value types and coded vocabularies. The parser reads files with
 * it and the writer writes canonical files from it, so the two always agree.
 *
 * Column names follow the Ofsted Annex A template as published with the inspection framework
 * (ILACS) and as used by the regional data pipelines (Social Finance `liia-tools`).
 */
import type {
  AbuseCategory, AccommodationType, ActivityCode, AdopterLeftReason, AdoptionReversalReason,
  AnnexAListNumber, AnnexARowMap, CareLeaverEligibility, CaseStatus, CinClosureReason, EthnicityCode,
  InTouchCode, LegalStatus, NeedCode, PermanencePlan, PlacementLocation, PlacementProvider,
  PlacementType, ReasonCeased, SexCode, SourceCode,
} from './types.ts';

/**
 * - `id`: identifier text; numbers are written without decimals (`12.0` -> `12`).
 * - `text`: free text, trimmed; `#N/A`, `N/A`, `-` are blank.
 * - `date`: Excel date cell, Excel serial number, `dd/mm/yyyy`, `d/m/yy`, `yyyy-mm-dd`, `16 Sep 2020`.
 * - `integer`: whole number; `12.0` accepted.
 * - `decimal`: any number.
 * - `yesno`: `a) Yes`/`Yes`/`Y`/`TRUE`/`1` and `b) No`/`No`/`N`/`FALSE`/`0`; `Unknown` is blank.
 *   A yes/no column may carry its own vocabulary with codes `Y`, `N` (and `U` for unknown).
 * - `coded`: one of the column's vocabulary, matched with or without its `x) ` prefix.
 * - `postcode`: a full UK postcode or its outward part.
 */
export type ColumnType = 'id' | 'text' | 'date' | 'integer' | 'decimal' | 'yesno' | 'coded' | 'postcode';

export interface VocabularyEntry<C extends string = string> {
  code: C;
  /** The label written in canonical files, as in the Annex A template (`b) Female`). */
  label: string;
  /** Other spellings accepted on import (compared ignoring case, spaces and punctuation). */
  aliases: readonly string[];
}

export type Vocabulary<C extends string = string> = readonly VocabularyEntry<C>[];

export interface ColumnSpec<F extends string = string> {
  /** Header written by the writer and shown to users. */
  header: string;
  field: F;
  type: ColumnType;
  /**
   * A required column must be present for the list to load, and a row whose value in it is
   * blank or unreadable is rejected. Optional columns may be absent; bad values become null.
   */
  required: boolean;
  /** Other headers accepted for this column (compared ignoring case, spaces, quotes, punctuation). */
  variants: readonly string[];
  /** Last-resort header match, tested against the lower-cased header with single spaces. */
  pattern?: RegExp;
  vocabulary?: Vocabulary;
  /** The file holds the negation of the field (S47 "ICPC deemed unnecessary?" -> `icpcRequired`). */
  inverted?: boolean;
}

/** Field names of list N's rows; plain strings when N is not one particular list. */
export type ListField<N extends AnnexAListNumber> = AnnexAListNumber extends N ? string : Extract<keyof AnnexARowMap[N], string>;

export interface ListSpec<N extends AnnexAListNumber = AnnexAListNumber> {
  list: N;
  name: string;
  /** Sheet name written by the writer. */
  sheetName: string;
  /** Sheet or CSV file names that identify the list without a `List N` number. */
  sheetAliases: readonly string[];
  columns: readonly ColumnSpec<ListField<N>>[];
  /** The identifier of the row's subject (a child, or an adopter in list 11). */
  idField: ListField<N>;
  /**
   * The date that starts the event the row records (contact date, referral date, CP plan start...).
   * Null for list 9: a care leaver row is a status at the extract date, not an event.
   */
  startField: ListField<N> | null;
  /** Fields that identify one event across extracts: subject id plus start date (list 9: id only). */
  eventKey: readonly ListField<N>[];
}

function entry<C extends string>(code: C, label: string, ...aliases: string[]): VocabularyEntry<C> {
  return { code, label, aliases };
}

export const YES_NO: Vocabulary<'Y' | 'N' | 'U'> = [
  entry('Y', 'a) Yes', 'Yes', 'Y', 'TRUE', '1'),
  entry('N', 'b) No', 'No', 'N', 'FALSE', '0'),
  entry('U', 'c) Unknown', 'Unknown', 'Not known', 'U', 'Not recorded'),
];

export const SEX: Vocabulary<SexCode> = [
  entry('M', 'a) Male', 'Male', 'M', 'Boy'),
  entry('F', 'b) Female', 'Female', 'F', 'Girl'),
  entry('U', 'c) Not stated/recorded', 'Not stated', 'Not recorded', 'Not known', 'Unknown', 'U', 'Indeterminate'),
  entry('N', 'd) Neither', 'Neither'),
];

export const ETHNICITY: Vocabulary<EthnicityCode> = [
  entry('WBRI', 'a) WBRI', 'White British', 'White - British'),
  entry('WIRI', 'b) WIRI', 'White Irish', 'White - Irish'),
  entry('WIRT', 'c) WIRT', 'Traveller of Irish heritage', 'Traveller of Irish Heritage'),
  entry('WOTH', 'd) WOTH', 'Any other White background', 'White other', 'Other White'),
  entry('WROM', 'e) WROM', 'Gypsy/Roma', 'Gypsy Roma', 'Roma'),
  entry('MWBC', 'f) MWBC', 'White and Black Caribbean'),
  entry('MWBA', 'g) MWBA', 'White and Black African'),
  entry('MWAS', 'h) MWAS', 'White and Asian'),
  entry('MOTH', 'i) MOTH', 'Any other Mixed background', 'Mixed other', 'Other Mixed'),
  entry('AIND', 'j) AIND', 'Indian'),
  entry('APKN', 'k) APKN', 'Pakistani'),
  entry('ABAN', 'l) ABAN', 'Bangladeshi'),
  entry('AOTH', 'm) AOTH', 'Any other Asian background', 'Asian other', 'Other Asian'),
  entry('BCRB', 'n) BCRB', 'Caribbean', 'Black Caribbean'),
  entry('BAFR', 'o) BAFR', 'African', 'Black African'),
  entry('BOTH', 'p) BOTH', 'Any other Black background', 'Black other', 'Other Black'),
  entry('CHNE', 'q) CHNE', 'Chinese'),
  entry('OOTH', 'r) OOTH', 'Any other ethnic group', 'Other ethnic group', 'Other'),
  entry('REFU', 's) REFU', 'Refused', 'Declined'),
  entry('NOBT', 't) NOBT', 'Information not yet obtained', 'Not obtained', 'Not yet obtained'),
];

export const SOURCE: Vocabulary<SourceCode> = [
  entry('1A', 'a) 1A: Individual', 'Individual - family member, relative or carer', 'Family member', 'Relative', 'Carer'),
  entry('1B', 'b) 1B: Individual', 'Individual - acquaintance', 'Acquaintance', 'Neighbour'),
  entry('1C', 'c) 1C: Individual', 'Individual - self', 'Self'),
  entry('1D', 'd) 1D: Individual', 'Individual - other', 'Stranger'),
  entry('2A', 'e) 2A: Schools', 'Schools', 'School'),
  entry('2B', 'f) 2B: Education services', 'Education services', 'Education'),
  entry('3A', 'g) 3A: Health services', 'Health services - GP', 'GP', 'General practitioner'),
  entry('3B', 'h) 3B: Health services', 'Health services - health visitor', 'Health visitor'),
  entry('3C', 'i) 3C: Health services', 'Health services - school nurse', 'School nurse'),
  entry('3D', 'j) 3D: Health services', 'Health services - other primary health services', 'Other primary health services'),
  entry('3E', 'k) 3E: Health services', 'Health services - A&E', 'A&E', 'Accident and emergency'),
  entry('3F', 'l) 3F: Health services', 'Health services - other', 'Other health services', 'Hospice'),
  entry('4', 'm) 4: Housing', 'Housing', 'Housing association'),
  entry('5A', 'n) 5A: LA services', 'LA services - social care', 'Adult social care', 'Social care'),
  entry('5B', 'o) 5B: LA services', 'LA services - other internal', 'Other internal', 'Youth offending'),
  entry('5C', 'p) 5C: LA services', 'LA services - external', 'External', 'Another local authority'),
  entry('5D', 'p1) 5D: LA services', 'LA services - early help', 'Early help'),
  entry('6', 'q) 6: Police', 'Police'),
  entry('7', 'r) 7: Other legal agency', 'Other legal agency', 'Courts', 'Probation', 'CAFCASS', 'Prison'),
  entry('8', 's) 8: Other', 'Other'),
  entry('9', 't) 9: Anonymous', 'Anonymous'),
  entry('10', 'u) 10: Unknown', 'Unknown'),
];

export const NEED: Vocabulary<NeedCode> = [
  entry('N1', 'N1 - Abuse or neglect', 'Abuse or neglect', 'Abuse', 'Neglect'),
  entry('N2', "N2 - Child's disability", "Child's disability", 'Child disability', 'Disability'),
  entry('N3', 'N3 - Parental disability or illness', 'Parental disability or illness', 'Parental illness'),
  entry('N4', 'N4 - Family in acute stress', 'Family in acute stress', 'Acute stress'),
  entry('N5', 'N5 - Family dysfunction', 'Family dysfunction'),
  entry('N6', 'N6 - Socially unacceptable behaviour', 'Socially unacceptable behaviour'),
  entry('N7', 'N7 - Low income', 'Low income'),
  entry('N8', 'N8 - Absent parenting', 'Absent parenting'),
  entry('N9', 'N9 - Cases other than children in need', 'Cases other than children in need'),
  entry('N0', 'N0 - Not stated', 'Not stated'),
];

export const CIN_CLOSURE_REASON: Vocabulary<CinClosureReason> = [
  entry('RC1', 'RC1 - Adopted', 'Adopted'),
  entry('RC2', 'RC2 - Died', 'Died'),
  entry('RC3', 'RC3 - Child arrangements order', 'Child arrangements order', 'Residence order'),
  entry('RC4', 'RC4 - Special guardianship order', 'Special guardianship order', 'SGO'),
  entry('RC5', 'RC5 - Transferred to services of another local authority', 'Transferred to another local authority'),
  entry('RC6', 'RC6 - Transferred to adult social care services', 'Transferred to adult social care'),
  entry('RC7', 'RC7 - Services ceased for any other reason, including child no longer in need', 'Services ceased', 'No longer in need'),
  entry('RC8', 'RC8 - Case closed after assessment, no further action', 'Case closed after assessment, no further action', 'No further action', 'NFA'),
  entry('RC9', 'RC9 - Case closed after assessment, referred to early help', 'Case closed after assessment, referred to early help', 'Referred to early help'),
];

export const CASE_STATUS: Vocabulary<CaseStatus> = [
  entry('CLA', 'a) Looked after child', 'Looked after child', 'Looked after', 'Child in care', 'CLA', 'LAC'),
  entry('CP', 'b) Child Protection plan', 'Child protection plan', 'Child protection', 'CP', 'CPP'),
  entry('CIN', 'c) Child in need plan', 'Child in need plan', 'Child in need', 'CIN'),
  entry('ASSESSMENT', 'd) Open assessment', 'Open assessment', 'Assessment'),
  entry('CLOSED', 'e) Closed episode', 'Closed episode', 'Closed'),
];

export const ABUSE_CATEGORY: Vocabulary<AbuseCategory> = [
  entry('NEG', 'a) Neglect', 'Neglect'),
  entry('PHY', 'b) Physical abuse', 'Physical abuse', 'Physical'),
  entry('SAB', 'c) Sexual abuse', 'Sexual abuse', 'Sexual'),
  entry('EMO', 'd) Emotional abuse', 'Emotional abuse', 'Emotional'),
  entry('MUL', 'e) Multiple/not recommended', 'Multiple/not recommended', 'Multiple', 'Mixed'),
];

export const LEGAL_STATUS: Vocabulary<LegalStatus> = [
  entry('C1', 'C1: ICO', 'ICO', 'Interim care order'),
  entry('C2', 'C2: FCO', 'FCO', 'Full care order', 'Care order'),
  entry('D1', 'D1: Freeing order', 'Freeing order'),
  entry('E1', 'E1: Placement order', 'Placement order'),
  entry('J1', 'J1: Remanded to LA or youth detention', 'Remanded to LA or youth detention', 'Remand'),
  entry('J2', 'J2: LA accommodation under PACE', 'LA accommodation under PACE', 'PACE'),
  entry('J3', 'J3: Youth rehabilitation order', 'Youth rehabilitation order'),
  entry('L1', 'L1: Police protection LA accommodation', 'Police protection LA accommodation', 'Police protection'),
  entry('L2', 'L2: EPO', 'EPO', 'Emergency protection order'),
  entry('L3', 'L3: Child assessment order LA accommodation', 'Child assessment order LA accommodation', 'Child assessment order'),
  entry('V2', 'V2: Single period under S20', 'Single period under S20', 'Section 20', 'S20'),
  entry('V3', 'V3: Short term breaks, episodes recorded', 'Short term breaks, episodes recorded'),
  entry('V4', 'V4: Short term breaks, agreements recorded', 'Short term breaks, agreements recorded'),
];

export const PERMANENCE_PLAN: Vocabulary<PermanencePlan> = [
  entry('RETURN_HOME', 'a) Return to family', 'Return to family', 'Return home'),
  entry('ADOPTION', 'b) Adoption', 'Adoption'),
  entry('SGO_CAO', 'c) SGO/CAO', 'SGO/CAO', 'SGO', 'CAO', 'Special guardianship order'),
  entry('SUPPORTED_LIVING', 'd) Supported living in the community', 'Supported living in the community', 'Supported living'),
  entry('RESIDENTIAL', 'e) Long-term residential placement', 'Long-term residential placement', 'Residential'),
  entry('FOSTERING', 'f) Long-term fostering', 'Long-term fostering', 'Long term fostering', 'Fostering'),
  entry('OTHER', 'g) Other', 'Other'),
];

export const REASON_CEASED: Vocabulary<ReasonCeased> = [
  entry('E11', 'a) E11: Adopted - application unopposed', 'Adopted - application unopposed'),
  entry('E12', 'b) E12: Adopted - consent dispensed', 'Adopted - consent dispensed'),
  entry('E2', 'c) E2: Died', 'Died'),
  entry('E3', 'd) E3: Care taken by another LA', 'Care taken by another LA'),
  entry('E4A', 'e) E4A: Returned home to live with parents or relatives - part of planning', 'Returned home - planned'),
  entry('E4B', 'f) E4B: Returned home to live with parents or relatives - not part of planning', 'Returned home - unplanned'),
  entry('E13', 'g) E13: Parents, relatives or other with no parental responsibility'),
  entry('E41', 'h) E41: Residence order granted', 'Residence order granted', 'Child arrangements order granted'),
  entry('E45', 'i) E45: Special Guardianship Orders - former carer relative/friend'),
  entry('E46', 'j) E46: Special Guardianship Orders - former carer other', 'E43'),
  entry('E47', 'k) E47: Special Guardianship Orders - relative/friend'),
  entry('E48', 'l) E48: Special Guardianship Orders - other', 'E44'),
  entry('E5', 'm) E5: Moved into independent living - supported', 'Moved into independent living - supported'),
  entry('E6', 'n) E6: Moved into independent living - no support', 'Moved into independent living - no support'),
  entry('E7', 'o) E7: Transferred to residential care funded by adult social services'),
  entry('E9', 'p) E9: Sentenced to custody', 'Sentenced to custody'),
  entry('E14', 'q) E14: Accommodation on remand ended', 'Accommodation on remand ended'),
  entry('E15', 'r) E15: Age assessment determined child was 18 or over'),
  entry('E16', 's) E16: Child moved abroad', 'Child moved abroad'),
  entry('E8', 't) E8: Care ceased for any other reason', 'Care ceased for any other reason'),
  entry('X1', 'u) X1: CodeError', 'CodeError'),
  entry('E17', 'v) E17: Aged 18+ and remained with current carers', 'Aged 18+ and remained with current carers', 'Staying put'),
];

export const PLACEMENT_TYPE: Vocabulary<PlacementType> = [
  entry('U1', 'a) U1: Foster placement - relatives - long term'),
  entry('U2', 'b) U2: Foster placement - relative - FFA'),
  entry('U3', 'c) U3: Foster placement - relative - not FFA'),
  entry('U4', 'd) U4: Foster placement - long term'),
  entry('U5', 'e) U5: Foster placement - FFA'),
  entry('U6', 'f) U6: Foster placement - not FFA'),
  entry('A3', 'g) A3: Placed for adoption - consent - current foster'),
  entry('A4', 'h) A4: Placed for adoption - consent - not foster'),
  entry('A5', 'i) A5: Placed for adoption - order - foster'),
  entry('A6', 'j) A6: Placed for adoption - order - not foster'),
  entry('P1', 'k) P1: Placed with parents', 'Placed with parents'),
  entry('P2', 'l) P2: Independent living', 'Independent living'),
  entry('P3', 'm) P3: Residential employment', 'Residential employment'),
  entry('H5', 'n) H5: Residential accommodation', 'Semi-independent living', 'Residential accommodation'),
  entry('K1', "o) K1: Secure Children's Homes", "Secure children's home", 'Secure childrens home'),
  entry('K2', "p) K2: Children's Homes", "Children's home", 'Childrens home'),
  entry('R1', 'q) R1: Residential Care Home', 'Residential care home'),
  entry('R2', 'r) R2: NHS/Health Trust', 'NHS/Health Trust'),
  entry('R3', 's) R3: Family Centre or Mother and Baby Unit', 'Family centre', 'Mother and baby unit'),
  entry('R5', 't) R5: Young Offender Institution', 'Young offender institution', 'YOI'),
  entry('S1', 'u) S1: Residential school', 'Residential school'),
  entry('Z1', 'v) Z1: Other placements', 'Other placements'),
  entry('T0', 'w) T0: Temporary placement', 'Temporary placement'),
  entry('T1', 'x) T1: Temporary placement - hospital'),
  entry('T2', 'y) T2: Temporary placement - holiday'),
  entry('T3', 'z) T3: Temporary placement - carer holiday'),
  entry('T4', 'zz) T4: Temporary placement - seven days or less'),
];

export const PLACEMENT_PROVIDER: Vocabulary<PlacementProvider> = [
  entry('PR0', 'a) PR0 - Parents/Parental responsibility', 'Parents', 'Parental responsibility'),
  entry('PR1', 'b) PR1 - Own provision', 'Own provision'),
  entry('PR2', 'c) PR2 - Other LA provision', 'Other LA provision'),
  entry('PR3', 'd) PR3 - Other public provision', 'Other public provision'),
  entry('PR4', 'e) PR4 - Private provision', 'Private provision', 'Private'),
  entry('PR5', 'f) PR5 - Voluntary/third sector', 'Voluntary/third sector', 'Voluntary', 'Third sector'),
];

export const PLACEMENT_LOCATION: Vocabulary<PlacementLocation> = [
  entry('IN', 'a) In', 'In', 'Inside', 'In area', 'Inside LA boundary'),
  entry('OUT', 'b) Out', 'Out', 'Outside', 'Out of area', 'Outside LA boundary'),
];

export const ELIGIBILITY: Vocabulary<CareLeaverEligibility> = [
  entry('RELEVANT', 'a) Relevant child', 'Relevant child', 'Relevant'),
  entry('FORMER_RELEVANT', 'b) Former relevant child', 'Former relevant child', 'Former relevant'),
  entry('QUALIFYING', 'c) Qualifying care leaver', 'Qualifying care leaver', 'Qualifying'),
  entry('ELIGIBLE', 'd) Eligible child', 'Eligible child', 'Eligible'),
];

export const IN_TOUCH: Vocabulary<InTouchCode> = [
  entry('YES', 'a) Yes', 'Yes', 'Y', 'In touch'),
  entry('NO', 'b) No', 'No', 'N', 'Not in touch'),
  entry('DIED', 'c) Died', 'Died', 'DIED'),
  entry('REFU', 'd) Refu', 'Refu', 'Refused'),
  entry('NREQ', 'e) NREQ', 'NREQ', 'No longer requires services'),
  entry('RHOM', 'f) Rhom', 'Rhom', 'Returned home'),
];

export const ACCOMMODATION_TYPE: Vocabulary<AccommodationType> = [
  entry('B', 'B: Parents/relatives', 'Parents/relatives', 'With parents or relatives'),
  entry('C', 'C: Community home/residential care', 'Community home/residential care', 'Community home'),
  entry('D', 'D: Semi-independent, transitional accommodation and self-contained accommodation', 'Semi-independent', 'Transitional accommodation'),
  entry('E', 'E: Supported lodgings', 'Supported lodgings'),
  entry('G', 'G: Abroad', 'Abroad'),
  entry('H', 'H: Deported', 'Deported'),
  entry('K', 'K: Ordinary lodgings, without formal support', 'Ordinary lodgings'),
  entry('R', 'R: Residence not known', 'Residence not known', 'Not known'),
  entry('S', 'S: No fixed abode/homeless', 'No fixed abode/homeless', 'S: No fixed adobe/homeless', 'No fixed abode', 'Homeless'),
  entry('T', 'T: Foyers and similar supported accommodation', 'Foyers and similar supported accommodation', 'Foyer'),
  entry('U', 'U: Independent living', 'Independent living'),
  entry('V', 'V: Emergency accommodation', 'Emergency accommodation'),
  entry('W', 'W: Bed and breakfast', 'Bed and breakfast', 'B&B'),
  entry('X', 'X: In custody', 'In custody', 'Custody'),
  entry('Y', 'Y: Other accommodation', 'Other accommodation', 'Other'),
  entry('Z', 'Z: With former foster carers', 'With former foster carers', 'Former foster carers', 'Staying put'),
];

export const SUITABILITY: Vocabulary<'Y' | 'N'> = [
  entry('Y', 'a) Suitable', 'Suitable', 'Yes', 'Y'),
  entry('N', 'b) Unsuitable', 'Unsuitable', 'Not suitable', 'No', 'N'),
];

export const ACTIVITY: Vocabulary<ActivityCode> = [
  entry('F1', 'F1: Full time in higher education'),
  entry('P1', 'P1: Part time in higher education'),
  entry('F2', 'F2: Full time in education other than higher'),
  entry('P2', 'P2: Part time in education other than higher'),
  entry('F3', 'F3: Full time in training or employment'),
  entry('P3', 'P3: Part time in training or employment'),
  entry('F4', 'F4: Young person engaged full time in an apprenticeship'),
  entry('P4', 'P4: Young person engaged part time in an apprenticeship'),
  entry('F5', 'F5: Young person engaged full time in training or employment (not apprenticeship)'),
  entry('P5', 'P5: Young person engaged part time in training or employment (not apprenticeship)'),
  entry('G4', 'G4: Not in education, employment or training - illness or disability'),
  entry('G5', 'G5: Not in education, employment or training - other'),
  entry('G6', 'G6: Not in education, employment or training - pregnancy or parenting'),
];

export const ADOPTION_REVERSAL_REASON: Vocabulary<AdoptionReversalReason> = [
  entry('RD1', 'RD1 - The child’s needs changed subsequent to the decision', "Child's needs changed"),
  entry('RD2', 'RD2 - The Court did not make a placement order', 'Court did not make a placement order'),
  entry('RD3', 'RD3 - Prospective adopters could not be found', 'Prospective adopters could not be found'),
  entry('RD4', 'RD4 - Any other reason', 'Any other reason'),
];

export const ADOPTER_LEFT_REASON: Vocabulary<AdopterLeftReason> = [
  entry('1', '1 - Adopter withdrew from process', 'Adopter withdrew from process', 'Withdrew'),
  entry('2', '2 - Process put on hold', 'Process put on hold', 'On hold'),
  entry('3', '3 - Application refused', 'Application refused', 'Refused'),
];

type Field<N extends AnnexAListNumber> = ListField<N>;

function col<F extends string>(
  header: string,
  field: F,
  type: ColumnType,
  opts: { required?: boolean; variants?: string[]; pattern?: RegExp; vocabulary?: Vocabulary; inverted?: boolean } = {},
): ColumnSpec<F> {
  return {
    header,
    field,
    type,
    required: opts.required ?? false,
    variants: opts.variants ?? [],
    ...(opts.pattern ? { pattern: opts.pattern } : {}),
    ...(opts.vocabulary ? { vocabulary: opts.vocabulary } : {}),
    ...(opts.inverted ? { inverted: true } : {}),
  };
}

const coded = (vocabulary: Vocabulary) => ({ vocabulary });

function childColumns<N extends Exclude<AnnexAListNumber, 11>>(): ColumnSpec<Field<N>>[] {
  return [
    col('Child Unique ID', 'childId' as Field<N>, 'id', {
      required: true,
      variants: ['Child ID', 'Child Unique Identifier', 'Unique Child ID', 'Child Identifier', 'ChildID', 'Child Unique Reference', 'UPN/Child ID'],
      pattern: /^child.*\bid\b|^child unique/,
    }),
    col('Gender', 'sex' as Field<N>, 'coded', { variants: ['Sex', 'Gender/Sex', 'Sex/Gender'], ...coded(SEX) }),
    col('Ethnicity', 'ethnicity' as Field<N>, 'coded', { variants: ['Ethnic Origin', 'Ethnic Group', 'Ethnicity Code'], ...coded(ETHNICITY) }),
    col('Date of Birth', 'dateOfBirth' as Field<N>, 'date', { variants: ['DOB', 'Birth Date', 'Date Of Birth (DOB)'] }),
    col('Age of Child (Years)', 'age' as Field<N>, 'decimal', { variants: ['Age', 'Age (Years)', 'Age of Child', 'Age in Years', 'Child Age'] }),
  ];
}

function allocationColumns<N extends Exclude<AnnexAListNumber, 1 | 2 | 11>>(): ColumnSpec<Field<N>>[] {
  return [
    col('Allocated Team', 'allocatedTeam' as Field<N>, 'text', { variants: ['Team', 'Allocated Team Name', 'Team Name'] }),
    col('Allocated Worker', 'allocatedWorker' as Field<N>, 'text', {
      variants: ['Worker', 'Allocated Social Worker', 'Allocated Worker Name', 'Social Worker', 'Worker Name'],
    }),
  ];
}

const disability = <N extends AnnexAListNumber>() =>
  col('Does the Child have a Disability', 'disability' as Field<N>, 'yesno', {
    variants: ['Disability', 'Disabled', 'Does the child have a disability?', 'Child has a disability'],
  });

const list1: ListSpec<1> = {
  list: 1,
  name: 'Contacts',
  sheetName: 'List 1',
  sheetAliases: ['Contacts', 'Contact'],
  idField: 'childId',
  startField: 'contactDate',
  eventKey: ['childId', 'contactDate'],
  columns: [
    ...childColumns<1>(),
    col('Date of Contact', 'contactDate', 'date', { required: true, variants: ['Contact Date'], pattern: /date.*contact/ }),
    col('Contact Source', 'contactSource', 'coded', { variants: ['Source of Contact'], pattern: /contact.*source/, ...coded(SOURCE) }),
  ],
};

const list2: ListSpec<2> = {
  list: 2,
  name: 'Early help assessments',
  sheetName: 'List 2',
  sheetAliases: ['Early Help', 'Early Help Assessments', 'EHA', 'Early Help Assessment'],
  idField: 'childId',
  startField: 'startDate',
  eventKey: ['childId', 'startDate'],
  columns: [
    ...childColumns<2>(),
    col('Assessment start date', 'startDate', 'date', {
      required: true,
      variants: ['Early Help Assessment Start Date', 'EHA Start Date', 'Start Date'],
    }),
    col('Assessment completion date', 'completionDate', 'date', {
      variants: ['Early Help Assessment Completion Date', 'EHA Completion Date', 'Completion Date', 'Assessment end date'],
    }),
    col('Organisation completing assessment', 'organisation', 'text', { variants: ['Organisation', 'Completing Organisation'] }),
  ],
};

const list3: ListSpec<3> = {
  list: 3,
  name: 'Referrals',
  sheetName: 'List 3',
  sheetAliases: ['Referrals', 'Referral'],
  idField: 'childId',
  startField: 'referralDate',
  eventKey: ['childId', 'referralDate'],
  columns: [
    ...childColumns<3>(),
    col('Date of Referral', 'referralDate', 'date', { required: true, variants: ['Referral Date'], pattern: /date.*referral/ }),
    col('Referral Source', 'referralSource', 'coded', { variants: ['Source of Referral'], pattern: /referral.*source/, ...coded(SOURCE) }),
    col('Referral NFA?', 'nfa', 'yesno', { variants: ['Referral NFA', 'NFA', 'Referral No Further Action'] }),
    col('Number of Referrals in Last 12 Months', 'referralsInLast12Months', 'integer', {
      variants: ['Referrals in Last 12 Months', 'Number of Referrals in the Last 12 Months', 'Number of previous referrals in last 12 months'],
    }),
    ...allocationColumns<3>(),
  ],
};

const list4: ListSpec<4> = {
  list: 4,
  name: 'Assessments',
  sheetName: 'List 4',
  sheetAliases: ['Assessments', 'Assessment', 'Social Care Assessments'],
  idField: 'childId',
  startField: 'startDate',
  eventKey: ['childId', 'startDate'],
  columns: [
    ...childColumns<4>(),
    disability<4>(),
    col('Continuous Assessment Start Date', 'startDate', 'date', { required: true, variants: ['Assessment Start Date', 'Start Date'] }),
    col('Child Seen During Continuous Assessment', 'childSeen', 'yesno', { variants: ['Child Seen', 'Child Seen During Assessment'] }),
    col('Continuous Assessment Date of Authorisation', 'authorisedDate', 'date', {
      variants: ['Assessment Authorisation Date', 'Date of Authorisation', 'Assessment Completion Date', 'Authorisation Date'],
    }),
    col("Was the child assessed as requiring LA children's social care support?", 'requiresSupport', 'yesno', {
      variants: ['Requires Social Care Support', 'Assessed as requiring support'],
      pattern: /assessed as requiring/,
    }),
    ...allocationColumns<4>(),
  ],
};

const list5: ListSpec<5> = {
  list: 5,
  name: 'Section 47 enquiries and ICPCs',
  sheetName: 'List 5',
  sheetAliases: ['Section 47', 'S47', 'Section 47 Enquiries', 'S47 Enquiries', 'S47 and ICPC', 'Section 47 and ICPC', 'ICPC'],
  idField: 'childId',
  startField: 'strategyDate',
  eventKey: ['childId', 'strategyDate'],
  columns: [
    ...childColumns<5>(),
    disability<5>(),
    col('Strategy discussion initiating Section 47 Enquiry Start Date', 'strategyDate', 'date', {
      required: true,
      variants: ['Strategy Discussion Date', 'Section 47 Start Date', 'S47 Start Date', 'Section 47 Enquiry Start Date', 'Date of Strategy Discussion'],
      pattern: /strategy discussion|section 47 enquiry start/,
    }),
    col('Was an Initial Child Protection Conference deemed unnecessary?', 'icpcRequired', 'yesno', {
      variants: ['ICPC deemed unnecessary', 'ICPC Not Required'],
      pattern: /deemed unnecessary/,
      inverted: true,
    }),
    col('Date of Initial Child Protection Conference', 'icpcDate', 'date', { variants: ['ICPC Date', 'Date of ICPC'] }),
    col('Did the Initial Child Protection Conference Result in a Child Protection Plan', 'icpcOutcomeCpPlan', 'yesno', {
      variants: ['ICPC Resulted in CP Plan', 'ICPC Outcome', 'Did the ICPC result in a CP plan'],
      pattern: /result in a child protection plan/,
    }),
    col('Number of Section 47 Enquiries in the last 12 months', 's47sInLast12Months', 'integer', {
      variants: ['Number of S47 Enquiries in the last 12 months', 'S47s in Last 12 Months'],
    }),
    col('Number of ICPCs in the last 12 months', 'icpcsInLast12Months', 'integer', {
      variants: ['ICPCs in Last 12 Months', 'Number of Initial Child Protection Conferences in the last 12 months'],
    }),
    ...allocationColumns<5>(),
  ],
};

const list6: ListSpec<6> = {
  list: 6,
  name: 'Children in need',
  sheetName: 'List 6',
  sheetAliases: ['Children in Need', 'Child in Need', 'CIN', 'CiN'],
  idField: 'childId',
  startField: 'startDate',
  eventKey: ['childId', 'startDate'],
  columns: [
    ...childColumns<6>(),
    disability<6>(),
    col('CIN Start Date', 'startDate', 'date', { required: true, variants: ['Child in Need Start Date', 'CIN Episode Start Date', 'Start Date'] }),
    col('Primary Need Code', 'primaryNeed', 'coded', { variants: ['Primary Need', 'Category of Need', 'Primary Need Category'], ...coded(NEED) }),
    col('Date Child Was Last Seen', 'lastSeenDate', 'date', { variants: ['Date Last Seen', 'Last Seen Date', 'Date of Last Visit'] }),
    col('CIN Closure Date', 'closureDate', 'date', { variants: ['Child in Need Closure Date', 'Closure Date', 'CIN End Date', 'End Date'] }),
    col('Reason for Closure', 'closureReason', 'coded', { variants: ['Closure Reason', 'CIN Closure Reason'], ...coded(CIN_CLOSURE_REASON) }),
    col('Case Status', 'caseStatus', 'coded', { variants: ['Status'], ...coded(CASE_STATUS) }),
    ...allocationColumns<6>(),
  ],
};

const list7: ListSpec<7> = {
  list: 7,
  name: 'Child protection',
  sheetName: 'List 7',
  sheetAliases: ['Child Protection', 'CP', 'CP Plans', 'Child Protection Plans', 'CPP'],
  idField: 'childId',
  startField: 'startDate',
  eventKey: ['childId', 'startDate'],
  columns: [
    ...childColumns<7>(),
    disability<7>(),
    col('Child Protection Plan Start Date', 'startDate', 'date', { required: true, variants: ['CP Plan Start Date', 'CPP Start Date', 'Plan Start Date', 'Start Date'] }),
    col('Initial Category of Abuse', 'initialCategory', 'coded', { variants: ['Initial Category', 'Initial Category of Abuse or Neglect'], ...coded(ABUSE_CATEGORY) }),
    col('Latest Category of Abuse', 'latestCategory', 'coded', { variants: ['Latest Category', 'Latest Category of Abuse or Neglect'], ...coded(ABUSE_CATEGORY) }),
    col('Date of the Last Statutory Visit', 'lastVisitDate', 'date', { variants: ['Date of Last Statutory Visit', 'Last Statutory Visit', 'Last Visit Date'] }),
    col('Was the Child Seen Alone?', 'seenAlone', 'yesno', { variants: ['Seen Alone', 'Child Seen Alone'] }),
    col('Date of latest review conference', 'lastReviewDate', 'date', { variants: ['Latest Review Conference', 'Date of Last Review Conference', 'Last Review Date'] }),
    col('Child Protection Plan End Date', 'endDate', 'date', { variants: ['CP Plan End Date', 'CPP End Date', 'Plan End Date', 'End Date'] }),
    col('Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)', 'emergencyProtectionLast6Months', 'yesno', {
      variants: ['EPO or Police Protection in Last Six Months'],
      pattern: /emergency protection order/,
    }),
    col('Number of Previous Child Protection Plans', 'previousPlans', 'integer', { variants: ['Previous CP Plans', 'Number of Previous CP Plans'] }),
    ...allocationColumns<7>(),
  ],
};

const list8: ListSpec<8> = {
  list: 8,
  name: 'Children in care',
  sheetName: 'List 8',
  sheetAliases: ['Children in Care', 'Child in Care', 'Looked After Children', 'Looked After', 'CLA', 'LAC', 'CiC'],
  idField: 'childId',
  startField: 'startDate',
  eventKey: ['childId', 'startDate'],
  columns: [
    ...childColumns<8>(),
    col('Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)', 'uasc', 'yesno', {
      variants: ['UASC', 'Unaccompanied Asylum Seeking Child'],
      pattern: /unaccompanied asylum/,
    }),
    disability<8>(),
    col('Date Started to be Looked After', 'startDate', 'date', {
      required: true,
      variants: ['Date Started Looked After', 'CLA Start Date', 'Date Entered Care', 'Period of Care Start Date', 'Start Date'],
    }),
    col("Child's Category of Need", 'categoryOfNeed', 'coded', { variants: ['Category of Need', 'CIN Category of Need'], ...coded(NEED) }),
    col('Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)', 'subsequentPeriodLast12Months', 'yesno', {
      variants: ['Second or Subsequent Period'],
      pattern: /second or subsequent/,
    }),
    col('Start date of current legal status', 'legalStatusStartDate', 'date', { variants: ['Legal Status Start Date'] }),
    col("Child's Legal Status", 'legalStatus', 'coded', { variants: ['Legal Status', 'Current Legal Status'], ...coded(LEGAL_STATUS) }),
    col('Date of Latest Statutory Review', 'lastReviewDate', 'date', { variants: ['Latest Statutory Review', 'Last Review Date', 'Date of Last Statutory Review'] }),
    col('Date of Last Social Work Visit', 'lastVisitDate', 'date', { variants: ['Last Social Work Visit', 'Last Visit Date', 'Date of Last Statutory Visit'] }),
    col('What is the permanence plan for this child?', 'permanencePlan', 'coded', { variants: ['Permanence Plan'], ...coded(PERMANENCE_PLAN) }),
    col('Date of Last IRO Visit / Contact to the Child', 'lastIroContactDate', 'date', { variants: ['Last IRO Visit', 'Date of Last IRO Visit', 'Last IRO Contact'], pattern: /last iro/ }),
    col('Date of Last Health Assessment', 'lastHealthAssessmentDate', 'date', { variants: ['Last Health Assessment', 'Health Assessment Date'] }),
    col('Date of Last Dental Check', 'lastDentalCheckDate', 'date', { variants: ['Last Dental Check', 'Dental Check Date'] }),
    col('Number of Placements in the Last 12 months', 'placementsLast12Months', 'integer', { variants: ['Placements in Last 12 Months', 'Number of Placements'] }),
    col('Date Ceased to be Looked After', 'endDate', 'date', { variants: ['Date Ceased Looked After', 'CLA End Date', 'Date Left Care', 'End Date'] }),
    col('Reason Ceased to be Looked After', 'reasonCeased', 'coded', { variants: ['Reason Ceased', 'Reason Episode Ceased', 'Reason for Leaving Care'], ...coded(REASON_CEASED) }),
    col('Start Date of Most Recent Placement', 'placementStartDate', 'date', { variants: ['Placement Start Date', 'Current Placement Start Date'] }),
    col('Placement Type', 'placementType', 'coded', { variants: ['Type of Placement'], ...coded(PLACEMENT_TYPE) }),
    col('Placement Provider', 'placementProvider', 'coded', { variants: ['Provider'], ...coded(PLACEMENT_PROVIDER) }),
    col('Placement postcode', 'placementPostcode', 'postcode', { variants: ['Postcode of Placement', 'Placement Post Code'] }),
    col('URN of Placement', 'placementUrn', 'text', { variants: ['Placement URN', 'URN', 'Ofsted URN'] }),
    col('Placement Location', 'placementLocation', 'coded', { variants: ['Location of Placement', 'In/Out of Area'], ...coded(PLACEMENT_LOCATION) }),
    col('LA of Placement', 'placementLa', 'text', { variants: ['Placement LA', 'Placing Authority', 'Local Authority of Placement'] }),
    col("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months", 'missingEpisodesLast12Months', 'integer', {
      variants: ['Missing Episodes in Last 12 Months'],
      pattern: /episodes.*missing/,
    }),
    col("Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months", 'absentEpisodesLast12Months', 'integer', {
      variants: ['Absent Episodes in Last 12 Months'],
      pattern: /episodes.*absent/,
    }),
    col('Was the child offered a Return Interview after their last missing episode (Y/N)?', 'returnInterviewOffered', 'yesno', {
      variants: ['Return Interview Offered'],
      pattern: /offered a return interview/,
    }),
    col('Did the child accept a Return Interview after their last missing episode (Y/N)?', 'returnInterviewAccepted', 'yesno', {
      variants: ['Return Interview Accepted'],
      pattern: /accept a return interview/,
    }),
    ...allocationColumns<8>(),
  ],
};

const list9: ListSpec<9> = {
  list: 9,
  name: 'Care leavers',
  sheetName: 'List 9',
  sheetAliases: ['Care Leavers', 'Care Leaver', 'Leaving Care'],
  idField: 'childId',
  startField: null,
  eventKey: ['childId'],
  columns: [
    ...childColumns<9>(),
    col('Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)', 'uasc', 'yesno', {
      variants: ['UASC', 'Unaccompanied Asylum Seeking Child'],
      pattern: /unaccompanied asylum/,
    }),
    disability<9>(),
    ...allocationColumns<9>(),
    col('Allocated Personal Adviser', 'allocatedPersonalAdviser', 'text', {
      variants: ['Allocated Personal Advisor', 'Personal Adviser', 'Personal Advisor', 'PA'],
    }),
    col('Eligibility Category', 'eligibility', 'coded', { variants: ['Eligibility', 'Care Leaver Eligibility'], ...coded(ELIGIBILITY) }),
    col('Latest Pathway Plan Review Date', 'latestPathwayPlanReviewDate', 'date', { variants: ['Pathway Plan Review Date', 'Date of Latest Pathway Plan Review'] }),
    col('LA in Touch', 'inTouch', 'coded', { variants: ['In Touch', 'LA in Touch with Care Leaver'], ...coded(IN_TOUCH) }),
    col('Latest Date of Contact', 'latestContactDate', 'date', { variants: ['Date of Latest Contact', 'Last Contact Date'] }),
    col('Type of Accommodation', 'accommodationType', 'coded', { variants: ['Accommodation Type', 'Accommodation'], ...coded(ACCOMMODATION_TYPE) }),
    col('Suitability of Accommodation', 'accommodationSuitable', 'yesno', { variants: ['Accommodation Suitable', 'Suitable Accommodation', 'Accommodation Suitability'], ...coded(SUITABILITY) }),
    col('Activity Status', 'activity', 'coded', { variants: ['Activity', 'Main Activity', 'Education, Employment or Training'], ...coded(ACTIVITY) }),
  ],
};

const list10: ListSpec<10> = {
  list: 10,
  name: 'Adoption',
  sheetName: 'List 10',
  sheetAliases: ['Adoption', 'Adoptions', 'Children with Adoption Decision'],
  idField: 'childId',
  startField: 'decisionDate',
  eventKey: ['childId', 'decisionDate'],
  columns: [
    ...childColumns<10>(),
    col('Family identifier', 'familyId', 'id', { variants: ['Family ID', 'Family Identifier Number'] }),
    disability<10>(),
    col('Date the Child Entered Care', 'enteredCareDate', 'date', { variants: ['Date Entered Care', 'Date Child Entered Care'] }),
    col('Date of Decision that Child Should be Placed for Adoption', 'decisionDate', 'date', {
      required: true,
      variants: ['ADM Decision Date', 'Date of Decision to Place for Adoption', 'Should be Placed for Adoption Decision Date'],
      pattern: /decision that (the )?child should be placed/,
    }),
    col('Date of Placement Order', 'placementOrderDate', 'date', { variants: ['Placement Order Date'] }),
    col('Date of Matching Child and Prospective Adopters', 'matchedDate', 'date', { variants: ['Date Matched', 'Matching Date', 'Date of Matching'] }),
    col('Date Placed for Adoption', 'placedDate', 'date', { variants: ['Placed for Adoption Date', 'Date of Placement for Adoption'] }),
    col('Date of Adoption Order', 'adoptionOrderDate', 'date', { variants: ['Adoption Order Date'] }),
    col('Date of Decision that Child Should No Longer be Placed for Adoption', 'reversalDecisionDate', 'date', {
      variants: ['Date of Decision No Longer Placed for Adoption'],
      pattern: /no longer be placed/,
    }),
    col('Reason Why Child No Longer Placed for Adoption', 'reversalReason', 'coded', {
      variants: ['Reason No Longer Placed for Adoption'],
      pattern: /reason.*no longer placed/,
      ...coded(ADOPTION_REVERSAL_REASON),
    }),
    col('Date the child was placed for fostering in FFA or concurrent planning placement', 'ffaPlacementDate', 'date', {
      variants: ['FFA Placement Date', 'Date Placed in FFA'],
      pattern: /ffa or concurrent/,
    }),
    ...allocationColumns<10>(),
  ],
};

const list11: ListSpec<11> = {
  list: 11,
  name: 'Adopters',
  sheetName: 'List 11',
  sheetAliases: ['Adopters', 'Adopter', 'Prospective Adopters'],
  idField: 'adopterId',
  startField: 'enquiryDate',
  eventKey: ['adopterId', 'enquiryDate'],
  columns: [
    col('Individual adopter identifier', 'adopterId', 'id', { required: true, variants: ['Adopter ID', 'Adopter Identifier', 'Individual Adopter ID'] }),
    col('Family identifier', 'familyId', 'id', { variants: ['Family ID', 'Family Identifier Number'] }),
    col('Gender', 'sex', 'coded', { variants: ['Sex'], ...coded(SEX) }),
    col('Ethnicity', 'ethnicity', 'coded', { variants: ['Ethnic Origin', 'Ethnic Group'], ...coded(ETHNICITY) }),
    col('Disability', 'disability', 'yesno', { variants: ['Does the Adopter have a Disability', 'Disabled'] }),
    col('Is the (prospective) adopter fostering for adoption?', 'fosteringForAdoption', 'yesno', { variants: ['Fostering for Adoption', 'FFA'] }),
    col('Date enquiry received', 'enquiryDate', 'date', { required: true, variants: ['Enquiry Date', 'Date of Enquiry'] }),
    col('Date Stage 1 started', 'stage1StartDate', 'date', { variants: ['Stage 1 Start Date'] }),
    col('Date Stage 1 ended', 'stage1EndDate', 'date', { variants: ['Stage 1 End Date'] }),
    col('Date Stage 2 started', 'stage2StartDate', 'date', { variants: ['Stage 2 Start Date'] }),
    col('Date Stage 2 ended', 'stage2EndDate', 'date', { variants: ['Stage 2 End Date'] }),
    col('Date application submitted', 'applicationDate', 'date', { variants: ['Application Date', 'Application Submitted Date'] }),
    col('Date application approved', 'approvalDate', 'date', { variants: ['Approval Date', 'Date Approved'] }),
    col('Date adopter matched with child(ren)', 'matchedDate', 'date', { variants: ['Date Matched', 'Matching Date'] }),
    col('Date child/children placed with adopter(s)', 'placedDate', 'date', { variants: ['Date Placed', 'Placement Date'] }),
    col('No. of children placed', 'childrenPlaced', 'integer', { variants: ['Number of Children Placed', 'Children Placed'] }),
    col('Date of Adoption Order', 'adoptionOrderDate', 'date', { variants: ['Adoption Order Date'] }),
    col('Date of leaving adoption process', 'leftDate', 'date', { variants: ['Date Left Adoption Process', 'Date Left Process'] }),
    col('Reason for leaving adoption process', 'leftReason', 'coded', { variants: ['Reason Left Adoption Process', 'Reason for Leaving'], ...coded(ADOPTER_LEFT_REASON) }),
  ],
};

/** The eleven lists, keyed by list number. */
export const ANNEX_A_LISTS: { readonly [N in AnnexAListNumber]: ListSpec<N> } = {
  1: list1, 2: list2, 3: list3, 4: list4, 5: list5, 6: list6, 7: list7, 8: list8, 9: list9, 10: list10, 11: list11,
};

export const ANNEX_A_LIST_NUMBERS: readonly AnnexAListNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

export function isAnnexAListNumber(n: number): n is AnnexAListNumber {
  return Number.isInteger(n) && n >= 1 && n <= 11;
}

/** The spec of list N, typed loosely for code that walks every list. */
export function listSpec(list: AnnexAListNumber): ListSpec {
  return ANNEX_A_LISTS[list] as unknown as ListSpec;
}

/**
 * Header comparison key: case, spacing (including non-breaking), curly quotes, a trailing
 * `(Y/N)` and all punctuation are ignored, so `Child's Legal Status`, `CHILD’S LEGAL STATUS`
 * and `Childs legal status (Y/N))` compare equal.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(\s*y\s*\/\s*n\s*\)+/g, ' ')
    .replace(/[^a-z0-9]+/g, '');
}

/** Lower-cased header with single spaces and straight quotes, for the columns' `pattern`s. */
export function headerText(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Vocabulary comparison key: as `headerKey` but keeps `&` and `+` which carry meaning in codes. */
export function vocabularyKey(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z0-9&+]+/g, '');
}

/**
 * The list number a sheet or CSV file name stands for: `List 1`, `List1`, `list_1`,
 * `L1 Contacts`, `List 1 - Contacts`, `Annex A List 1`, or a list alias such as `Referrals`.
 */
export function listFromSheetName(name: string): AnnexAListNumber | null {
  const text = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_\-–—:.()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const numbered = /^(?:annex ?a )?(?:list|l) ?0?(\d{1,2})(?!\d)/.exec(text);
  if (numbered) {
    const n = Number(numbered[1]);
    return isAnnexAListNumber(n) ? n : null;
  }
  const key = text.replace(/^annex ?a /, '').replace(/[^a-z0-9]+/g, '');
  for (const list of ANNEX_A_LIST_NUMBERS) {
    if (ANNEX_A_LISTS[list].sheetAliases.some((alias) => alias.toLowerCase().replace(/[^a-z0-9]+/g, '') === key)) return list;
  }
  return null;
}
