import type { EventPerson } from '../actor';
import type { BallotChannel, VoteMatter } from './votes';

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
  // -- votes (helper C2) --
  voteOpened: 'vote.opened',
  voteClosed: 'vote.closed',
  ballotCast: 'ballot.cast',
} as const satisfies Record<string, keyof CouncilsEventMap>;

/** Councils' part of the event map: event type → payload. */
export interface CouncilsEventMap {
  'compound.created': CompoundCreatedData;
  'owner_roll.imported': OwnerRollImportedData;
  'owner_roll.changed': OwnerRollChangedData;
  // -- votes (helper C2) --
  'vote.opened': VoteOpenedData;
  'vote.closed': VoteClosedData;
  'ballot.cast': BallotCastData;
}

// -- votes (helper C2) --

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
