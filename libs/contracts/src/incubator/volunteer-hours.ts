import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common';
import { IntBetween, Nullable, OptionalBoolean } from '../decorators';
import { IsCalendarDate } from '../registry/decorators';
import { PersonRef } from '../ticketing/tickets';

/** The longest time one volunteer can be credited for one activity: a day, in minutes. */
export const MAX_ENTRY_MINUTES = 24 * 60;
/** How many volunteers' hours one request records. */
export const MAX_ENTRIES_PER_REQUEST = 500;

/** An entry's states: the current one, or one a granted correction replaced (kept as history). */
export const HOURS_ENTRY_STATUSES = ['current', 'superseded'] as const;
export type HoursEntryStatus = (typeof HOURS_ENTRY_STATUSES)[number];

export const CORRECTION_STATUSES = ['pending', 'granted', 'refused'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_DECISIONS = ['granted', 'refused'] as const;
export type CorrectionDecision = (typeof CORRECTION_DECISIONS)[number];

export class HoursEntryInput {
  @ApiProperty({ format: 'uuid', description: 'a volunteer confirmed for the activity' })
  @IsUUID()
  volunteerId!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_ENTRY_MINUTES, description: 'the time actually given, in whole minutes' })
  @IntBetween(1, MAX_ENTRY_MINUTES)
  minutes!: number;

  @ApiPropertyOptional({ example: '提前到场布置' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class RecordHoursRequest {
  @ApiProperty({ type: [HoursEntryInput], description: `1 to ${MAX_ENTRIES_PER_REQUEST} volunteers, each once` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ENTRIES_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => HoursEntryInput)
  entries!: HoursEntryInput[];
}

export class RecordHoursCommand extends RecordHoursRequest {
  @IsUUID()
  id!: string;
}

export class HoursHistoryQuery extends PageQuery {
  @OptionalBoolean({ description: 'also the entries corrections replaced' })
  history?: boolean;
}

export class ActivityHoursQuery extends HoursHistoryQuery {
  @IsUUID()
  id!: string;
}

/** One volunteer's time given at one activity, as recorded by the organising team. */
export class HoursEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() activityId!: string;
  @ApiProperty() activityTitle!: string;
  @ApiProperty() content!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ example: '2026-05-16', description: 'the day served (Asia/Shanghai, the day the activity started)' })
  servedOn!: string;
  @ApiProperty() volunteerId!: string;
  @ApiProperty({ example: '李*' }) volunteerNameMasked!: string;
  @ApiProperty() teamId!: string;
  @ApiProperty() teamName!: string;
  @Nullable(String) organisationId!: string | null;
  @Nullable(String) organisationName!: string | null;
  @ApiProperty({ example: 'd01.s01.c01' }) communityPath!: string;
  @ApiProperty({ description: 'exact, whole minutes' }) minutes!: number;
  @ApiProperty({ example: '2.5', description: 'hours with one decimal, for display' }) hours!: string;
  @ApiProperty({ description: 'recorded after it was due (10 working days after the activity ended)' }) late!: boolean;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ description: 'who was in charge on the day (负责人)' }) inCharge!: string;
  @ApiProperty({ type: PersonRef }) recordedBy!: PersonRef;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ enum: HOURS_ENTRY_STATUSES }) status!: HoursEntryStatus;
  @Nullable(String, { description: 'the entry this one replaced (a granted correction)' }) supersedes!: string | null;
  @Nullable(String, { description: 'the entry that replaced this one' }) supersededBy!: string | null;
  @Nullable(String) correctionId!: string | null;
  @Nullable(String) note!: string | null;
}

export class RequestCorrectionRequest {
  @ApiProperty({ minimum: 1, maximum: MAX_ENTRY_MINUTES, description: 'the minutes the volunteer says they gave' })
  @IntBetween(1, MAX_ENTRY_MINUTES)
  minutes!: number;

