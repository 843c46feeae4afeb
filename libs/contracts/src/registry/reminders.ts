import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../common';
import { IntBetween, Nullable, OptionalDistrict, OptionalOrgPath } from '../decorators';
import { IsCalendarDate, IsTagCode } from './decorators';

export const REMINDER_STATUSES = ['open', 'done'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export class ReminderRuleView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'district code, or * for the defaults of every district' }) district!: string;
  @ApiProperty({ example: '高龄津贴申领' }) title!: string;
  @ApiProperty({ example: 80 }) ageYears!: number;
  @Nullable(String, { description: 'only persons carrying this tag' }) tag!: string | null;
  @ApiProperty({ description: 'birthdays from this date on produce reminders (YYYY-MM-DD)' }) since!: string;
  @ApiProperty({ description: 'active in the district asked for' }) active!: boolean;
}

export class ReminderRuleListQuery {
  @OptionalDistrict()
  district?: string;
}

export class CreateReminderRuleRequest {
  @OptionalDistrict({ example: 'd01', description: 'default: the district of your scope' })
  district?: string;

  @ApiProperty({ example: '高龄津贴申领' })
  @IsString()
  @Length(2, 100)
  title!: string;

  @ApiProperty({ example: 80, minimum: 0, maximum: 130 })
  @IntBetween(0, 130)
  ageYears!: number;

  @ApiPropertyOptional({ example: 'disabled' })
  @IsOptional()
  @IsTagCode()
  tag?: string;

  @ApiPropertyOptional({ description: 'first birthday covered (YYYY-MM-DD); default today' })
  @IsOptional()
  @IsCalendarDate()
  since?: string;
}

export class SetReminderRuleActiveRequest {
  @ApiProperty()
  @IsBoolean()
  active!: boolean;

  @OptionalDistrict()
  district?: string;
}

export class SetReminderRuleActiveCommand extends SetReminderRuleActiveRequest {
  @IsUUID()
  id!: string;
}

export class ReminderListQuery extends PageQuery {
  @OptionalOrgPath({ example: 'd01.s01.c01.g01', description: 'a grid (or any place) within your scope' })
  path?: string;

  @ApiPropertyOptional({ enum: REMINDER_STATUSES })
  @IsOptional()
  @IsIn(REMINDER_STATUSES)
  status?: ReminderStatus;
}

export class ReminderView {
  @ApiProperty() id!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty() path!: string;
  @ApiProperty() dueOn!: string;
  @ApiProperty({ enum: REMINDER_STATUSES }) status!: ReminderStatus;
  @ApiProperty() createdAt!: string;
  @Nullable(String) doneBy!: string | null;
  @Nullable(String) doneAt!: string | null;
  @Nullable(String) note!: string | null;
}

export class ReminderDoneRequest {
  @ApiPropertyOptional({ example: '已协助老人提交高龄津贴申请' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ReminderDoneCommand extends ReminderDoneRequest {
  @IsUUID()
  id!: string;
}
