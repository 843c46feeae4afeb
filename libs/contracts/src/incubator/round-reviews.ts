import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common';
import { COMMUNITY_PATH } from '../councils/compounds';
import { IntBetween, Nullable } from '../decorators';
import { IsCalendarDate } from '../registry/decorators';
import { CRITERION_KEY } from './rounds';

// ---- the panel ------------------------------------------------------------------------------

export class AddRoundReviewerRequest {
  @ApiProperty({ format: 'uuid', description: "the reviewer's user id (identity)" })
  @IsUUID()
  userId!: string;
}

export class AddRoundReviewerCommand extends AddRoundReviewerRequest {
  @IsUUID()
  roundId!: string;
}

/** A list of one round's records, one page. */
export class RoundPageCommand extends PageQuery {
  @IsUUID()
  roundId!: string;
}

export class RoundReviewerView {
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ description: "the reviewer's display name when named" }) name!: string;
  @ApiProperty() addedBy!: string;
  @ApiProperty() addedAt!: string;
}

// ---- conflicts of interest and recusals -----------------------------------------------------

/**
 * What a reviewer declares: an interest in the applicant (a member, a relative, a business tie), or
 * a post there they left (a conflict while less than two years ago).
 */
export const CONFLICT_KINDS = ['interest', 'former_post'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export class DeclareConflictRequest {
  @ApiProperty({ format: 'uuid', description: 'the application whose applicant the reviewer has a tie with' })
  @IsUUID()
  applicationId!: string;

  @ApiProperty({ enum: CONFLICT_KINDS })
  @IsIn(CONFLICT_KINDS)
  kind!: ConflictKind;

  @ApiPropertyOptional({ example: '2025-03-01', description: 'former_post: the day the post was left (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  leftOn?: string;

  @ApiPropertyOptional({ example: '曾任该组织理事' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class DeclareConflictCommand extends DeclareConflictRequest {
  @IsUUID()
  roundId!: string;
}

/** A conflict of interest: the reviewer neither scores nor sees the application. */
export class ReviewerConflictView {
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({ enum: [...CONFLICT_KINDS, 'recusal'] }) kind!: ConflictKind | 'recusal';
  @ApiProperty({ enum: ['declared', 'recusal'], description: 'declared by the reviewer, or a recusal granted' })
  source!: 'declared' | 'recusal';
  @Nullable(String) leftOn!: string | null;
  @Nullable(String) note!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
}

export const RECUSAL_STATUSES = ['requested', 'granted', 'declined'] as const;
export type RecusalStatus = (typeof RECUSAL_STATUSES)[number];

export class AskRecusalRequest {
  @ApiProperty({ format: 'uuid', description: 'the reviewer the applicant asks to step aside' })
  @IsUUID()
  reviewerId!: string;

  @ApiProperty({ example: '该评审曾于去年担任我会竞争项目的顾问' })
  @IsString()
  @Length(2, 1000)
  reason!: string;
}

export class AskRecusalCommand extends AskRecusalRequest {
  @IsUUID()
  applicationId!: string;
}

export class DecideRecusalRequest {
  @ApiProperty({ description: 'true: the reviewer steps aside (conflicted for this application)' })
  @IsBoolean()
  granted!: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class DecideRecusalCommand extends DecideRecusalRequest {
  @IsUUID()
  applicationId!: string;

  @IsUUID()
  recusalId!: string;
}

export class RecusalListCommand extends PageQuery {
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @IsOptional()
  @IsIn(RECUSAL_STATUSES)
  status?: RecusalStatus;
}

export class RecusalListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RECUSAL_STATUSES })
  @IsOptional()
  @IsIn(RECUSAL_STATUSES)
  status?: RecusalStatus;
}

export class RecusalView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: RECUSAL_STATUSES }) status!: RecusalStatus;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() requestedAt!: string;
  @Nullable(String) decidedBy!: string | null;
  @Nullable(String) decidedAt!: string | null;
  @Nullable(String) note!: string | null;
}

// ---- score sheets ---------------------------------------------------------------------------

/** One criterion's mark: 0–10 points, or not applicable (left out of the weighted score). */
export class ScoreMark {
  @ApiProperty({ example: 'need' })
  @Matches(CRITERION_KEY, { message: 'criterion must be the key of one of the round’s criteria' })
  criterion!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'the points; omit when not applicable' })
  @IsOptional()
  @IntBetween(0, 10)
  points?: number;

  @ApiPropertyOptional({ description: 'true: the criterion does not apply to this project (no points)' })
  @IsOptional()
  @Equals(true, { message: 'notApplicable is sent only as true' })
  notApplicable?: true;
}

