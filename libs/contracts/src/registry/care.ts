import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsInstant, ORG_PATH, PageQuery } from '../common';

// ---------------------------------------------------------------------------------------------
// Visits to the six must-visit groups (六必访)
// ---------------------------------------------------------------------------------------------

/**
 * The six must-visit groups: poor / low-income, elderly living alone, disabled, floating people,
 * old party members, people under assistance. `floating` comes from the residence type, the
 * others from the special-care tags of the same name.
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

/** A quarter such as `2026-Q4`; years 1000-2999, as year 0 or 9999-Q4 has no bounds PostgreSQL reads. */
export const QUARTER = /^[12]\d{3}-Q[1-4]$/;

export class VisitPlanRequest {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
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

  @ApiPropertyOptional({
    example: 'd01.s01.c01.g01',
    description: 'the area the staff member visits; default your own scope',
  })
  @IsOptional()
  @Matches(ORG_PATH)
  path?: string;

  @ApiPropertyOptional({ default: DEFAULT_VISIT_TARGET, description: 'households to visit in the year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  target?: number;
}

export class VisitPlanListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  staffId?: string;

  @ApiPropertyOptional({ example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;
}

export class VisitPlanView {
  @ApiProperty() id!: string;
  @ApiProperty() staffId!: string;
  @ApiPropertyOptional({ nullable: true }) staffName!: string | null;
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

  @ApiPropertyOptional({
    example: '2026-11-20T10:30:00+08:00',
    description: 'when the visit took place; default now; not in the future',
  })
  @IsOptional()
  @IsInstant()
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
  @ApiPropertyOptional({ example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
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

  @ApiPropertyOptional({ description: 'visited at or after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'visited before' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class VisitView {
  @ApiProperty() id!: string;
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiProperty() path!: string;
  @ApiProperty() visitorId!: string;
  @ApiPropertyOptional({ nullable: true }) visitorName!: string | null;
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
  @ApiPropertyOptional({ example: 'd01.s01.c01', description: 'default your scope' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional({ example: '2026-Q4', description: 'default the current quarter (China time)' })
  @IsOptional()
  @Matches(QUARTER, { message: 'quarter must look like 2026-Q4' })
  quarter?: string;
}

export class UnvisitedQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional({ example: '2026-Q4' })
  @IsOptional()
  @Matches(QUARTER, { message: 'quarter must look like 2026-Q4' })
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
  @ApiPropertyOptional({ nullable: true, description: 'the last visit ever, if any' }) lastVisitedAt!: string | null;
}

export class UnvisitedPage {
  @ApiProperty() quarter!: string;
  @ApiProperty({ type: [MustVisitHousehold] }) items!: MustVisitHousehold[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

// ---------------------------------------------------------------------------------------------
// Rental houses (出租房屋): landlord, tenants, seven-aspect score and colour
// ---------------------------------------------------------------------------------------------

/** The seven aspects a rental house is scored on, each 0–10. */
export const RENTAL_ASPECTS = [
  'populationRecords',
  'hygiene',
  'fireSafety',
  'security',
  'neighbourRelations',
  'publicProperty',
  'familyPlanning',
] as const;
export type RentalAspect = (typeof RENTAL_ASPECTS)[number];
export const RENTAL_COLOURS = ['green', 'yellow', 'red'] as const;
export type RentalColour = (typeof RENTAL_COLOURS)[number];

export class RegisterRentalBody {
  @ApiProperty({ description: 'the landlord, a registered person (may live elsewhere)' })
  @IsUUID()
  landlordPersonId!: string;
}

export class RegisterRentalRequest extends RegisterRentalBody {
  /** the household (door) that is let; its type becomes rental */
  @IsUUID()
  householdId!: string;
}

export class RentalScores {
  @ApiProperty({ minimum: 0, maximum: 10, description: '人口登记 population records' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  populationRecords!: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: '环境卫生 hygiene' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  hygiene!: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: '消防安全 fire safety' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  fireSafety!: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: '治安防范 security' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  security!: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: '邻里关系 neighbour relations' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  neighbourRelations!: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: '爱护公物 care of public property' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  publicProperty!: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: '计划生育 family planning' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  familyPlanning!: number;
}

export class GradeRentalRequest extends RentalScores {
  @ApiPropertyOptional({ example: '楼道堆放杂物，已要求清理' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  notes?: string;
}

export class GradeRentalCommand extends GradeRentalRequest {
  @IsUUID()
  id!: string;
}

export class RentalListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional({ enum: RENTAL_COLOURS })
  @IsOptional()
  @IsIn(RENTAL_COLOURS)
  colour?: RentalColour;
}

export class RentalGradeView {
  @ApiProperty() id!: string;
  @ApiProperty() householdId!: string;
  @ApiProperty({ type: RentalScores }) scores!: RentalScores;
  @ApiProperty({ description: 'sum of the seven aspects, 0–70' }) total!: number;
  @ApiProperty({ enum: RENTAL_COLOURS }) colour!: RentalColour;
  @ApiPropertyOptional({ nullable: true }) notes!: string | null;
  @ApiProperty() gradedBy!: string;
  @ApiPropertyOptional({ nullable: true }) gradedByName!: string | null;
  @ApiProperty() gradedAt!: string;
}

export class RentalPersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, description: 'masked' }) phone!: string | null;
  @ApiProperty() residenceType!: string;
  @ApiPropertyOptional({ nullable: true }) employer!: string | null;
  @ApiPropertyOptional({ nullable: true }) relation!: string | null;
}

export class RentalView {
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiProperty() path!: string;
  @ApiProperty() street!: string;
  @ApiProperty({ type: RentalPersonView }) landlord!: RentalPersonView;
  @ApiProperty({ type: [RentalPersonView], description: 'present members of the household other than the landlord' })
  tenants!: RentalPersonView[];
  @ApiProperty({ description: 'floating tenants registered without an employer (to complete)' })
  tenantsWithoutEmployer!: number;
  @ApiPropertyOptional({
    enum: RENTAL_COLOURS,
    nullable: true,
    description: 'colour of the latest grading; null before any',
  })
  colour!: RentalColour | null;
  @ApiPropertyOptional({ nullable: true }) total!: number | null;
  @ApiPropertyOptional({ nullable: true }) gradedAt!: string | null;
  @ApiPropertyOptional({ type: [RentalGradeView], description: 'grading history, newest first (red list and detail)' })
  history?: RentalGradeView[];
  @ApiProperty() createdAt!: string;
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

export const STATISTICS_LEVELS = ['grid', 'community', 'street'] as const;
export type StatisticsLevel = (typeof STATISTICS_LEVELS)[number];

export class StatisticsQuery {
  @ApiPropertyOptional({ example: 'd01.s01', description: 'default your scope' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional({ enum: STATISTICS_LEVELS, default: 'grid' })
  @IsOptional()
  @IsIn(STATISTICS_LEVELS)
  level?: StatisticsLevel;

  @ApiPropertyOptional({ example: '2026-Q4', description: 'quarter of the visit coverage; default the current one' })
  @IsOptional()
  @Matches(QUARTER, { message: 'quarter must look like 2026-Q4' })
  quarter?: string;
}

export class StatisticsRow {
  @ApiProperty({ example: 'd01.s01.c01' }) path!: string;
  @ApiProperty({ example: { registered: 10, resident: 3, floating: 4, foreign: 1, total: 18 } })
  population!: Record<string, number>;
  @ApiProperty({ example: { elderly_alone: 2, low_income: 1 }, description: 'present persons per tag' })
  tags!: Record<string, number>;
  @ApiProperty({ example: { green: 3, yellow: 1, red: 1, ungraded: 2 } })
  rentals!: Record<string, number>;
  @ApiProperty({ type: CoverageRow }) visits!: CoverageRow;
}

export class StatisticsView {
  @ApiProperty({ enum: STATISTICS_LEVELS }) level!: StatisticsLevel;
  @ApiProperty() quarter!: string;
  @ApiProperty({ type: [StatisticsRow] }) rows!: StatisticsRow[];
}

// ---------------------------------------------------------------------------------------------
// Sensitive fields and change requests
// ---------------------------------------------------------------------------------------------

/** Person fields a district may mark as sensitive (the fields of PATCH /persons/{id}). */
export const SENSITIVE_FIELD_CHOICES = [
  'name',
  'gender',
  'birthDate',
  'ethnicity',
  'idNumber',
  'phone',
  'residenceType',
  'employer',
  'relation',
] as const;
export type SensitiveField = (typeof SENSITIVE_FIELD_CHOICES)[number];
export const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

export class SensitiveFieldsQuery {
  @ApiPropertyOptional({ example: 'd01', description: 'default the district of your scope' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  district?: string;
}

export class SetSensitiveFieldsRequest extends SensitiveFieldsQuery {
  @ApiProperty({ enum: SENSITIVE_FIELD_CHOICES, isArray: true, example: ['name', 'idNumber', 'residenceType'] })
  @IsArray()
  @ArrayMaxSize(SENSITIVE_FIELD_CHOICES.length)
  @ArrayUnique()
  @IsIn(SENSITIVE_FIELD_CHOICES, { each: true })
  fields!: SensitiveField[];
}

export class SensitiveFieldsView {
  @ApiProperty({ example: 'd01' }) district!: string;
  @ApiProperty({ enum: SENSITIVE_FIELD_CHOICES, isArray: true }) fields!: SensitiveField[];
}

export class ChangeRequestListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHANGE_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(CHANGE_REQUEST_STATUSES)
  status?: ChangeRequestStatus;

  @ApiPropertyOptional({ example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class RejectChangeRequest {
  @ApiProperty({ example: '身份证号与户口簿不一致，请核实' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}

export class RejectChangeCommand extends RejectChangeRequest {
  @IsUUID()
  id!: string;
}

export class ChangePreview {
  @ApiProperty() field!: string;
  @ApiPropertyOptional({ nullable: true, description: 'personal data masked' }) before!: unknown;
  @ApiPropertyOptional({ nullable: true }) after!: unknown;
}

export class ChangeRequestView {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty() path!: string;
  @ApiProperty({ type: [String], description: 'the sensitive fields that made it a request' })
  sensitiveFields!: string[];
  @ApiProperty({ type: [ChangePreview], description: 'every change the request holds' }) changes!: ChangePreview[];
  @ApiProperty({ enum: CHANGE_REQUEST_STATUSES }) status!: ChangeRequestStatus;
  @ApiProperty() requestedBy!: string;
  @ApiPropertyOptional({ nullable: true }) requestedByName!: string | null;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional({ nullable: true }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedByName!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) reason!: string | null;
}

export class PendingChange {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [String] }) sensitiveFields!: string[];
}
