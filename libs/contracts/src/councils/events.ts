import type { EventPerson } from '../actor';
import type { BallotChannel, VoteMatter } from './votes';
import type { DeliberationStep, MeetingKind } from './deliberation';
import type { TopicChannel, TopicClass, TopicDeclineReason } from './topics';

/** `compound.created`: a residential compound (小区) was registered in a community. */
export interface CompoundCreatedData {
  compoundId: string;
  street: string;
  communityPath: string;
  name: string;
  propertyCompanyPath: string | null;
  ownersCommitteePath: string | null;
  by: EventPerson;
  at: string;
}

/** `owner_roll.imported`: a compound's owners' roll was imported from a spreadsheet (no names, no phones). */
export interface OwnerRollImportedData {
  compoundId: string;
  street: string;
  communityPath: string;
  importId: string;
  mode: 'all-or-nothing' | 'valid-rows';
  rows: number;
  ownersCreated: number;
  unitsCreated: number;
  ownershipsAdded: number;
  refused: number;
  by: EventPerson;
  at: string;
}

/** `owner_roll.changed`: one owner of a compound's roll was added, edited or linked (the fields changed, never their values). */
export interface OwnerRollChangedData {
  compoundId: string;
  street: string;
  communityPath: string;
  ownerId: string;
  change: 'added' | 'updated' | 'linked';
  fields: string[];
  by: EventPerson;
  at: string;
}

/** Events the councils service publishes (C2's vote events are appended below the marker). */
export const CouncilsEvents = {
  compoundCreated: 'compound.created',
  ownerRollImported: 'owner_roll.imported',
  ownerRollChanged: 'owner_roll.changed',
  // -- votes --
  voteOpened: 'vote.opened',
  voteClosed: 'vote.closed',
  ballotCast: 'ballot.cast',
  // -- topics --
  topicSubmitted: 'topic.submitted',
  topicAccepted: 'topic.accepted',
  topicDeclined: 'topic.declined',
  topicMerged: 'topic.merged',
  // -- assessment --
  propertyCompanyRated: 'property_company.rated',
  feeRateReported: 'fee_rate.reported',
  // -- resolutions and the board --
  resolutionPublished: 'resolution.published',
  taskDone: 'task.done',
  // -- seven steps and meetings --
  stepCompleted: 'step.completed',
  topicResolved: 'topic.resolved',
  stepOverdue: 'step.overdue',
  meetingHeld: 'meeting.held',
} as const satisfies Record<string, keyof CouncilsEventMap>;

/** Councils' part of the event map: event type → payload. */
export interface CouncilsEventMap {
  'compound.created': CompoundCreatedData;
  'owner_roll.imported': OwnerRollImportedData;
  'owner_roll.changed': OwnerRollChangedData;
  // -- votes --
  'vote.opened': VoteOpenedData;
  'vote.closed': VoteClosedData;
  'ballot.cast': BallotCastData;
  // -- topics --
  'topic.submitted': TopicSubmittedData;
  'topic.accepted': TopicAcceptedData;
  'topic.declined': TopicDeclinedData;
  'topic.merged': TopicMergedData;
  // -- assessment --
  'property_company.rated': PropertyCompanyRatedData;
  'fee_rate.reported': FeeRateReportedData;
  // -- resolutions and the board --
  'resolution.published': ResolutionPublishedData;
  'task.done': TaskDoneData;
  // -- seven steps and meetings --
  'step.completed': StepCompletedData;
  'topic.resolved': TopicResolvedData;
  'step.overdue': StepOverdueData;
  'meeting.held': MeetingHeldData;
}

// -- votes --

/** Area (hundredths of m²) and headcount, always together. */
export interface VoteFiguresData {
  areaHundredths: number;
  headcount: number;
}

interface VoteEventBase {
  voteId: string;
  compoundId: string;
  street: string;
  communityPath: string;
  matter: VoteMatter;
  at: string;
}

/** `vote.opened`: voting opened at its time; the electorate is the roll at this moment. */
export interface VoteOpenedData extends VoteEventBase {
  title: string;
  closesAt: string;
  electorate: VoteFiguresData;
}

