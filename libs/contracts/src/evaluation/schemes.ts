import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IntBetween } from '../decorators';
import { INDICATOR_CODE } from './indicators';
import { UNIT_KINDS, type UnitKind } from './units';

export const SCHEME_CODE = /^[a-z][a-z0-9_-]{1,47}$/;
export const DISTRICT_CODE = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * How a value becomes points. `linear`: full marks at the target, `deduct` points per unit
 * (percentage point) short of it (below it when higher is better, above it otherwise), never
 * below `floor` nor above `cap`. `proportional`: the weight × the rate (× (100 − rate) when lower
 * is better). `bands`: for counts, the points of the last band whose `from` the value reaches.
 */
export const POINTS_KINDS = ['linear', 'proportional', 'bands'] as const;
export type PointsKind = (typeof POINTS_KINDS)[number];

const decimal = { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false };

export class PointsBand {
  @ApiProperty({ description: 'the value from which this band applies (included)' })
  @IsNumber(decimal)
  @Min(0)
  @Max(1e12)
  from!: number;

  @ApiProperty({ description: 'the points of the band (at most the weight)' })
  @IsNumber(decimal)
  @Min(0)
  @Max(1000)
  points!: number;
}

export class PointsRule {
  @ApiProperty({ enum: POINTS_KINDS })
  @IsIn(POINTS_KINDS)
  kind!: PointsKind;

  @ApiPropertyOptional({ description: 'linear: the value that earns full marks (e.g. 100 for 100%)' })
  @IsOptional()
  @IsNumber(decimal)
  @Min(0)
  @Max(1e12)
  target?: number;

  @ApiPropertyOptional({ description: 'linear: points deducted per unit short of the target' })
  @IsOptional()
  @IsNumber(decimal)
  @Min(0)
  @Max(1000)
  deduct?: number;

  @ApiPropertyOptional({ description: 'linear: the fewest points (default 0)' })
  @IsOptional()
  @IsNumber(decimal)
  @Min(0)
  @Max(1000)
  floor?: number;

  @ApiPropertyOptional({ description: 'linear: the most points (default the weight)' })
  @IsOptional()
  @IsNumber(decimal)
  @Min(0)
  @Max(1000)
  cap?: number;

  @ApiPropertyOptional({ type: [PointsBand], description: 'bands: ascending by `from`' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PointsBand)
  bands?: PointsBand[];
}

export class SchemeItem {
  @ApiProperty({ example: 'handle_on_time_rate' })
  @Matches(INDICATOR_CODE)
  indicator!: string;

  @ApiPropertyOptional({ description: 'the indicator version (default: its latest when the scheme is made)' })
  @IsOptional()
  @IntBetween(1, 100000)
  indicatorVersion?: number;

  @ApiProperty({ description: 'its share of the total' })
  @IsNumber(decimal)
  @Min(0)
  @Max(1000)
  weight!: number;

  @ApiProperty({ type: PointsRule })
  @ValidateNested()
  @Type(() => PointsRule)
  points!: PointsRule;
}

/** 一票否决: one grave incident (the indicator reaching `atLeast`) sets the unit's score to zero for the period. */
export class VetoRule {
  @ApiProperty({ example: 'grave_incidents' })
  @Matches(INDICATOR_CODE)
  indicator!: string;

  @ApiProperty({ minimum: 1 })
  @IntBetween(1, 1_000_000)
  atLeast!: number;

  @ApiProperty({ example: '发生重大安全事故' })
  @IsString()
  @Length(1, 200)
  reason!: string;
}

export class GradeRule {
  @ApiProperty({ example: 'A' })
  @Matches(/^[A-Z][A-Z0-9+-]{0,3}$/)
  grade!: string;

  @ApiProperty({ example: 90, description: 'the lowest score of the grade (included)' })
  @IsNumber(decimal)
  @Min(0)
  @Max(1000)
  min!: number;
}

export class DefineSchemeRequest {
  @ApiProperty({ example: 'department-2026' })
  @Matches(SCHEME_CODE)
  code!: string;

  @ApiProperty({ example: '职能部门考核方案（2026）' })
  @IsString()
  @Length(1, 80)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  unitKind!: UnitKind;

  @ApiPropertyOptional({ default: 100, description: 'what the weights add up to (a scheme for another total says so)' })
  @IsOptional()
  @IsNumber(decimal)
  @Min(1)
  @Max(1000)
  total?: number;

  @ApiProperty({ type: [SchemeItem] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => SchemeItem)
  items!: SchemeItem[];

  @ApiPropertyOptional({ type: [VetoRule] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => VetoRule)
  vetoes?: VetoRule[];

  @ApiPropertyOptional({
    type: [GradeRule],
    description: 'default A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below (of 100; scaled to another total)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => GradeRule)
  grades?: GradeRule[];
}

export class DefineSchemeCommand extends DefineSchemeRequest {
  @Matches(DISTRICT_CODE) district!: string;
}

export class SchemeVersionRequest {
  @Matches(DISTRICT_CODE) district!: string;
  @Matches(SCHEME_CODE) code!: string;
  @IntBetween(1, 100000) version!: number;
}

export class ReviseSchemeCommand extends DefineSchemeCommand {
  @IntBetween(1, 100000) version!: number;
}

export class SchemeListQuery {
  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  unitKind?: UnitKind;
}

export class SchemeListCommand extends SchemeListQuery {
  @Matches(DISTRICT_CODE) district!: string;
}

export class SchemeItemView extends SchemeItem {
  @ApiProperty() declare indicatorVersion: number;
  @ApiProperty() indicatorName!: string;
}

export class SchemeView {
  @ApiProperty() district!: string;
  @ApiProperty() code!: string;
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: UNIT_KINDS }) unitKind!: UnitKind;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [SchemeItemView] }) items!: SchemeItemView[];
  @ApiProperty({ type: [VetoRule] }) vetoes!: VetoRule[];
  @ApiProperty({ type: [GradeRule] }) grades!: GradeRule[];
  @ApiProperty({ description: 'true once a scorecard used it: it can no longer change (make a new version)' })
  inUse!: boolean;
  @ApiProperty() definedAt!: string;
}
