import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
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
import { IsInstant, ORG_PATH, PageQuery } from '../common';
import { COMMUNITY_PATH } from '../councils/compounds';
import { IntBetween, Nullable, OptionalOrgPath, ReadVersion } from '../decorators';
import { ORG_LEGAL_STATUSES, SERVICE_FIELDS, type OrgLegalStatus, type ServiceField } from './organisations';

/**
 * The tracks of a venture-philanthropy round (公益创投): `standard` projects of organisations, and
 * `small_grants` (社区微公益创投) for resident groups, with its own per-award cap and a lighter
 * review (one to three criteria, one score sheet enough to award, filed and informal groups only).
 */
export const ROUND_TRACKS = ['standard', 'small_grants'] as const;
export type RoundTrack = (typeof ROUND_TRACKS)[number];

/** draft → open (the call, criteria fixed) → reviewing (call closed, the panel scores) → awarded (review closed, awards made) → closed. */
export const ROUND_STATUSES = ['draft', 'open', 'reviewing', 'awarded', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** The largest amount of money a round handles, in fen (¥10 billion): far below 2^53. */
export const MAX_ROUND_FEN = 1_000_000_000_000;

/** A criterion's key, which score sheets name. */
export const CRITERION_KEY = /^[a-z][a-z0-9_]{0,31}$/;

const fen = (description: string, example?: number) =>
  ApiProperty({ description: `${description}, in fen (分)`, minimum: 1, maximum: MAX_ROUND_FEN, example });

/** One published review criterion: its key, name and integer weight (the weights of a round add up to 100). */
export class RoundCriterion {
  @ApiProperty({ example: 'need', description: 'the key score sheets name (a-z, 0-9, _)' })
  @Matches(CRITERION_KEY, { message: 'key must be 1-32 lower-case letters, digits or _, starting with a letter' })
  key!: string;

  @ApiProperty({ example: '需求迫切性' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiPropertyOptional({ example: '项目回应的社区需求是否真实、迫切' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;

  @ApiProperty({ minimum: 1, maximum: 100, example: 30, description: 'integer weight; the weights add up to 100' })
  @IntBetween(1, 100)
  weight!: number;
}

/** Who may apply: legal statuses, and optionally fields of service and communities. */
export class RoundEligibility {
  @ApiProperty({ enum: ORG_LEGAL_STATUSES, isArray: true, example: ['registered', 'filed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ORG_LEGAL_STATUSES, { each: true })
  legalStatuses!: OrgLegalStatus[];

  @ApiPropertyOptional({
    enum: SERVICE_FIELDS,
    isArray: true,
    description: 'the organisation serves in at least one of these fields (none: any field)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SERVICE_FIELDS.length)
  @ArrayUnique()
  @IsIn(SERVICE_FIELDS, { each: true })
  fields?: ServiceField[];

  @ApiPropertyOptional({
    type: [String],
    example: ['d01.s01.c01'],
    description: "the project's community is one of these (none: any community of the round's street or district)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(COMMUNITY_PATH, { each: true, message: 'communities must be community paths such as d01.s01.c01' })
  communities?: string[];
}

export class CreateRoundRequest {
  @ApiProperty({
    example: 'd01.s01',
    description: 'the street (d01.s01) or the district (d01) that runs the round; its keepers keep it',
  })
  @Matches(ORG_PATH)
  place!: string;

  @ApiProperty({ example: '2026年东湖街道公益创投' })
  @IsString()
  @Length(2, 100)
  title!: string;

  @ApiProperty({ example: '面向辖区社区社会组织征集为老、助残、儿童服务项目' })
  @IsString()
  @Length(1, 5000)
  callText!: string;

  @ApiProperty({ enum: ROUND_TRACKS })
  @IsIn(ROUND_TRACKS)
  track!: RoundTrack;

  @fen('the whole budget of the round', 170_000_000)
  @IntBetween(1, MAX_ROUND_FEN)
  budgetFen!: number;

  @ApiPropertyOptional({
    description: 'the most one award may be, in fen (required on the small-grants track)',
    minimum: 1,
    maximum: MAX_ROUND_FEN,
  })
  @IsOptional()
  @IntBetween(1, MAX_ROUND_FEN)
  awardCapFen?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 15,
    description:
      'score sheets an application needs before it may be awarded (standard: 2-15, default 3; small grants: 1)',
  })
  @IsOptional()
  @IntBetween(1, 15)
  minScoreSheets?: number;

  @ApiProperty({ type: RoundEligibility })
  @IsObject()
  @ValidateNested()
  @Type(() => RoundEligibility)
  eligibility!: RoundEligibility;

  @ApiProperty({ example: '2026-06-01T09:00:00+08:00', description: 'applications are taken from' })
  @IsInstant()
  opensAt!: string;

  @ApiProperty({ example: '2026-06-30T18:00:00+08:00', description: 'applications are taken until (exclusive)' })
  @IsInstant()
  closesAt!: string;

  @ApiProperty({ example: '2026-07-15T18:00:00+08:00', description: 'the panel has scored by' })
  @IsInstant()
  reviewBy!: string;

  @ApiProperty({
    type: [RoundCriterion],
    description: 'the published criteria, weights adding up to 100 (standard: 3-10 criteria; small grants: 1-3)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RoundCriterion)
  criteria!: RoundCriterion[];
}

export class RoundIdRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class SetRoundCriteriaRequest {
  @ReadVersion()
  version!: number;

  @ApiProperty({ type: [RoundCriterion] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RoundCriterion)
  criteria!: RoundCriterion[];
}

export class SetRoundCriteriaCommand extends SetRoundCriteriaRequest {
  @IsUUID()
  id!: string;
}

export class RoundListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROUND_STATUSES })
  @IsOptional()
  @IsIn(ROUND_STATUSES)
  status?: RoundStatus;

  @ApiPropertyOptional({ enum: ROUND_TRACKS })
  @IsOptional()
  @IsIn(ROUND_TRACKS)
  track?: RoundTrack;

  @OptionalOrgPath({ description: 'only rounds run at or below this place', example: 'd01.s01' })
  within?: string;
}

export class RoundEligibilityView {
  @ApiProperty({ enum: ORG_LEGAL_STATUSES, isArray: true }) legalStatuses!: OrgLegalStatus[];
  @ApiProperty({ enum: SERVICE_FIELDS, isArray: true, description: 'empty: any field' }) fields!: ServiceField[];
  @ApiProperty({ type: [String], description: "empty: any community of the round's place" }) communities!: string[];
}

export class RoundCriterionView {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @Nullable(String) description!: string | null;
  @ApiProperty() weight!: number;
}

export class RoundView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 's01', description: 'street code, or all for a district round' }) street!: string;
  @ApiProperty({ example: 'd01.s01' }) place!: string;
  @ApiProperty() title!: string;
  @ApiProperty() callText!: string;
  @ApiProperty({ enum: ROUND_TRACKS }) track!: RoundTrack;
  @ApiProperty({ enum: ROUND_STATUSES }) status!: RoundStatus;
  @ApiProperty({ description: 'fen' }) budgetFen!: number;
  @ApiProperty({ description: 'fen awarded so far' }) awardedFen!: number;
  @ApiProperty({ description: 'fen left to award (budget − awarded)' }) remainingFen!: number;
  @Nullable(Number, { description: 'fen, the most one award may be' }) awardCapFen!: number | null;
  @ApiProperty({ description: 'score sheets an application needs before it may be awarded' }) minScoreSheets!: number;
  @ApiProperty({ type: RoundEligibilityView }) eligibility!: RoundEligibilityView;
  @ApiProperty({ type: [RoundCriterionView] }) criteria!: RoundCriterionView[];
  @ApiProperty() opensAt!: string;
  @ApiProperty() closesAt!: string;
  @ApiProperty() reviewBy!: string;
  @ApiProperty({ description: 'still reviewing after the review was due' }) reviewOverdue!: boolean;
  @Nullable(String) openedAt!: string | null;
  @Nullable(String) callClosedAt!: string | null;
  @Nullable(String) reviewClosedAt!: string | null;
  @Nullable(String) closedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