/** `vote.closed`: voting closed at its time and was counted; the result with its figures. */
export interface VoteClosedData extends VoteEventBase {
  title: string;
  rule: 'three_quarters' | 'more_than_half';
  passed: boolean;
  total: VoteFiguresData;
  participating: VoteFiguresData & { met: boolean };
  approving: VoteFiguresData & { met: boolean };
  against: VoteFiguresData;
  abstaining: VoteFiguresData;
  ballots: number;
  nonVoters: number;
}

/** `ballot.cast`: a ballot was stored (no owner, no choice: only that one more took part, and how). */
export interface BallotCastData extends VoteEventBase {
  ballotId: string;
  channel: BallotChannel;
  by: EventPerson;
}

// -- topics --

interface TopicEventBase {
  topicId: string;
  compoundId: string;
  street: string;
  communityPath: string;
  by: EventPerson;
  at: string;
}

/** `topic.submitted`: a resident or an agenda collector (议题收集员) submitted a topic (议题). */
export interface TopicSubmittedData extends TopicEventBase {
  title: string;
  channel: TopicChannel;
  photos: number;
}

/** `topic.accepted`: the council accepted a topic, classed it and set its deadlines. */
export interface TopicAcceptedData extends TopicEventBase {
  topicClass: TopicClass;
  urgent: boolean;
  deliberateBy: string;
  resolveBy: string;
}

/** `topic.declined`: the council declined a topic with a reason ("not ours" names the ticket it was forwarded as). */
export interface TopicDeclinedData extends TopicEventBase {
  reason: TopicDeclineReason;
  ticketId: string | null;
}

/** `topic.merged`: the council merged a topic into another one. */
export interface TopicMergedData extends TopicEventBase {
  mergedInto: string;
}

// -- assessment --

interface AssessmentEventBase {
  compoundId: string;
  street: string;
  communityPath: string;
  propertyCompanyPath: string;
  period: string;
  by: EventPerson;
  at: string;
}

/** `property_company.rated`: a resident or the council rated a compound's property company for a period (aspects 1–5). */
export interface PropertyCompanyRatedData extends AssessmentEventBase {
  ratingId: string;
  rater: 'resident' | 'council';
  ratings: { cleaning: number; security: number; greening: number; repairs: number; service: number };
}

/** `fee_rate.reported`: the property fees due and collected in a compound for a period (fen; the rate exact). */
export interface FeeRateReportedData extends AssessmentEventBase {
  dueFen: number;
  collectedFen: number;
  rate: string;
}

// -- seven steps and meetings --

interface StepEventBase {
  topicId: string;
  compoundId: string;
  street: string;
  communityPath: string;
  step: DeliberationStep;
  /** 1 to 7 */
  ordinal: number;
  ownerId: string | null;
  at: string;
}

/** `step.completed`: a step of a topic's deliberation was done, with its record; `next` is the step that follows (null: the last). */
export interface StepCompletedData extends StepEventBase {
  next: DeliberationStep | null;
  by: EventPerson;
}

/** `topic.resolved`: the follow-up evaluation (回访评估, the seventh step) closed an accepted topic. */
export interface TopicResolvedData extends TopicEventBase {
  /** the evaluation's record */
  evaluation: string;
}

/** `step.overdue`: a step passed its deadline undone (published once per step and deadline). */
export interface StepOverdueData extends StepEventBase {
  deadline: string;
}

/** `meeting.held`: a meeting of a topic's deliberate step was recorded as held (its attendance; no minutes). */
export interface MeetingHeldData {
  meetingId: string;
  topicId: string;
  compoundId: string;
  street: string;
  communityPath: string;
  kind: MeetingKind;
  heldAt: string;
  invited: number;
  present: number;
  positions: number;
  by: EventPerson;
  at: string;
}

// -- resolutions and the board --

/** `resolution.published`: the council published a topic's resolution: what will be done, who implements it, by when. */
export interface ResolutionPublishedData {
  resolutionId: string;
  topicId: string;
  compoundId: string;
  street: string;
  communityPath: string;
  action: string;
  implementer: string;
  dueBy: string;
  by: EventPerson;
  at: string;
}

/** `task.done`: a resolution's task is done (its progress reached 100, or its ticket closed, was rejected or merged). */
export interface TaskDoneData {
  taskId: string;
  resolutionId: string;
  compoundId: string;
  street: string;
  communityPath: string;
  doneBy: 'progress' | 'ticket.closed' | 'ticket.rejected' | 'ticket.merged';
  ticketId: string | null;
  at: string;
}
