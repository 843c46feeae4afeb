import type { EventPerson } from '../actor';
import type { OrgLegalStatus, ServiceField } from './organisations';
// organisations and incubation
import type { IncubationStage, LeaveReason } from './incubation';
import type { OrgGrade } from './organisations';
// venture-philanthropy rounds
import type { ProjectGrade, MidtermOutcome } from './round-applications';
import type { RoundTrack } from './rounds';
// purchased services and community funds
import type { DonationChannel, FundEntryKind, FundKind } from './funds';

/** `organisation.registered`: a community social organisation was put on the incubator's roll. */
export interface OrganisationRegisteredData {
  organisationId: string;
  name: string;
  legalStatus: OrgLegalStatus;
  street: string;
  communityPath: string;
  communitiesServed: string[];
  fields: ServiceField[];
  by: EventPerson;
  at: string;
}

// -- purchased services and community funds --
/** `deliverable.accepted`: the buyer (a street or the district) accepted a deliverable of a purchased service. */
export interface DeliverableAcceptedData {
  contractId: string;
  deliverableId: string;
  organisationId: string;
  street: string;
  /** the organisation's community */
  communityPath: string;
  /** who buys: the street or the district */
  buyerPath: string;
  amountFen: number;
  by: EventPerson;
  at: string;
}

/** `deliverable.paid`: a payment for an accepted deliverable. */
export interface DeliverablePaidData {
  contractId: string;
  deliverableId: string;
  paymentId: string;
  organisationId: string;
  street: string;
  communityPath: string;
  buyerPath: string;
  amountFen: number;
  /** the deliverable's payments together, after this one */
  deliverablePaidFen: number;
  /** the contract's payments together, after this one */
  contractPaidFen: number;
  paidOn: string;
  by: EventPerson;
  at: string;
}

/** What every fund event says of its fund. */
export interface FundEventPlace {
  fundId: string;
  fundKind: FundKind;
  street: string;
  /** the community or street the fund belongs to */
  placePath: string;
  /** its community, for a community-level fund */
  communityPath: string | null;
}

/** `fund.donation_received`: a donation booked into a fund's ledger (no donor's name or phone). */
export interface FundDonationReceivedData extends FundEventPlace {
  entryId: string;
  amountFen: number;
  channel: DonationChannel;
  anonymous: boolean;
  receivedOn: string;
  balanceAfterFen: number;
  by: EventPerson;
  at: string;
}

/** `fund.spending_published`: a spending paid out of a fund, which is when it becomes public. */
export interface FundSpendingPublishedData extends FundEventPlace {
  spendingId: string;
  entryId: string;
  purpose: string;
  amountFen: number;
  requestedBy: EventPerson;
  approvedBy: EventPerson;
  by: EventPerson;
  at: string;
}

/** `fund.entry_reversed`: a correction, a reversing entry booked against an earlier one. */
export interface FundEntryReversedData extends FundEventPlace {
  entryId: string;
  reversesEntryId: string;
  reversedKind: Exclude<FundEntryKind, 'reversal'>;
  /** fen: + back into the fund (a spending reversed), − out of it (a donation reversed) */
  deltaFen: number;
  balanceAfterFen: number;
  by: EventPerson;
  at: string;
}

// -- organisations and incubation --

/** `organisation.status_changed`: an organisation was filed (备案) or registered (登记); the document it rests on is on its record. */
export interface OrganisationStatusChangedData {
  organisationId: string;
  street: string;
  communityPath: string;
  communitiesServed: string[];
  from: OrgLegalStatus;
  to: OrgLegalStatus;
  by: EventPerson;
  at: string;
}

/** `organisation.graded`: the civil-affairs assessment grade of an organisation was recorded (valid five years). */
export interface OrganisationGradedData {
  organisationId: string;
  street: string;
  communityPath: string;
  communitiesServed: string[];
  grade: OrgGrade;
  /** YYYY-MM-DD */
  assessedOn: string;
  /** YYYY-MM-DD, the last day it is valid */
  validUntil: string;
  by: EventPerson;
  at: string;
}

/** What every incubation event carries: the incubation, its park and the organisation, by place. */
export interface IncubationFacts {
  incubationId: string;
  parkId: string;
  /** the park's org path (a street's, or a community's) */
  parkPath: string;
  organisationId: string;
  street: string;
  /** the organisation's community */
  communityPath: string;
  communitiesServed: string[];
  legalStatus: OrgLegalStatus;
  by: EventPerson;
  at: string;
}

/** `incubation.admitted`: an incubation park admitted an organisation (the first review, on time or late). */
export interface IncubationAdmittedData extends IncubationFacts {
  appliedAt: string;
  firstReviewDueAt: string;
  firstReviewLate: boolean;
}

/** `incubation.graduated`: an organisation graduated from an incubation park (出壳). */
export interface IncubationGraduatedData extends IncubationFacts {
  appliedAt: string;
  admittedAt: string;
  /** the total of its latest capacity assessment (0–500) */
  assessmentTotal: number | null;
}

/** `incubation.left`: an organisation left incubation before graduating (declined at the first review: not_admitted). */
export interface IncubationLeftData extends IncubationFacts {
  fromStage: IncubationStage;
  reason: LeaveReason;
}

// -- volunteers --
/**
 * `volunteer_hours.credited`: an organising team recorded a volunteer's hours at an activity (or a
 * granted correction replaced an entry: `replaces` names it, and its minutes no longer count).
 * No name, phone or ID number: the volunteer by id only.
 */