  @ApiProperty({ example: '活动延长至12点，实际服务3小时', description: 'why the record is wrong' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}

export class RequestCorrectionCommand extends RequestCorrectionRequest {
  @IsUUID()
  id!: string;

  @IsUUID()
  entryId!: string;
}

export class DecideCorrectionRequest {
  @ApiProperty({
    enum: CORRECTION_DECISIONS,
    description: 'granted: a new entry replaces the old one (kept as history)',
  })
  @IsIn(CORRECTION_DECISIONS)
  decision!: CorrectionDecision;

  @ApiPropertyOptional({ example: '经负责人核实，同意更正' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class DecideCorrectionCommand extends DecideCorrectionRequest {
  @IsUUID()
  id!: string;

  @IsUUID()
  correctionId!: string;
}

export class CorrectionFilter extends PageQuery {
  @ApiPropertyOptional({ enum: CORRECTION_STATUSES })
  @IsOptional()
  @IsIn(CORRECTION_STATUSES)
  status?: CorrectionStatus;
}

export class CorrectionListQuery extends CorrectionFilter {
  @IsUUID()
  id!: string;
}

export class CorrectionView {
  @ApiProperty() id!: string;
  @ApiProperty() entryId!: string;
  @ApiProperty() activityId!: string;
  @ApiProperty() teamId!: string;
  @ApiProperty() volunteerId!: string;
  @ApiProperty({ description: 'the minutes the entry holds' }) fromMinutes!: number;
  @ApiProperty({ description: 'the minutes asked for' }) minutes!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: CORRECTION_STATUSES }) status!: CorrectionStatus;
  @ApiProperty({ type: PersonRef }) requestedBy!: PersonRef;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional({ type: PersonRef, nullable: true }) decidedBy!: PersonRef | null;
  @Nullable(String) decidedAt!: string | null;
  @Nullable(String) note!: string | null;
  @Nullable(String, { description: 'the entry a granted correction made' }) newEntryId!: string | null;
}

/** A period of Asia/Shanghai days, both ends included; either end open. */
export class HoursPeriodQuery {
  @ApiPropertyOptional({ example: '2026-05-01', description: 'first day counted (Asia/Shanghai), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-05-31', description: 'last day counted (Asia/Shanghai), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class VolunteerHoursQuery extends HoursPeriodQuery {
  @IsUUID()
  id!: string;
}

export class TeamHoursQuery extends HoursPeriodQuery {
  @IsUUID()
  id!: string;
}

export class PagedHoursPeriodQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-05-01', description: 'first day counted (Asia/Shanghai), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-05-31', description: 'last day counted (Asia/Shanghai), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class VolunteerEntriesRequest extends PagedHoursPeriodQuery {
  @OptionalBoolean({ description: 'also the entries corrections replaced' })
  history?: boolean;
}

export class VolunteerEntriesQuery extends VolunteerEntriesRequest {
  @IsUUID()
  id!: string;
}

export class TeamVolunteerHoursQuery extends PagedHoursPeriodQuery {
  @IsUUID()
  id!: string;
}

export class TeamMinutesView {
  @ApiProperty() teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty() minutes!: number;
  @ApiProperty({ example: '12.5' }) hours!: string;
  @ApiProperty() activities!: number;
}

/** A volunteer's hours over a period: exact minutes, hours with one decimal, per team. */
export class VolunteerHoursView {
  @ApiProperty() volunteerId!: string;
  @Nullable(String) from!: string | null;
  @Nullable(String) to!: string | null;
  @ApiProperty({ description: 'exact, whole minutes' }) minutes!: number;
  @ApiProperty({ example: '12.5' }) hours!: string;
  @ApiProperty({ description: 'activities served' }) activities!: number;
  @ApiProperty({ type: [TeamMinutesView] }) byTeam!: TeamMinutesView[];
}

/** A team's hours over a period. */
export class TeamHoursView {
  @ApiProperty() teamId!: string;
  @Nullable(String) from!: string | null;
  @Nullable(String) to!: string | null;
  @ApiProperty({ description: 'exact, whole minutes' }) minutes!: number;
  @ApiProperty({ example: '120.5' }) hours!: string;
  @ApiProperty({ description: 'activities with hours recorded' }) activities!: number;
  @ApiProperty({ description: 'volunteers credited' }) volunteers!: number;
}

/** One volunteer's hours within a team over a period. */
export class VolunteerMinutesView {
  @ApiProperty() volunteerId!: string;
  @ApiProperty({ example: '李*' }) volunteerNameMasked!: string;
  @ApiProperty() minutes!: number;
  @ApiProperty({ example: '12.5' }) hours!: string;
  @ApiProperty() activities!: number;
}
