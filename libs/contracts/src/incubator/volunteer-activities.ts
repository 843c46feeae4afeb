import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsInstant, PageQuery } from '../common';
import { COMMUNITY_PATH } from '../councils/compounds';
import { IntBetween, Nullable, OptionalInstant, OptionalOrgPath } from '../decorators';

/** The most places one activity may offer. */
export const MAX_ACTIVITY_CAPACITY = 10_000;

/**
 * A sign-up's states: confirmed (within the capacity), waiting (on the waiting list, in order),
 * cancelled (by the volunteer or an organiser; the first waiting is then confirmed).
 */
export const SIGN_UP_STATUSES = ['confirmed', 'waiting', 'cancelled'] as const;
export type SignUpStatus = (typeof SIGN_UP_STATUSES)[number];

/** A check-in code as typed: letters and digits (case, spaces and dashes are ignored). */
export const CHECK_CODE_TYPED = /^[A-Za-z0-9 -]{4,12}$/;

export class CreateActivityRequest {
  @ApiProperty({ format: 'uuid', description: 'the organising team (its organisers record the hours)' })
  @IsUUID()
  teamId!: string;

  @ApiProperty({ example: '重阳节敬老助餐' })
  @IsString()
  @Length(1, 100)
  title!: string;

  @ApiProperty({ example: '为社区长者食堂分餐、送餐上门' })
  @IsString()
  @Length(1, 2000)
  content!: string;

  @ApiProperty({ example: '湖光社区长者食堂' })
  @IsString()
  @Length(1, 200)
  place!: string;

  @ApiProperty({ example: 'd01.s01.c01', description: "the community where it takes place (in the team's street)" })
  @Matches(COMMUNITY_PATH, { message: 'communityPath must be a community path such as d01.s01.c01' })
  communityPath!: string;

  @ApiProperty({ example: '2026-05-16T09:00:00+08:00' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ example: '2026-05-16T11:30:00+08:00', description: 'after startsAt, at most 24 hours later' })
  @IsInstant()
  endsAt!: string;

  @ApiProperty({
    minimum: 1,
    maximum: MAX_ACTIVITY_CAPACITY,
    description: 'places; sign-ups beyond them wait in order',
  })
  @IntBetween(1, MAX_ACTIVITY_CAPACITY)
  capacity!: number;

  @ApiProperty({ example: '赵秀兰', description: 'who is in charge on the day (负责人), as the record states' })
  @IsString()
  @Length(1, 50)
  inCharge!: string;
}

export class ActivityIdRequest {
  @IsUUID()
  id!: string;
}

export class ActivityListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "only this team's activities" })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @OptionalOrgPath({ description: 'only activities in communities within this org path', example: 'd01.s01.c01' })
  within?: string;

  @OptionalInstant({ description: 'only activities ending at or after this instant' })
  from?: string;

  @OptionalInstant({ description: 'only activities starting before this instant' })
  to?: string;
}

export class ActivityView {
  @ApiProperty() id!: string;
  @ApiProperty() teamId!: string;
  @ApiProperty() teamName!: string;
  @Nullable(String) organisationId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() content!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ example: 'd01.s01.c01' }) communityPath!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ description: 'sign-ups confirmed (never more than the capacity)' }) confirmed!: number;
  @ApiProperty({ description: 'sign-ups on the waiting list' }) waiting!: number;
  @ApiProperty() inCharge!: string;
  @ApiProperty({ description: 'hours are due by then: the end of the 10th working day after the activity ends' })
  hoursDueAt!: string;
  @ApiProperty() createdAt!: string;
}

export class SignUpRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the volunteer an organiser signs up; without it the caller signs up as their own volunteer record',
  })
  @IsOptional()
  @IsUUID()
  volunteerId?: string;
}

export class SignUpCommand extends SignUpRequest {
  @IsUUID()
  id!: string;
}

export class SignUpIdCommand {
  @IsUUID()
  id!: string;

  @IsUUID()
  signUpId!: string;
}

export class SignUpFilter extends PageQuery {
  @ApiPropertyOptional({ enum: SIGN_UP_STATUSES })
  @IsOptional()
  @IsIn(SIGN_UP_STATUSES)
  status?: SignUpStatus;
}

export class SignUpListQuery extends SignUpFilter {
  @IsUUID()
  id!: string;
}

export class SignUpView {
  @ApiProperty() id!: string;
  @ApiProperty() activityId!: string;
  @ApiProperty() volunteerId!: string;
  @ApiProperty({ example: '李*' }) volunteerNameMasked!: string;
  @ApiProperty({ enum: SIGN_UP_STATUSES }) status!: SignUpStatus;
  @Nullable(Number, { description: 'place on the waiting list (1 = next to be confirmed), while waiting' })
  position!: number | null;
  @ApiProperty() signedUpAt!: string;
  @Nullable(String) confirmedAt!: string | null;
  @Nullable(String) cancelledAt!: string | null;
  @Nullable(String) checkedInAt!: string | null;
  @Nullable(String) checkedOutAt!: string | null;
}

/** The code organisers show at the activity; volunteers type it to check in and out. */
export class CheckCodeView {
  @ApiProperty() activityId!: string;
  @ApiProperty({ example: 'K7P3QX' }) code!: string;
  @ApiProperty({ description: 'the code is accepted from then (shortly before the start)' }) validFrom!: string;
  @ApiProperty({ description: 'until then (shortly after the end)' }) validUntil!: string;
}

export class AttendanceCodeRequest {
  @ApiProperty({ example: 'K7P3QX', description: 'the code shown at the activity' })
  @IsString()
  @Matches(CHECK_CODE_TYPED, { message: 'code must be the code shown at the activity' })
  code!: string;
}

export class AttendanceCodeCommand extends AttendanceCodeRequest {
  @IsUUID()
  id!: string;
}
