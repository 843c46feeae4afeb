import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ORG_CODE, ORG_PATH, PageQuery } from '../common';

/** Code of a tag (built-in or district-defined): lower-case letters, digits, underscore. */
export const TAG_CODE = /^[a-z][a-z0-9_]{1,31}$/;
export const TAG_CODE_MESSAGE = '$property must be a tag code (a-z, 0-9, _; 2-32 characters)';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const REMINDER_STATUSES = ['open', 'done'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export class ReminderRuleView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'district code, or * for the defaults of every district' }) district!: string;
  @ApiProperty({ example: '高龄津贴申领' }) title!: string;
  @ApiProperty({ example: 80 }) ageYears!: number;
  @ApiPropertyOptional({ nullable: true, description: 'only persons carrying this tag' }) tag!: string | null;
  @ApiProperty({ description: 'birthdays from this date on produce reminders (YYYY-MM-DD)' }) since!: string;
  @ApiProperty({ description: 'active in the district asked for' }) active!: boolean;
}

export class ReminderRuleListQuery {
  @ApiPropertyOptional({ example: 'd01' })
  @IsOptional()
  @Matches(ORG_CODE)
  district?: string;
}

export class CreateReminderRuleRequest {
  @ApiPropertyOptional({ example: 'd01', description: 'default: the district of your scope' })
  @IsOptional()
  @Matches(ORG_CODE)
  district?: string;

  @ApiProperty({ example: '高龄津贴申领' })
  @IsString()
  @Length(2, 100)
  title!: string;

  @ApiProperty({ example: 80, minimum: 0, maximum: 130 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(130)
  ageYears!: number;

  @ApiPropertyOptional({ example: 'disabled' })
  @IsOptional()
  @Matches(TAG_CODE, { message: TAG_CODE_MESSAGE })
  tag?: string;

  @ApiPropertyOptional({ description: 'first birthday covered (YYYY-MM-DD); default today' })
  @IsOptional()
  @Matches(DATE, { message: '$property must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: '$property must be a date YYYY-MM-DD' })
  since?: string;
}

export class SetReminderRuleActiveRequest {
  @ApiProperty()
  @IsBoolean()
  active!: boolean;

  @ApiPropertyOptional({ example: 'd01' })
  @IsOptional()
  @Matches(ORG_CODE)
  district?: string;
}

export class SetReminderRuleActiveCommand extends SetReminderRuleActiveRequest {
  @IsUUID()
  id!: string;
}

export class ReminderListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'd01.s01.c01.g01', description: 'a grid (or any place) within your scope' })
  @IsOptional()
  @Matches(ORG_PATH)
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
  @ApiPropertyOptional({ nullable: true }) doneBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) doneAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
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

export class TagDefinitionView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'one of the seven special-care tags' }) builtIn!: boolean;
}

export class TagListQuery {
  @ApiPropertyOptional({ example: 'd01' })
  @IsOptional()
  @Matches(ORG_CODE)
  district?: string;
}

export class DefineTagRequest {
  @ApiPropertyOptional({ example: 'd01', description: 'default: the district of your scope' })
  @IsOptional()
  @Matches(ORG_CODE)
  district?: string;

  @ApiProperty({ example: 'dialysis_patient' })
  @Matches(TAG_CODE, { message: TAG_CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: '透析病人' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 32)
  name!: string;
}

export const DUPLICATE_STATUSES = ['pending', 'merged', 'kept_apart'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

export class DuplicateListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DUPLICATE_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(DUPLICATE_STATUSES)
  status?: DuplicateStatus;

  @ApiPropertyOptional({ example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;
}

export class DuplicatePersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() birthDate!: string;
  @ApiProperty() path!: string;
  @ApiPropertyOptional({ nullable: true }) idNumberMasked!: string | null;
  @ApiProperty() present!: boolean;
}

export class DuplicateView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the community both live in' }) community!: string;
  @ApiProperty({ type: DuplicatePersonView }) person!: DuplicatePersonView;
  @ApiProperty({ type: DuplicatePersonView }) other!: DuplicatePersonView;
  @ApiProperty({ enum: DUPLICATE_STATUSES }) status!: DuplicateStatus;
  @ApiProperty() flaggedAt!: string;
  @ApiPropertyOptional({ nullable: true }) keptPersonId!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedAt!: string | null;
}

export class MergeDuplicateRequest {
  @ApiProperty({ description: 'the person kept (one of the pair); the other is marked merged into it' })
  @IsUUID()
  keepPersonId!: string;
}

export class MergeDuplicateCommand extends MergeDuplicateRequest {
  @IsUUID()
  id!: string;
}