export interface VolunteerHoursCreditedData {
  entryId: string;
  activityId: string;
  volunteerId: string;
  teamId: string;
  organisationId: string | null;
  street: string;
  /** the community where the activity took place */
  communityPath: string;
  minutes: number;
  /** YYYY-MM-DD (Asia/Shanghai), the day served */
  servedOn: string;
  /** recorded after the 10 working days it was due within */
  late: boolean;
  replaces: { entryId: string; minutes: number } | null;
  by: EventPerson;
  at: string;
}

// -- venture-philanthropy rounds --
/** What every event of a venture-philanthropy round carries. */
interface RoundFacts {
  roundId: string;
  /** the round's street code, `all` for a district round */
  street: string;
  /** the street's or the district's path */
  place: string;
  track: RoundTrack;
  by: EventPerson;
  at: string;
}

/** `round.opened`: a round's call was published (its criteria fixed from now on). */
export interface RoundOpenedData extends RoundFacts {
  title: string;
  budgetFen: number;
  opensAt: string;
  closesAt: string;
}

/** `round.closed`: a round was closed, its projects all finally evaluated. */
export interface RoundClosedData extends RoundFacts {
  budgetFen: number;
  awardedFen: number;
  disbursedFen: number;
  projects: number;
}

/** What every event of one application (one project) carries. */
interface RoundApplicationFacts extends RoundFacts {
  /** the project's street (its community's), also in a district round */
  street: string;
  applicationId: string;
  organisationId: string;
  /** the community the project serves */
  communityPath: string;
}

/** `application.submitted`: an organisation applied to a round. */
export interface ApplicationSubmittedData extends RoundApplicationFacts {
  amountFen: number;
}

/** `application.awarded`: an application was funded. */
export interface ApplicationAwardedData extends RoundApplicationFacts {
  amountFen: number;
  askedFen: number;
  roundRemainingFen: number;
  /** mean score in hundredths of a point (0–100) when it was awarded; null when unscored */
  meanScore: number | null;
  reviewers: number;
}

/** `application.evaluated`: the final evaluation closed a funded project. */
export interface ApplicationEvaluatedData extends RoundApplicationFacts {
  score: number;
  grade: ProjectGrade;
  midterm: MidtermOutcome | null;
  awardedFen: number;
  disbursedFen: number;
}

/** `milestone.accepted`: the keeper accepted a milestone's report. */
export interface MilestoneAcceptedData extends RoundApplicationFacts {
  milestoneId: string;
  position: number;
  amountFen: number;
}

/** `milestone.disbursed`: a milestone's money was paid out. */
export interface MilestoneDisbursedData extends RoundApplicationFacts {
  milestoneId: string;
  position: number;
  amountFen: number;
  disbursedFen: number;
}

// Each part appends its payload types above this line and its events to the map and the
// constants below, under its marker.

/** Events the incubator service publishes. */
export const IncubatorEvents = {
  organisationRegistered: 'organisation.registered',
  // -- organisations and incubation --
  organisationStatusChanged: 'organisation.status_changed',
  organisationGraded: 'organisation.graded',
  incubationAdmitted: 'incubation.admitted',
  incubationGraduated: 'incubation.graduated',
  incubationLeft: 'incubation.left',
  // -- venture-philanthropy rounds --
  roundOpened: 'round.opened',
  roundClosed: 'round.closed',
  applicationSubmitted: 'application.submitted',
  applicationAwarded: 'application.awarded',
  applicationEvaluated: 'application.evaluated',
  milestoneAccepted: 'milestone.accepted',
  milestoneDisbursed: 'milestone.disbursed',
  // -- purchased services and community funds --
  deliverableAccepted: 'deliverable.accepted',
  deliverablePaid: 'deliverable.paid',
  fundDonationReceived: 'fund.donation_received',
  fundSpendingPublished: 'fund.spending_published',
  fundEntryReversed: 'fund.entry_reversed',
  // -- volunteers --
  volunteerHoursCredited: 'volunteer_hours.credited',
} as const satisfies Record<string, keyof IncubatorEventMap>;

/** The incubator's part of the platform's event map: each event type → its payload. */
export interface IncubatorEventMap {
  'organisation.registered': OrganisationRegisteredData;
  // -- organisations and incubation --
  'organisation.status_changed': OrganisationStatusChangedData;
  'organisation.graded': OrganisationGradedData;
  'incubation.admitted': IncubationAdmittedData;
  'incubation.graduated': IncubationGraduatedData;
  'incubation.left': IncubationLeftData;
  // -- venture-philanthropy rounds --
  'round.opened': RoundOpenedData;
  'round.closed': RoundClosedData;
  'application.submitted': ApplicationSubmittedData;
  'application.awarded': ApplicationAwardedData;
  'application.evaluated': ApplicationEvaluatedData;
  'milestone.accepted': MilestoneAcceptedData;
  'milestone.disbursed': MilestoneDisbursedData;
  // -- purchased services and community funds --
  'deliverable.accepted': DeliverableAcceptedData;
  'deliverable.paid': DeliverablePaidData;
  'fund.donation_received': FundDonationReceivedData;
  'fund.spending_published': FundSpendingPublishedData;
  'fund.entry_reversed': FundEntryReversedData;
  // -- volunteers --
  'volunteer_hours.credited': VolunteerHoursCreditedData;
}
