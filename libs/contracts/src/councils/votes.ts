import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsInstant, PageQuery } from '../common';
import { IntAtLeast, stacked } from '../decorators';
import { PHOTO_REF } from '../ticketing/photos';

/** The matters owners decide together under Civil Code art. 278 (¶1 items 1–9). */
export const VOTE_MATTERS = [
  'rules_of_procedure',
  'management_statute',
  'elect_committee',
  'hire_dismiss_property_company',
  'use_maintenance_funds',
  'raise_maintenance_funds',
  'rebuild_or_alter',
  'change_common_use_or_business',
  'other_major_matter',
] as const;
export type VoteMatter = (typeof VOTE_MATTERS)[number];

export const BALLOT_CHOICES = ['for', 'against', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

/** How a ballot reached the vote: the owner online, a paper ballot a building convenor entered, or at a meeting. */
export const BALLOT_CHANNELS = ['online', 'paper', 'meeting'] as const;
export type BallotChannel = (typeof BALLOT_CHANNELS)[number];

export const VOTE_STATUSES = ['scheduled', 'open', 'closed'] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;
const IDEMPOTENCY_MESSAGE = 'Idempotency-Key must be 8 to 100 letters, digits or ._:-';

export class CreateVoteRequest {
  @ApiProperty({
    enum: VOTE_MATTERS,
    description: 'the art. 278 matter; it decides the approval rule (3/4 or more than half)',
  })
  @IsIn(VOTE_MATTERS)
  matter!: VoteMatter;

  @ApiProperty({ example: '开设通往地铁站的侧门' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  description?: string;

  @ApiProperty({ example: '2026-12-01T09:00:00+08:00', description: 'when voting opens (on its own)' })
  @IsInstant()
  opensAt!: string;

  @ApiProperty({ example: '2026-12-15T18:00:00+08:00', description: 'when voting closes and is counted (on its own)' })
  @IsInstant()
  closesAt!: string;
}

export class CreateVoteCommand extends CreateVoteRequest {
  @IsUUID()
  compoundId!: string;
}

export class VoteIdRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class VoteListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VOTE_STATUSES })
  @IsOptional()
  @IsIn(VOTE_STATUSES)
  status?: VoteStatus;
}

export class VoteListCommand extends VoteListQuery {
  @IsUUID()
  compoundId!: string;
}

export class NonVoterQuery extends PageQuery {}

export class NonVoterCommand extends NonVoterQuery {
  @IsUUID()
  id!: string;
}

/** Area (hundredths of m²) and headcount, always together. */
export class VoteFigures {
  @ApiProperty({ description: 'area in hundredths of a square metre' }) areaHundredths!: number;
  @ApiProperty() headcount!: number;
}

export class VoteThresholdFigures extends VoteFigures {
  @ApiProperty() areaMet!: boolean;
  @ApiProperty() headcountMet!: boolean;
  @ApiProperty({ description: 'area and headcount both met' }) met!: boolean;
}

/** The count of a vote: live while it is open, the result once closed. */
export class VoteCountView {
  @ApiProperty({ enum: ['three_quarters', 'more_than_half'] }) rule!: 'three_quarters' | 'more_than_half';
  @ApiProperty({ type: VoteFigures, description: 'the electorate at the opening' }) total!: VoteFigures;
  @ApiProperty({ type: VoteThresholdFigures, description: 'at least 2/3 of the total area and of all owners' })
  participating!: VoteThresholdFigures;
  @ApiProperty({ type: VoteThresholdFigures, description: 'for, against the participating area and owners' })
  approving!: VoteThresholdFigures;
  @ApiProperty({ type: VoteFigures }) against!: VoteFigures;
  @ApiProperty({ type: VoteFigures }) abstaining!: VoteFigures;
  @ApiProperty() passed!: boolean;
}

export class VoteView {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty() street!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty({ enum: VOTE_MATTERS }) matter!: VoteMatter;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: BALLOT_CHOICES, isArray: true }) options!: BallotChoice[];
  @ApiProperty({ enum: VOTE_STATUSES }) status!: VoteStatus;
  @ApiProperty() opensAt!: string;
  @ApiProperty() closesAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) openedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) closedAt!: string | null;
  @ApiPropertyOptional({ type: VoteFigures, nullable: true, description: 'the electorate, once opened' })
  electorate!: VoteFigures | null;
  @ApiPropertyOptional({ type: VoteCountView, nullable: true, description: 'the result, once closed' })
  result!: VoteCountView | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

