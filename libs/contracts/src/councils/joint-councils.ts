import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../registry/decorators';

/** Where a joint council's member comes from; police and tenants sit when invited. */
export const COUNCIL_SIDES = [
  'party_organisation',
  'residents_committee',
  'owners_committee',
  'property_company',
  'resident_representative',
  'police',
  'tenant',
] as const;
export type CouncilSide = (typeof COUNCIL_SIDES)[number];

/** A member's role: the convenor (召集人), the deputy, a member, an agenda collector (议题收集员), a liaison (联络员). */
export const COUNCIL_ROLES = ['convenor', 'deputy_convenor', 'member', 'agenda_collector', 'liaison'] as const;
export type CouncilRole = (typeof COUNCIL_ROLES)[number];

/**
 * The meeting rhythm: the monthly party-masses council (党群议事会), daily contact (日常联络),
 * the weekly meeting (周例会), the monthly consultation (月协商), the quarterly review (季评议)
 * and the yearly summary (年总结).
 */
export const RHYTHM_KINDS = [
  'party_masses_council',
  'daily_contact',
  'weekly_meeting',
  'monthly_consultation',
  'quarterly_review',
  'yearly_summary',
] as const;
export type RhythmKind = (typeof RHYTHM_KINDS)[number];

export const RHYTHM_PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type RhythmPeriod = (typeof RHYTHM_PERIODS)[number];

/** Each rhythm's period (weeks run Monday to Sunday; days are Asia/Shanghai days). */
export const RHYTHM_PERIOD_OF: Record<RhythmKind, RhythmPeriod> = {
  party_masses_council: 'month',
  daily_contact: 'day',
  weekly_meeting: 'week',
  monthly_consultation: 'month',
  quarterly_review: 'quarter',
  yearly_summary: 'year',
};

export const RHYTHM_STATUSES = ['held', 'due', 'overdue'] as const;
export type RhythmStatus = (typeof RHYTHM_STATUSES)[number];

export class CouncilMemberRequest {
  @ApiProperty({ enum: COUNCIL_SIDES })
  @IsIn(COUNCIL_SIDES)
  side!: CouncilSide;

  @ApiProperty({ enum: COUNCIL_ROLES })
  @IsIn(COUNCIL_ROLES)
  role!: CouncilRole;

  @ApiPropertyOptional({ description: 'the member’s user id (name a person instead when they have no account)' })
  @ValidateIf((o: CouncilMemberRequest) => o.userId !== undefined || o.name === undefined)
  @IsString()
  @Length(1, 100)
  userId?: string;

  @ApiPropertyOptional({ example: '李书记' })
  @ValidateIf((o: CouncilMemberRequest) => o.name !== undefined || o.userId === undefined)
  @IsString()
  @Length(1, 60)
  name?: string;
}

export class AddCouncilMemberCommand extends CouncilMemberRequest {
  @IsUUID()
  compoundId!: string;
}

export class CreateCouncilRequest {
  @ApiProperty({ example: '天馨花园红色物业联席会' })
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiPropertyOptional({ description: 'the day the rhythm starts (YYYY-MM-DD, default today)' })
  @IsOptional()
  @IsCalendarDate()
  since?: string;

  @ApiPropertyOptional({ type: [CouncilMemberRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => CouncilMemberRequest)
  members?: CouncilMemberRequest[];
}

export class CreateCouncilCommand extends CreateCouncilRequest {
  @IsUUID()
  compoundId!: string;
}

export class CouncilOfCompoundRequest {
  @IsUUID()
  compoundId!: string;
}

export class RecordRhythmRequest {
  @ApiProperty({ enum: RHYTHM_KINDS })
  @IsIn(RHYTHM_KINDS)
  kind!: RhythmKind;

  @ApiProperty({ description: 'the day it was held (YYYY-MM-DD, Asia/Shanghai)' })
  @IsCalendarDate()
  heldOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class RecordRhythmCommand extends RecordRhythmRequest {
  @IsUUID()
  compoundId!: string;
}

export class RhythmScheduleQuery {
  @ApiPropertyOptional({ description: 'the day to look from (YYYY-MM-DD, default today in Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class RhythmScheduleCommand extends RhythmScheduleQuery {
  @IsUUID()
  compoundId!: string;
}

export class CouncilMemberView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: COUNCIL_SIDES }) side!: CouncilSide;
  @ApiProperty({ enum: COUNCIL_ROLES }) role!: CouncilRole;
  @ApiProperty({ type: String, nullable: true }) userId!: string | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty() addedAt!: string;
}

export class CouncilView {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the day its rhythm started' }) since!: string;
  @ApiProperty({ type: [CouncilMemberView] }) members!: CouncilMemberView[];
  @ApiProperty() createdAt!: string;
}

export class RhythmHeldView {
  @ApiProperty({ enum: RHYTHM_KINDS }) kind!: RhythmKind;
  @ApiProperty() heldOn!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

/** One rhythm as of a day: its current period, when it was last held, whether it is held, due or overdue. */
export class RhythmItemView {
  @ApiProperty({ enum: RHYTHM_KINDS }) kind!: RhythmKind;
  @ApiProperty({ enum: RHYTHM_PERIODS }) period!: RhythmPeriod;
  @ApiProperty() periodStart!: string;
  @ApiProperty({ description: 'the last day of the period: due by then' }) dueBy!: string;
  @ApiProperty({ type: String, nullable: true }) lastHeldOn!: string | null;
  @ApiProperty({
    enum: RHYTHM_STATUSES,
    description: 'held in this period; due (not yet); overdue (the last period passed without it)',
  })
  status!: RhythmStatus;
  @ApiProperty({ description: 'past periods since the council started that had none' }) missedPeriods!: number;
}

export class RhythmScheduleView {
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: [RhythmItemView] }) items!: RhythmItemView[];
}