export class SubmitScoreSheetRequest {
  @ApiProperty({ type: [ScoreMark], description: "every one of the round's criteria, once" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ScoreMark)
  marks!: ScoreMark[];

  @ApiPropertyOptional({ example: '需求调研扎实，预算偏高' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

export class SubmitScoreSheetCommand extends SubmitScoreSheetRequest {
  @IsUUID()
  applicationId!: string;
}

export class ScoreMarkView {
  @ApiProperty() criterion!: string;
  @Nullable(Number, { description: 'null: not applicable' }) points!: number | null;
}

export class ScoreSheetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({ type: [ScoreMarkView] }) marks!: ScoreMarkView[];
  @ApiProperty({
    example: 8567,
    description:
      'the weighted score in hundredths of a point on 0–100 (8567 = 85.67): Σ weight × points / Σ weight over the applicable criteria, × 10, rounded half up',
  })
  score!: number;
  @ApiProperty({ description: 'the weights of the applicable criteria, added up (100 when all apply)' })
  applicableWeight!: number;
  @Nullable(String) comment!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
}

export class ScoreSheetListCommand extends PageQuery {
  @IsUUID()
  applicationId!: string;
}

// ---- the ranking ----------------------------------------------------------------------------

export class RoundRankingQuery extends PageQuery {
  @ApiPropertyOptional({
    example: 'd01.s01.c01',
    description: "only applications for this community (the ranks stay the round's)",
  })
  @IsOptional()
  @Matches(COMMUNITY_PATH, { message: 'community must be a community path such as d01.s01.c01' })
  community?: string;
}

export class RoundRankingCommand extends RoundRankingQuery {
  @IsUUID()
  roundId!: string;
}

export const RANKING_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type RankingExportFormat = (typeof RANKING_EXPORT_FORMATS)[number];

export class RoundRankingExportQuery {
  @ApiPropertyOptional({ enum: RANKING_EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(RANKING_EXPORT_FORMATS)
  format?: RankingExportFormat;
}

export class RankingExportCommand {
  @IsUUID()
  roundId!: string;
}

/**
 * One application in the ranking: by the mean of its score sheets (highest first); equal means
 * rank by earlier submission, then by application id. Applications without a sheet come last.
 */
export class RankingEntryView {
  @ApiProperty({ description: '1 for the first, no two alike' }) rank!: number;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty({ description: 'fen asked' }) amountFen!: number;
  @ApiProperty({ description: 'the reviewers who scored it (sheets counted)' }) reviewers!: number;
  @Nullable(Number, { description: 'mean score in hundredths of a point on 0–100, rounded half up; null: not scored' })
  meanScore!: number | null;
  @Nullable(Number, {
    description: 'the sheets’ scores (hundredths) added up: meanScore = scoreSum / reviewers exactly',
  })
  scoreSum!: number | null;
  @ApiProperty({ description: 'the sheets the round asks for before an award are in' }) fullyReviewed!: boolean;
  @ApiProperty({ enum: ['submitted', 'awarded'] }) status!: 'submitted' | 'awarded';
  @Nullable(Number, { description: 'fen awarded' }) awardedFen!: number | null;
  @ApiProperty() submittedAt!: string;
}

/** The whole ranking as the caller may see it, for an export. */
export interface RankingExportView {
  round: {
    id: string;
    title: string;
    place: string;
    track: string;
    status: string;
    budgetFen: number;
    remainingFen: number;
  };
  rows: RankingEntryView[];
}
