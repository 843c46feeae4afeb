import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IntBetween, Nullable } from '../decorators';
import {
  ExactValue,
  PERIOD,
  PERIOD_BASES,
  PERIOD_MESSAGE,
  UNIT_KEY,
  UNIT_KINDS,
  type PeriodBasis,
  type UnitKind,
} from './units';

/** Indicator codes: lower case, digits and underscores. */
export const INDICATOR_CODE = /^[a-z][a-z0-9_]{1,47}$/;
/** Measure names the projection writes: `ticket.closed`, `assignment.handled_on_time` … */
export const MEASURE_NAME = /^[a-z][a-z_]*(\.[a-z][a-z_]*){1,3}$/;
/** A facet of a measure: `*` (all), or one dimension's value such as `kind:event`, `source:resident`. */
export const FACET = /^(\*|(kind|source|severity):[a-z0-9_]{1,32})$/;

/**
 * How an indicator's value is made: a `ratio` (numerator / denominator × scale: 100 for a rate in
 * percent, 1 for a mean), a `count` (the numerator alone), or a `percentile` of durations (whole
 * minutes, nearest rank).
 */
export const INDICATOR_KINDS = ['ratio', 'count', 'percentile'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** Which facts count: a measure, the time that decides its period, and an optional filter. */
export class MeasureRef {
  @ApiProperty({
    example: 'ticket.closed',
    description: 'the measure the projection counts (see GET /evaluation/measures)',
  })
  @Matches(MEASURE_NAME)
  measure!: string;

  @ApiProperty({ enum: PERIOD_BASES, description: 'which time decides the period it counts in' })
  @IsIn(PERIOD_BASES)
  basis!: PeriodBasis;

  @ApiProperty({
    example: '*',
    description: '`*` all, or a filter: `kind:event`, `source:resident`, `severity:urgent`',
  })
  @Matches(FACET)
  facet!: string;
}

/** An indicator's rule as structure. */
export class IndicatorRule {
  @ApiProperty({ enum: INDICATOR_KINDS })
  @IsIn(INDICATOR_KINDS)
  kind!: IndicatorKind;

  @ApiProperty({ type: MeasureRef })
  @ValidateNested()
  @Type(() => MeasureRef)
  numerator!: MeasureRef;

  @Nullable(MeasureRef, { description: 'ratio only; when its total is zero the indicator is not applicable' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeasureRef)
  denominator?: MeasureRef | null;

  @ApiProperty({ description: 'ratio: 100 for percent, 1 for a mean; else 1', enum: [1, 100] })
  @IsIn([1, 100])
  scale!: number;

  @ApiPropertyOptional({ description: 'percentile only: which one (90 for p90)', minimum: 1, maximum: 99 })
  @IsOptional()
  @IntBetween(1, 99)
  percentile?: number;

  @ApiPropertyOptional({
    description: 'count only: the count shown divided by this, exactly (60: minutes as hours; 100: fen as yuan)',
    enum: [1, 60, 100],
  })
  @IsOptional()
  @IsIn([1, 60, 100])
  divisor?: number;
}

/** A district's own indicator, made from the same building blocks as the built-in ones. */
export class DefineIndicatorRequest {
  @ApiProperty({ example: 'event_resolution_rate' })
  @Matches(INDICATOR_CODE)
  code!: string;

  @ApiProperty({ example: '事件类办结率' })
  @IsString()
  @Length(1, 60)
  name!: string;

  @ApiProperty({ description: 'the rule in words, as residents and departments read it' })
  @IsString()
  @Length(1, 500)
  description!: string;

  @ApiProperty({ enum: UNIT_KINDS, isArray: true, description: 'the kinds of unit it is attributed to' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsIn(UNIT_KINDS, { each: true })
  unitKinds!: UnitKind[];

  @ApiProperty({ type: IndicatorRule })
  @ValidateNested()
  @Type(() => IndicatorRule)
  rule!: IndicatorRule;

  @ApiProperty()
  @IsBoolean()
  higherIsBetter!: boolean;

  @ApiProperty({ description: 'decimals shown (rounded half up)', minimum: 0, maximum: 4 })
  @IntBetween(0, 4)
  decimals!: number;

  @ApiProperty({ example: '%', description: 'shown after the value: %, 分钟, 件, 星 …' })
  @IsString()
  @Length(0, 8)
  unit!: string;
}

export class DefineIndicatorCommand extends DefineIndicatorRequest {
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  district!: string;
}

/** An indicator's definition, one version of it: in words and as its rule. */
export class IndicatorView {
  @ApiProperty() code!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'null: built in, for every district', nullable: true, type: String }) district!:
    string | null;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'the rule in words: what counts, over what, by which time' }) ruleText!: string;
  @ApiProperty({ enum: UNIT_KINDS, isArray: true }) unitKinds!: UnitKind[];
  @ApiProperty({ type: IndicatorRule }) rule!: IndicatorRule;
  @ApiProperty() higherIsBetter!: boolean;
  @ApiProperty() decimals!: number;
  @ApiProperty() unit!: string;
  @ApiProperty({
    example: 'not_applicable',
    description: 'a zero denominator makes it not applicable, listed apart (never 0% or 100%)',
  })
  whenDenominatorZero!: 'not_applicable';
  @ApiProperty({ example: 'Asia/Shanghai' }) days!: string;
  @ApiProperty() definedAt!: string;
}

export class IndicatorListQuery {
  @ApiPropertyOptional({
    description: 'the district whose own indicators are listed beside the built-in ones',
    example: 'd01',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  district?: string;
}

/** One indicator's value for one unit and period. */
export class IndicatorValueQuery {
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS) unitKind!: UnitKind;
  @ApiProperty({ example: 'd01.s01' }) @Matches(UNIT_KEY) unit!: string;
  @ApiProperty({ example: '2026-03' }) @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
  @ApiPropertyOptional({ description: 'departments: only the work of this street', example: 's01' })
  @IsOptional()
  @Matches(/^s\d{2,3}$/)
  street?: string;
  @ApiPropertyOptional({ description: 'a version (default: the latest)' })
  @IsOptional()
  @IntBetween(1, 100000)
  version?: number;
}

export class IndicatorValueCommand extends IndicatorValueQuery {
  @Matches(INDICATOR_CODE) code!: string;
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/) district!: string;
}

/** An indicator's figures for a unit and period. */
export class IndicatorFigureView {
  @ApiProperty() code!: string;
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'what was counted above the line (null for a percentile)', nullable: true, type: Number })
  numerator!: number | null;
  @ApiProperty({
    description: 'what was counted below the line (null for a count or a percentile)',
    nullable: true,
    type: Number,
  })
  denominator!: number | null;
  @ApiProperty({ description: 'false: the denominator is zero (or nothing to take a percentile of)' })
  applicable!: boolean;
  @Nullable(ExactValue) value!: ExactValue | null;
  @ApiProperty({ example: '84.6%', description: 'the value as shown, with its unit; 不适用 when not applicable' })
  shown!: string;
  @ApiProperty() explanation!: string;
}
