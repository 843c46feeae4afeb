import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../common';
import { IntBetween, Nullable, OptionalInstant, OptionalOrgPath } from '../decorators';
import { IsQuarter } from './decorators';

/**
 * The six must-visit groups (六必访): poor / low-income, elderly living alone, disabled, floating
 * people, old party members, people under assistance. `floating` comes from the residence type,
 * the others from the special-care tags of the same name.
 */
export const MUST_VISIT_GROUPS = [
  'low_income',
  'elderly_alone',
  'disabled',
  'floating',
  'old_party_member',
  'under_assistance',
] as const;
export type MustVisitGroup = (typeof MUST_VISIT_GROUPS)[number];

/** Default yearly target of a visit plan (households). */
export const DEFAULT_VISIT_TARGET = 100;

export class VisitPlanRequest {
  @ApiProperty({ example: 2026 })
  @IntBetween(2000, 2100)
  year!: number;

  @ApiPropertyOptional({ description: 'user id of the staff member; default yourself' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  staffId?: string;

  @ApiPropertyOptional({ example: '孙建国' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  staffName?: string;

  @OptionalOrgPath({
    example: 'd01.s01.c01.g01',
    description: 'the area the staff member visits; default your own scope',
  })
  path?: string;

  @ApiPropertyOptional({ default: DEFAULT_VISIT_TARGET, description: 'households to visit in the year' })
  @IsOptional()
  @IntBetween(1, 100000)
  target?: number;
}

export class VisitPlanListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @IntBetween(2000, 2100)
  year?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  staffId?: string;

  @OptionalOrgPath({ example: 'd01.s01.c01' })
  within?: string;
}

export class VisitPlanView {
  @ApiProperty() id!: string;
  @ApiProperty() staffId!: string;
  @Nullable(String) staffName!: string | null;
  @ApiProperty() year!: number;
  @ApiProperty() target!: number;
  @ApiProperty() path!: string;
  @ApiProperty({ description: 'distinct households the staff member visited in the year' }) visitedHouseholds!: number;
  @ApiProperty({ description: 'visits recorded in the year' }) visits!: number;
  @ApiProperty({ description: 'visitedHouseholds / target, 0..1 (capped)' }) progress!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class RecordVisitRequest {
  @ApiProperty()
  @IsUUID()
  householdId!: string;

  @OptionalInstant({
    example: '2026-11-20T10:30:00+08:00',
    description: 'when the visit took place; default now; not in the future',
  })
  visitedAt?: string;

  @ApiProperty({ example: '老人身体尚可，提醒冬季用电安全' })
  @IsString()
  @Length(1, 2000)
  notes!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['visits/2026/11/abc.jpg'],
    description: 'references of uploaded photos (at most 9)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  photos?: string[];
}

export class VisitListQuery extends PageQuery {
  @OptionalOrgPath({ example: 'd01.s01.c01' })
  within?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  visitorId?: string;

  @OptionalInstant({ description: 'visited at or after' })
  from?: string;

  @OptionalInstant({ description: 'visited before' })
  to?: string;
}

export class VisitView {
  @ApiProperty() id!: string;
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiProperty() path!: string;
  @ApiProperty() visitorId!: string;
  @Nullable(String) visitorName!: string | null;
  @ApiProperty() visitedAt!: string;
  @ApiProperty() notes!: string;
  @ApiProperty({ type: [String] }) photos!: string[];
  @ApiProperty({
    enum: MUST_VISIT_GROUPS,
    isArray: true,
    description: 'must-visit groups of the household when visited',
  })
  groups!: MustVisitGroup[];
  @ApiProperty() recordedAt!: string;
}

export class CoverageQuery {
  @OptionalOrgPath({ example: 'd01.s01.c01', description: 'default your scope' })
  within?: string;

  @ApiPropertyOptional({ example: '2026-Q4', description: 'default the current quarter (China time)' })
  @IsOptional()
  @IsQuarter()
  quarter?: string;
}

export class UnvisitedQuery extends PageQuery {
  @OptionalOrgPath({ example: 'd01.s01.c01' })
  within?: string;

  @ApiPropertyOptional({ example: '2026-Q4' })
  @IsOptional()
  @IsQuarter()
  quarter?: string;
}

export class CoverageRow {
  @ApiProperty({ example: 'd01.s01.c01.g01' }) path!: string;
  @ApiProperty() mustVisit!: number;
  @ApiProperty() visited!: number;
  @ApiProperty() notVisited!: number;
  @ApiProperty({ description: 'visited / mustVisit, 1 when there is none' }) coverage!: number;
}

export class CoverageView {
  @ApiProperty({ example: '2026-Q4' }) quarter!: string;
  @ApiProperty({ example: '2026-10-01' }) from!: string;
  @ApiProperty({ example: '2027-01-01', description: 'exclusive' }) to!: string;
  @ApiProperty({ type: CoverageRow }) total!: CoverageRow;
  @ApiProperty({ type: [CoverageRow] }) grids!: CoverageRow[];
  @ApiProperty({ type: [CoverageRow] }) communities!: CoverageRow[];
}

export class MustVisitHousehold {
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiProperty() path!: string;
  @ApiProperty({ enum: MUST_VISIT_GROUPS, isArray: true }) groups!: MustVisitGroup[];
  @Nullable(String, { description: 'the last visit ever, if any' }) lastVisitedAt!: string | null;
}

export class UnvisitedPage {
  @ApiProperty() quarter!: string;
  @ApiProperty({ type: [MustVisitHousehold] }) items!: MustVisitHousehold[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
