import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common';
import { PHOTO_REF } from '../ticketing/photos';
import { CATEGORY_CODE } from '../ticketing/categories';
import { TicketLocation } from '../ticketing/tickets';

/** Where a topic (议题) is: submitted, then triaged (accepted, merged, declined); accepted ones are resolved at the end. */
export const TOPIC_STATES = ['submitted', 'accepted', 'merged', 'declined', 'resolved'] as const;
export type TopicState = (typeof TOPIC_STATES)[number];

/** How a topic came in: a resident of the compound, or a council's agenda collector (议题收集员). */
export const TOPIC_CHANNELS = ['resident', 'collector'] as const;
export type TopicChannel = (typeof TOPIC_CHANNELS)[number];

/** The class of an accepted topic: major matter (大事), hard case (难事), urgent (急事), worry (愁事), minor (小事). */
export const TOPIC_CLASSES = ['major_matter', 'hard_case', 'urgent', 'worry', 'minor'] as const;
export type TopicClass = (typeof TOPIC_CLASSES)[number];

/** Why a topic was declined: duplicate, not ours (forwarded as a ticket), already done, other (with a note). */
export const TOPIC_DECLINE_REASONS = ['duplicate', 'not_ours', 'already_done', 'other'] as const;
export type TopicDeclineReason = (typeof TOPIC_DECLINE_REASONS)[number];

/** The outcomes of a triage. */
export const TOPIC_TRIAGE_OUTCOMES = ['accept', 'merge', 'decline'] as const;
export type TopicTriageOutcome = (typeof TOPIC_TRIAGE_OUTCOMES)[number];

export class SubmitTopicRequest {
  @ApiProperty({ example: '开设通往地铁站的侧门' })
  @IsString()
  @Length(2, 200)
  title!: string;

  @ApiProperty({ example: '小区西侧围墙离地铁站只有两百米，居民要绕行一公里' })
  @IsString()
  @Length(2, 4000)
  description!: string;

  @ApiPropertyOptional({ type: [String], description: 'photo references (uploaded before, as for tickets)' })
  @IsOptional()
  @ArrayMaxSize(9)
  @Matches(PHOTO_REF, { each: true })
  photos?: string[];

  @ApiPropertyOptional({
    description: 'an agenda collector (议题收集员) names the resident who raised it (free text)',
    example: '3号楼王阿姨',
  })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  raisedBy?: string;
}

export class SubmitTopicCommand extends SubmitTopicRequest {
  @IsUUID()
  compoundId!: string;
}

export class TopicIdRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class TopicListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TOPIC_STATES })
  @IsOptional()
  @IsIn(TOPIC_STATES)
  state?: TopicState;
}

export class TopicListCommand extends TopicListQuery {
  @IsUUID()
  compoundId!: string;
}

export class MyTopicsQuery extends PageQuery {}

/** Where a forwarded topic's ticket goes in ticketing. */
export class TopicForward {
  @ApiProperty({ example: 'C0302' })
  @Matches(CATEGORY_CODE, { message: 'categoryCode must look like C0101, E0102 or C0302-01' })
  categoryCode!: string;

  @ApiProperty({ type: TicketLocation })
  @ValidateNested()
  @Type(() => TicketLocation)
  location!: TicketLocation;
}

export class TriageTopicRequest {
  @ApiProperty({ enum: TOPIC_TRIAGE_OUTCOMES })
  @IsIn(TOPIC_TRIAGE_OUTCOMES)
  outcome!: TopicTriageOutcome;

  @ApiPropertyOptional({ enum: TOPIC_CLASSES, description: 'accept: the class (it sets the deadlines)' })
  @ValidateIf((o: TriageTopicRequest) => o.outcome === 'accept')
  @IsIn(TOPIC_CLASSES)
  topicClass?: TopicClass;

  @ApiPropertyOptional({ format: 'uuid', description: 'merge: the topic this one goes into' })
  @ValidateIf((o: TriageTopicRequest) => o.outcome === 'merge')
  @IsUUID()
  mergeInto?: string;

  @ApiPropertyOptional({ enum: TOPIC_DECLINE_REASONS, description: 'decline: why' })
  @ValidateIf((o: TriageTopicRequest) => o.outcome === 'decline')
  @IsIn(TOPIC_DECLINE_REASONS)
  reason?: TopicDeclineReason;

  @ApiPropertyOptional({ description: 'decline: a note (required when the reason is other)' })
  @ValidateIf((o: TriageTopicRequest) => o.reason === 'other' || o.note !== undefined)
  @IsString()
  @Length(2, 1000)
  note?: string;

  @ApiPropertyOptional({ type: TopicForward, description: 'decline as not ours: where the ticket goes' })
  @ValidateIf((o: TriageTopicRequest) => o.reason === 'not_ours')
  @IsObject()
  @ValidateNested()
  @Type(() => TopicForward)
  forward?: TopicForward;
}

export class TriageTopicCommand extends TriageTopicRequest {
  @IsUUID()
  id!: string;
}

export class TopicHistoryEntry {
  @ApiProperty({ example: 'topic.accepted' }) kind!: string;
  @ApiProperty({ enum: TOPIC_STATES }) state!: TopicState;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class TopicView {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty() street!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) photos!: string[];
  @ApiProperty({ enum: TOPIC_CHANNELS }) channel!: TopicChannel;
  @ApiProperty() submittedBy!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the resident a collector named' }) raisedBy!:
    string | null;
  @ApiProperty({ enum: TOPIC_STATES }) state!: TopicState;
  @ApiProperty({ enum: TOPIC_CLASSES, nullable: true }) topicClass!: TopicClass | null;
  @ApiProperty({ description: 'urgent topics take the fast path and come first in lists' }) urgent!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'by when the council deliberates it (its class)' })
  deliberateBy!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'by when it is resolved (its class)' })
  resolveBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) mergedInto!: string | null;
  @ApiProperty({ enum: TOPIC_DECLINE_REASONS, nullable: true }) declineReason!: TopicDeclineReason | null;
  @ApiProperty({ type: String, nullable: true }) declineNote!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the ticket a "not ours" topic was forwarded as' })
  ticketId!: string | null;
  @ApiProperty({ type: String, nullable: true }) triagedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}

/** A topic with its whole history (what a resident follows to the end). */
export class TopicDetailView extends TopicView {
  @ApiProperty({ type: [TopicHistoryEntry] }) history!: TopicHistoryEntry[];
}
