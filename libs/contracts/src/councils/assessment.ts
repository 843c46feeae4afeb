import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ORG_PATH } from '../common';
import { IntBetween } from '../decorators';

/** The fixed aspects a property company (物业公司) is rated on, 1–5 each. */
export const ASSESSMENT_ASPECTS = ['cleaning', 'security', 'greening', 'repairs', 'service'] as const;
export type AssessmentAspect = (typeof ASSESSMENT_ASPECTS)[number];

/** Who rated: a resident (an owner of the compound linked to their account) or the council (the owners' committee). */
export const RATER_KINDS = ['resident', 'council'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];

/** An assessment period: a quarter, `2026-Q2`. */
export const ASSESSMENT_PERIOD = /^\d{4}-Q[1-4]$/;
const PERIOD_API = { example: '2026-Q2', description: 'the quarter, YYYY-Qn' };

/** Ratings of the five aspects, 1 (poor) to 5 (excellent). */
export class AspectRatings {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IntBetween(1, 5)
  cleaning!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IntBetween(1, 5)
  security!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IntBetween(1, 5)
  greening!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IntBetween(1, 5)
  repairs!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IntBetween(1, 5)
  service!: number;
}

export class RatePropertyCompanyRequest {
  @ApiProperty(PERIOD_API)
  @Matches(ASSESSMENT_PERIOD, { message: 'period must be a quarter, YYYY-Qn' })
  period!: string;

  @ApiProperty({
    enum: RATER_KINDS,
    description: 'resident: as an owner of the compound; council: for its owners’ committee',
  })
  @IsIn(RATER_KINDS)
  as!: RaterKind;

  @ApiProperty({ type: AspectRatings })
  @IsObject()
  @ValidateNested()
  @Type(() => AspectRatings)
  ratings!: AspectRatings;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  comment?: string;
}

export class RatePropertyCompanyCommand extends RatePropertyCompanyRequest {
  @IsUUID()
  compoundId!: string;
}

export class PropertyRatingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) compoundId!: string;
  @ApiProperty() propertyCompanyPath!: string;
  @ApiProperty(PERIOD_API) period!: string;
  @ApiProperty({ enum: RATER_KINDS }) rater!: RaterKind;
  @ApiProperty({ type: AspectRatings }) ratings!: AspectRatings;
  @ApiPropertyOptional({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty() at!: string;
}

export class ReportFeeRateRequest {
  @ApiProperty(PERIOD_API)
  @Matches(ASSESSMENT_PERIOD, { message: 'period must be a quarter, YYYY-Qn' })
  period!: string;

  @ApiProperty({ description: 'property fees due in the period, in fen (分)', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  dueFen!: number;

  @ApiProperty({ description: 'property fees collected in the period, in fen (分); at most the fees due', minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  collectedFen!: number;
}

export class ReportFeeRateCommand extends ReportFeeRateRequest {
  @IsUUID()
  compoundId!: string;
}

/** A rate as an exact fraction (reduced), with its percentage rounded to hundredths for display. */
export class ExactRate {
  @ApiProperty({ example: '19/20' }) fraction!: string;
  @ApiProperty({ example: 95 }) percent!: number;
}

export class FeeRateView {
  @ApiProperty({ format: 'uuid' }) compoundId!: string;
  @ApiProperty() propertyCompanyPath!: string;
  @ApiProperty(PERIOD_API) period!: string;
  @ApiProperty() dueFen!: number;
  @ApiProperty() collectedFen!: number;
  @ApiProperty({ type: ExactRate }) rate!: ExactRate;
  @ApiProperty() at!: string;
}

/** Aspect weights (whole numbers, at least one above 0). */
export class AspectWeights {
  @ApiProperty({ minimum: 0, maximum: 100 }) @IntBetween(0, 100) cleaning!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IntBetween(0, 100) security!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IntBetween(0, 100) greening!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IntBetween(0, 100) repairs!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IntBetween(0, 100) service!: number;
}

/** How a district weighs the parts of a property company's score (whole numbers; they need not add to 100). */
export class AssessmentWeightsRequest {
  @ApiProperty({ description: "weight of the residents' ratings", minimum: 0, maximum: 100 })
  @IntBetween(0, 100)
  residents!: number;

  @ApiProperty({ description: "weight of the council's (owners' committee's) ratings", minimum: 0, maximum: 100 })
  @IntBetween(0, 100)
  council!: number;

  @ApiProperty({ description: 'weight of the fee collection rate', minimum: 0, maximum: 100 })
  @IntBetween(0, 100)
  feeRate!: number;

  @ApiProperty({ type: AspectWeights })
  @IsObject()
  @ValidateNested()
  @Type(() => AspectWeights)
  aspects!: AspectWeights;
}

export class AssessmentWeightsCommand extends AssessmentWeightsRequest {
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  district!: string;
}

export class DistrictRequest {
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  district!: string;
}

export class AssessmentWeightsView extends AssessmentWeightsRequest {
  @ApiProperty() district!: string;
  @ApiProperty({ description: 'false: the defaults, the district set none' }) configured!: boolean;
}

export class CompanyScoreRequest {
  @Matches(ORG_PATH)
  propertyCompanyPath!: string;

  @Matches(ASSESSMENT_PERIOD, { message: 'period must be a quarter, YYYY-Qn' })
  period!: string;
}

/** One part of the score: its value (0–1 as an exact fraction), its weight and what it adds. */
export class ScorePartView {
  @ApiProperty({ enum: ['residents', 'council', 'feeRate'] }) part!: 'residents' | 'council' | 'feeRate';
  @ApiProperty({ description: 'false: no data in the period; its weight goes to the other parts' }) present!: boolean;
  @ApiProperty() weight!: number;
  @ApiPropertyOptional({ type: ExactRate, nullable: true, description: 'the part on a 0–1 scale' })
  value!: ExactRate | null;
  @ApiProperty({ description: 'points the part adds to the score (0–100 in all)' }) points!: number;
  @ApiProperty({ description: 'ratings or compounds behind the part' }) count!: number;
  @ApiPropertyOptional({ description: 'mean rating per aspect (1–5), for the ratings parts' })
  aspectMeans?: Record<AssessmentAspect, number>;
  @ApiProperty() explanation!: string;
}

export class CompanyScoreView {
  @ApiProperty() propertyCompanyPath!: string;
  @ApiProperty(PERIOD_API) period!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: '0–100, to hundredths; null when nothing was rated or reported',
  })
  score!: number | null;
  @ApiPropertyOptional({ type: ExactRate, nullable: true, description: 'the score / 100 as an exact fraction' })
  exact!: ExactRate | null;
  @ApiProperty({ type: AssessmentWeightsView }) weights!: AssessmentWeightsView;
  @ApiProperty({ type: [ScorePartView] }) parts!: ScorePartView[];
  @ApiProperty() explanation!: string;
}
