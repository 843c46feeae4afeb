import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { IntBetween, OptionalBoolean } from '../decorators';
import { IsCalendarDate } from '../registry/decorators';
import { MAX_ROUND_FEN, ROUND_TRACKS, type RoundTrack } from './rounds';

/** A milestone's share of the award, in basis points: the shares of a plan add up to 10000 (100%). */
export const FULL_SHARE_BP = 10_000;

export const ROUND_APPLICATION_STATUSES = ['submitted', 'awarded'] as const;
export type RoundApplicationStatus = (typeof ROUND_APPLICATION_STATUSES)[number];

/** An awarded project: running, stopped (a failed mid-term review: nothing more is paid) or completed (finally evaluated). */
export const PROJECT_STATUSES = ['running', 'stopped', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const MIDTERM_OUTCOMES = ['pass', 'fail'] as const;
export type MidtermOutcome = (typeof MIDTERM_OUTCOMES)[number];

/** The final evaluation's grade, from its score: excellent 优秀 ≥ 90, good 良好 ≥ 75, pass 合格 ≥ 60, fail 不合格. */
export const PROJECT_GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type ProjectGrade = (typeof PROJECT_GRADES)[number];

/** One line of a project's budget. */
export class BudgetLine {
  @ApiProperty({ example: '活动物料' })
  @IsString()
  @Length(1, 100)
  item!: string;

  @ApiProperty({ description: 'fen', minimum: 1, example: 300_000 })
  @IntBetween(1, MAX_ROUND_FEN)
  amountFen!: number;
}

/** One milestone of the plan: what, by when, and its share of the award. */
export class MilestonePlanItem {
  @ApiProperty({ example: '完成需求调研与志愿者招募' })
  @IsString()
  @Length(1, 100)
  title!: string;

  @ApiProperty({ example: '2026-09-30', description: 'YYYY-MM-DD; the plan runs in order of these' })
  @IsCalendarDate()
  dueOn!: string;

  @ApiProperty({
    minimum: 1,
    maximum: FULL_SHARE_BP,
    example: 4000,
    description: 'basis points of the award; the plan adds up to 10000',
  })
  @IntBetween(1, FULL_SHARE_BP)
  shareBp!: number;
}

export class SubmitRoundApplicationRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'the applying organisation (its staff, or a keeper of its community on its behalf)',
  })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ example: '湖光社区独居老人“邻里守望”项目' })
  @IsString()
  @Length(2, 100)
  title!: string;

  @ApiProperty({ example: '组织志愿者每周探访独居老人，建立紧急联络机制' })
  @IsString()
  @Length(1, 5000)
  summary!: string;

  @ApiProperty({ example: '湖光社区80岁以上独居老人约60人' })
  @IsString()
  @Length(1, 500)
  targetGroup!: string;

  @ApiProperty({ example: 'd01.s01.c01', description: 'the community the project serves: one the organisation serves' })
  @Matches(COMMUNITY_PATH, { message: 'communityPath must be a community path such as d01.s01.c01' })
  communityPath!: string;

  @ApiProperty({ description: 'fen asked; the budget lines add up to it', minimum: 1, example: 5_000_000 })
  @IntBetween(1, MAX_ROUND_FEN)
  amountFen!: number;

  @ApiProperty({ type: [BudgetLine] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BudgetLine)
  budgetLines!: BudgetLine[];

  @ApiProperty({ type: [MilestonePlanItem], description: 'in order; shares add up to 10000 basis points' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => MilestonePlanItem)
  milestones!: MilestonePlanItem[];
}

export class SubmitRoundApplicationCommand extends SubmitRoundApplicationRequest {
  @IsUUID()
  roundId!: string;
}

export class RoundApplicationIdRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class RoundApplicationListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: ROUND_APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(ROUND_APPLICATION_STATUSES)
  status?: RoundApplicationStatus;

  @OptionalBoolean({ description: 'true: only those without your score sheet (a reviewer’s to-do)' })
  unscored?: boolean;
}

export class MidtermReviewView {
  @ApiProperty({ enum: MIDTERM_OUTCOMES }) outcome!: MidtermOutcome;
  @ApiProperty() findings!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class FinalEvaluationView {
  @ApiProperty({ minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ enum: PROJECT_GRADES }) grade!: ProjectGrade;
  @ApiProperty() findings!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

/** The project an award funds: how far it is paid, its mid-term review and its final evaluation. */
export class FundedProjectView {
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty({ description: 'fen awarded' }) awardedFen!: number;
  @ApiProperty({ description: 'fen paid out so far' }) disbursedFen!: number;
  @ApiProperty() awardedBy!: string;
  @ApiProperty() awardedAt!: string;
  @ApiPropertyOptional({ type: MidtermReviewView, nullable: true }) midterm!: MidtermReviewView | null;
  @ApiPropertyOptional({ type: FinalEvaluationView, nullable: true }) final!: FinalEvaluationView | null;
}

export class BudgetLineView {
  @ApiProperty() item!: string;
  @ApiProperty() amountFen!: number;
}

export class MilestonePlanView {
  @ApiProperty() title!: string;
  @ApiProperty() dueOn!: string;
  @ApiProperty() shareBp!: number;
}

export class RoundApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ enum: ROUND_TRACKS }) track!: RoundTrack;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() street!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() targetGroup!: string;
  @ApiProperty({ description: 'fen asked' }) amountFen!: number;
  @ApiProperty({ type: [BudgetLineView] }) budgetLines!: BudgetLineView[];
  @ApiProperty({ type: [MilestonePlanView] }) milestones!: MilestonePlanView[];
  @ApiProperty({ enum: ROUND_APPLICATION_STATUSES }) status!: RoundApplicationStatus;
  @ApiProperty() submittedBy!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ description: 'the caller has a score sheet on it' }) scoredByMe!: boolean;
  @ApiPropertyOptional({ type: FundedProjectView, nullable: true }) project!: FundedProjectView | null;
  @ApiProperty() version!: number;
}