/** The live tally: the count of the ballots cast so far (or the result once closed). */
export class VoteTallyView {
  @ApiProperty() voteId!: string;
  @ApiProperty({ enum: VOTE_STATUSES }) status!: VoteStatus;
  @ApiProperty({ description: 'ballots stored' }) ballots!: number;
  @ApiProperty({ type: VoteCountView }) count!: VoteCountView;
  @ApiProperty({ description: 'when it was counted' }) at!: string;
}

export class CastBallotRequest {
  @ApiProperty({ enum: BALLOT_CHOICES })
  @IsIn(BALLOT_CHOICES)
  choice!: BallotChoice;

  @ApiProperty({
    enum: BALLOT_CHANNELS,
    description: 'online: the owner themself; paper: a building convenor; meeting: the secretary',
  })
  @IsIn(BALLOT_CHANNELS)
  channel!: BallotChannel;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'the owner on the roll: required for paper and meeting ballots; online, needed only when your account is linked to several owners',
  })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ description: 'paper ballots: the id of the ballot photo (uploaded through /photos)' })
  @IsOptional()
  @Matches(PHOTO_REF)
  photoId?: string;
}

export class CastBallotCommand extends CastBallotRequest {
  @IsUUID()
  voteId!: string;

  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_MESSAGE })
  idempotencyKey?: string;
}

export class CorrectBallotRequest {
  @ApiProperty({ enum: BALLOT_CHOICES })
  @IsIn(BALLOT_CHOICES)
  choice!: BallotChoice;

  @ApiProperty({ description: 'why the entered ballot is corrected (kept with who and when)' })
  @IsString()
  @Length(2, 500)
  reason!: string;

  @ApiPropertyOptional({ description: 'a new photo of the ballot' })
  @IsOptional()
  @Matches(PHOTO_REF)
  photoId?: string;

  @ApiProperty({ description: 'the ballot version you read; a stale one is 409' })
  @stacked(IntAtLeast(1))
  version!: number;
}

export class CorrectBallotCommand extends CorrectBallotRequest {
  @IsUUID()
  voteId!: string;

  @IsUUID()
  ballotId!: string;
}

export class BallotCorrectionView {
  @ApiProperty({ enum: BALLOT_CHOICES }) from!: BallotChoice;
  @ApiProperty({ enum: BALLOT_CHOICES }) to!: BallotChoice;
  @ApiProperty() reason!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class BallotView {
  @ApiProperty() id!: string;
  @ApiProperty() voteId!: string;
  @ApiProperty({ description: 'the person counted (an owner, joint owners, or the developer)' }) electorKey!: string;
  @ApiProperty({ enum: BALLOT_CHOICES }) choice!: BallotChoice;
  @ApiProperty({ enum: BALLOT_CHANNELS }) channel!: BallotChannel;
  @ApiProperty() areaHundredths!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) photoId!: string | null;
  @ApiProperty() castBy!: string;
  @ApiProperty() castAt!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [BallotCorrectionView] }) corrections!: BallotCorrectionView[];
  @ApiProperty({ description: 'false when the Idempotency-Key was seen before: the first ballot' }) created!: boolean;
}

export class NonVoterView {
  @ApiProperty() electorKey!: string;
  @ApiProperty({ type: [String], description: 'owner ids on the roll (none for the developer)' }) ownerIds!: string[];
  @ApiProperty({ type: [String] }) units!: string[];
  @ApiProperty() areaHundredths!: number;
}

export class AssignConvenorRequest {
  @ApiProperty({ format: 'uuid', description: 'the user who enters paper ballots (楼栋长)' })
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'only for the owners of this building (default: the whole compound)',
  })
  @IsOptional()
  @IsUUID()
  buildingId?: string;
}

export class AssignConvenorCommand extends AssignConvenorRequest {
  @IsUUID()
  compoundId!: string;
}

export class ConvenorView {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty() userId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) buildingId!: string | null;
  @ApiProperty() assignedBy!: string;
  @ApiProperty() assignedAt!: string;
}
