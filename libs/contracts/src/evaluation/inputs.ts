import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ORG_PATH } from '../common';
import { IntBetween } from '../decorators';
import { DISTRICT_CODE } from './schemes';
import { UNIT_KEY, UNIT_KINDS, type UnitKind } from './units';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A grave incident (重大事件) recorded against a unit on a day: what a veto rule counts. */
export class RecordIncidentRequest {
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS) unitKind!: UnitKind;
  @ApiProperty({ example: 'd01.s01.c01' }) @Matches(UNIT_KEY) unit!: string;
  @ApiProperty({ example: '2026-03-14', description: 'the day it happened (Asia/Shanghai)' })
  @Matches(DAY)
  day!: string;
  @ApiProperty({ example: '辖区内发生较大安全生产事故' }) @IsString() @Length(1, 500) reason!: string;
}
export class RecordIncidentCommand extends RecordIncidentRequest {
  @Matches(DISTRICT_CODE) district!: string;
}

/** A street's own rating of a department for a month (街道评部门), 0–100. */
export class StreetRatingRequest {
  @ApiProperty({ example: 'd01.dep-sanitation' }) @Matches(ORG_PATH) department!: string;
  @ApiProperty({ example: '2026-03' }) @Matches(MONTH, { message: 'month must be YYYY-MM' }) month!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IntBetween(0, 100) score!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) comment?: string;
}
export class StreetRatingCommand extends StreetRatingRequest {
  @ApiProperty({ example: 'd01.s01' }) @Matches(ORG_PATH) streetPath!: string;
}

/** Something written into evaluation's log (the history its figures are computed from). */
export class RecordedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'its position in evaluation’s event history' }) position!: string;
}

export const SURVEY_KINDS = ['after_ticket', 'periodic'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export class SurveyQuestion {
  @ApiProperty({ example: 'q1' }) @Matches(/^[a-z][a-z0-9_]{0,15}$/) code!: string;
  @ApiProperty({ example: '您对处理结果是否满意？' }) @IsString() @Length(1, 200) text!: string;
}

/** A questionnaire: after a closed ticket, or a periodic survey of a community (answers 1–5 per question). */
export class CreateSurveyRequest {
  @ApiProperty({ enum: SURVEY_KINDS }) @IsIn(SURVEY_KINDS) kind!: SurveyKind;
  @ApiProperty({ example: 'd01.s01.c01', description: 'the community (or grid) surveyed' })
  @Matches(ORG_PATH)
  path!: string;
  @ApiProperty({ example: '2026年一季度居民满意度调查' }) @IsString() @Length(1, 100) title!: string;
  @ApiProperty({ type: [SurveyQuestion] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestion)
  questions!: SurveyQuestion[];
}
export class CreateSurveyCommand extends CreateSurveyRequest {}

export class SurveyView extends CreateSurveyRequest {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() answers!: number;
  @ApiProperty() createdAt!: string;
}

export class SurveyAnswerRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'after_ticket: the closed ticket the answer is about' })
  @IsOptional()
  @IsUUID()
  ticketId?: string;
  @ApiProperty({
    type: Object,
    example: { q1: 5 },
    description: 'question code → 1–5 (5 very satisfied); every question answered',
  })
  @IsObject()
  answers!: Record<string, number>;
}
export class SurveyAnswerCommand extends SurveyAnswerRequest {
  @IsUUID() surveyId!: string;
}
export class SurveyIdRequest {
  @IsUUID() surveyId!: string;
}
export class SurveyListQuery {
  @ApiPropertyOptional({ example: 'd01.s01' }) @IsOptional() @Matches(ORG_PATH) path?: string;
}

/** Third-party survey results, imported from XLSX/CSV: 单位路径, 日期, 样本数, 满意数. */
export const SATISFACTION_IMPORT_MAX_ROWS = 5000;

export class SatisfactionImportCommand {
  @IsString() @Length(1, 255) fileName!: string;
  @IsIn(['all-or-nothing', 'valid-rows']) mode!: 'all-or-nothing' | 'valid-rows';
  /** the header row first, then the data rows, as text cells (the gateway reads the upload) */
  @IsArray()
  @ArrayMaxSize(SATISFACTION_IMPORT_MAX_ROWS + 1)
  @IsArray({ each: true })
  cells!: string[][];
}

export class ImportRowProblem {
  @ApiProperty({ description: 'row number in the file (the header is row 1)' }) row!: number;
  @ApiProperty() problems!: string[];
}

export class SatisfactionImportReport {
  @ApiProperty() rows!: number;
  @ApiProperty() imported!: number;
  @ApiProperty() refused!: number;
  @ApiProperty({ type: [ImportRowProblem] }) problems!: ImportRowProblem[];
  @ApiProperty({ enum: ['all-or-nothing', 'valid-rows'] }) mode!: string;
}

/** A rebuild of the projection from evaluation's log, beside the live one. */
export class RebuildView {
  @ApiProperty() generation!: number;
  @ApiProperty({ enum: ['building', 'live', 'retired'] }) state!: string;
  @ApiProperty({ description: 'log position it has applied' }) position!: string;
  @ApiProperty({ description: 'the log’s last position' }) logEnd!: string;
  @ApiProperty() startedAt!: string;
}
