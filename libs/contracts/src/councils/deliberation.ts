import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsInstant, PageQuery } from '../common';

/** The seven steps of deliberation (民情协商七步), in their order. */
export const DELIBERATION_STEPS = ['list', 'theme', 'notice', 'deliberate', 'plan', 'implement', 'evaluate'] as const;
export type DeliberationStep = (typeof DELIBERATION_STEPS)[number];

/** 列出议题, 确定主题, 会前公告, 开展协商, 制定方案, 运用实施, 回访评估 */
export const DELIBERATION_STEP_NAMES: Record<DeliberationStep, string> = {
  list: '列出议题',
  theme: '确定主题',
  notice: '会前公告',
  deliberate: '开展协商',
  plan: '制定方案',
  implement: '运用实施',
  evaluate: '回访评估',
};

export const MEETING_KINDS = ['party_masses_council', 'hearing', 'coordination', 'evaluation'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MINUTES_STATUSES = ['none', 'drafted', 'final'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export const POSITION_STANDS = ['for', 'against', 'conditional', 'undecided'] as const;
export type PositionStand = (typeof POSITION_STANDS)[number];

export class DeliberationTopicRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  topicId!: string;
}

export class StepRef extends DeliberationTopicRequest {
  @ApiProperty({ enum: DELIBERATION_STEPS })
  @IsIn(DELIBERATION_STEPS)
  step!: DeliberationStep;
}

/** 定人、定责、定时: who owns the step, what they answer for, by when. */
export class AssignStepRequest {
  @ApiProperty({ description: 'the user who owns the step (定人)' })
  @IsString()
  @Length(1, 100)
  ownerId!: string;

  @ApiPropertyOptional({ description: 'what the owner answers for (定责)' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  duty?: string;

  @ApiProperty({ example: '2026-12-10T18:00:00+08:00', description: 'the step’s deadline (定时)' })
  @IsInstant()
  deadline!: string;
}

export class AssignStepCommand extends AssignStepRequest {
  @IsUUID()
  topicId!: string;

  @IsIn(DELIBERATION_STEPS)
  step!: DeliberationStep;
}

/** The notice of the meeting (会前公告): when it went up, when it came down, the meeting it announced. */
export class NoticeRecordInput {
  @ApiProperty({ example: '2026-12-02T09:00:00+08:00' })
  @IsInstant()
  postedAt!: string;

  @ApiProperty({ example: '2026-12-09T18:00:00+08:00' })
  @IsInstant()
  removedAt!: string;

  @ApiProperty({ example: '2026-12-09T14:00:00+08:00' })
  @IsInstant()
  meetingAt!: string;

  @ApiPropertyOptional({ example: '小区公告栏、业主群' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  where?: string;
}

/** 定效: what the step achieved. */
export class CompleteStepRequest {
  @ApiProperty({ description: 'the step’s record: what was done and with what effect (定效)' })
  @IsString()
  @Length(1, 4000)
  record!: string;

  @ApiPropertyOptional({ type: NoticeRecordInput, description: 'required for the notice step' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NoticeRecordInput)
  notice?: NoticeRecordInput;
}

export class CompleteStepCommand extends CompleteStepRequest {
  @IsUUID()
  topicId!: string;

  @IsIn(DELIBERATION_STEPS)
  step!: DeliberationStep;
}

export class StepNoticeView {
  @ApiProperty() postedAt!: string;
  @ApiProperty() removedAt!: string;
  @ApiProperty() meetingAt!: string;
  @ApiProperty({ description: 'whole days up before the meeting' }) daysBeforeMeeting!: number;
  @ApiProperty({ nullable: true, type: String }) where!: string | null;
}

export class StepView {
  @ApiProperty({ format: 'uuid' }) topicId!: string;
  @ApiProperty({ enum: DELIBERATION_STEPS }) step!: DeliberationStep;
  @ApiProperty({ example: '会前公告' }) name!: string;
  @ApiProperty({ description: '1 to 7' }) ordinal!: number;
  @ApiProperty({ nullable: true, type: String }) ownerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) duty!: string | null;
  @ApiProperty({ nullable: true, type: String }) deadline!: string | null;
  @ApiProperty({ nullable: true, type: String }) record!: string | null;
  @ApiProperty({ nullable: true, type: StepNoticeView }) notice!: StepNoticeView | null;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) completedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) overdueAt!: string | null;
}

export class ProcessView {
  @ApiProperty({ format: 'uuid' }) topicId!: string;
  @ApiProperty({ enum: DELIBERATION_STEPS, nullable: true }) next!: DeliberationStep | null;
  @ApiProperty({ type: [StepView] }) steps!: StepView[];
}

export class OverdueStepsQuery extends PageQuery {}

export class OverdueStepsCommand extends OverdueStepsQuery {
  @IsUUID()
  compoundId!: string;
}

// -- meetings --

export class AttendeeInput {
  @ApiProperty({ description: 'user id, or a name for one without an account' })
  @IsString()
  @Length(1, 100)
  id!: string;

  @ApiProperty({ example: '业主委员会' })
  @IsString()
  @Length(1, 100)
  role!: string;
}

export class CreateMeetingRequest {
  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @ApiProperty({ example: '侧门开设协调会' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ example: '2026-12-09T14:00:00+08:00' })
  @IsInstant()
  heldAt!: string;

  @ApiProperty({ type: [AttendeeInput] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AttendeeInput)
  invited!: AttendeeInput[];
}

export class CreateMeetingCommand extends CreateMeetingRequest {
  @IsUUID()
  topicId!: string;
}

export class MeetingIdRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  meetingId!: string;
}

export class PositionInput {
  @ApiProperty() @IsString() @Length(1, 100) attendeeId!: string;
  @ApiProperty({ enum: POSITION_STANDS }) @IsIn(POSITION_STANDS) stand!: PositionStand;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) statement?: string;
}

/** The meeting as held: who was present, the minutes' draft, the positions taken. */
export class MeetingMinutesRequest {
  @ApiProperty({ type: [String], description: 'ids of the invited attendees who were present' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  present!: string[];

  @ApiProperty()
  @IsString()
  @Length(1, 20000)
  minutes!: string;

  @ApiProperty({ type: [PositionInput] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PositionInput)
  positions!: PositionInput[];
}

export class MeetingMinutesCommand extends MeetingMinutesRequest {
  @IsUUID()
  meetingId!: string;
}

export class ConfirmMinutesRequest {
  @ApiProperty({ description: 'the present attendee confirming the minutes (their id)' })
  @IsString()
  @Length(1, 100)
  attendeeId!: string;
}

export class ConfirmMinutesCommand extends ConfirmMinutesRequest {
  @IsUUID()
  meetingId!: string;
}

export class AttendeeView {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiProperty() present!: boolean;
  @ApiProperty() confirmed!: boolean;
}

export class PositionView {
  @ApiProperty() attendeeId!: string;
  @ApiProperty({ enum: POSITION_STANDS }) stand!: PositionStand;
  @ApiProperty({ nullable: true, type: String }) statement!: string | null;
}

export class MeetingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) topicId!: string;
  @ApiProperty({ enum: DELIBERATION_STEPS }) step!: DeliberationStep;
  @ApiProperty({ enum: MEETING_KINDS }) kind!: MeetingKind;
  @ApiProperty() title!: string;
  @ApiProperty() heldAt!: string;
  @ApiProperty({ type: [AttendeeView] }) attendees!: AttendeeView[];
  @ApiProperty({ enum: MINUTES_STATUSES }) minutesStatus!: MinutesStatus;
  @ApiProperty({ nullable: true, type: String }) minutes!: string | null;
  @ApiProperty({ type: [PositionView] }) positions!: PositionView[];
  @ApiProperty({ nullable: true, type: String }) finalAt!: string | null;
  @ApiProperty() version!: number;
}

export const TRAIL_ENTRY_KINDS = ['step', 'meeting', 'vote'] as const;
export type TrailEntryKind = (typeof TRAIL_ENTRY_KINDS)[number];

export class TrailVoteView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: string;
  @ApiProperty() opensAt!: string;
  @ApiProperty() closesAt!: string;
}

export class TrailView {
  @ApiProperty({ format: 'uuid' }) topicId!: string;
  @ApiProperty({ enum: DELIBERATION_STEPS, nullable: true }) next!: DeliberationStep | null;
  @ApiProperty({ type: [StepView] }) steps!: StepView[];
  @ApiProperty({ type: [MeetingView] }) meetings!: MeetingView[];
  @ApiProperty({ type: [TrailVoteView] }) votes!: TrailVoteView[];
}

/** Links an owners' vote of the topic's compound to the topic's trail. */
export class LinkTopicVoteRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  voteId!: string;
}

export class LinkTopicVoteCommand extends LinkTopicVoteRequest {
  @IsUUID()
  topicId!: string;
}
