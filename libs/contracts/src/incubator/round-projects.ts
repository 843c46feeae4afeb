import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../common';
import { IntBetween, Nullable } from '../decorators';
import { MIDTERM_OUTCOMES, type MidtermOutcome } from './round-applications';
import { MAX_ROUND_FEN } from './rounds';

export class AwardApplicationRequest {
  @ApiPropertyOptional({
    description:
      'fen awarded (default: the amount asked; at most that, the round’s award cap and its remaining budget)',
    minimum: 1,
  })
  @IsOptional()
  @IntBetween(1, MAX_ROUND_FEN)
  amountFen?: number;
}

export class AwardApplicationCommand extends AwardApplicationRequest {
  @IsUUID()
  applicationId!: string;
}

/** planned → reported (by the organisation) → accepted or returned (by the keeper; returned goes back to reporting) → disbursed. */
export const MILESTONE_STATUSES = ['planned', 'reported', 'returned', 'accepted', 'disbursed'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export class ProjectMilestoneView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ description: '1 for the first' }) position!: number;
  @ApiProperty() title!: string;
  @ApiProperty() dueOn!: string;
  @ApiProperty({ description: 'basis points of the award' }) shareBp!: number;
  @ApiProperty({ description: 'fen paid at this milestone: award × share, the last one taking the rounding remainder' })
  amountFen!: number;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
  @Nullable(String) report!: string | null;
  @Nullable(String) reportedBy!: string | null;
  @Nullable(String) reportedAt!: string | null;
  @Nullable(String, { description: 'the keeper’s note on acceptance or return' }) decisionNote!: string | null;
  @Nullable(String) decidedBy!: string | null;
  @Nullable(String) decidedAt!: string | null;
  @Nullable(String, { description: 'the payment’s reference' }) voucher!: string | null;
  @Nullable(String) disbursedBy!: string | null;
  @Nullable(String) disbursedAt!: string | null;
  @ApiProperty() version!: number;
}

export class AwardView {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ description: 'fen awarded' }) amountFen!: number;
  @ApiProperty({ description: 'fen the round has left to award after this one' }) roundRemainingFen!: number;
  @ApiProperty({ type: [ProjectMilestoneView] }) milestones!: ProjectMilestoneView[];
  @ApiProperty() at!: string;
}

export class MilestoneListCommand extends PageQuery {
  @IsUUID()
  applicationId!: string;
}

export class ReportMilestoneRequest {
  @ApiProperty({ example: '已完成独居老人入户调研62户，招募志愿者25名' })
  @IsString()
  @Length(1, 5000)
  report!: string;
}

export class ReportMilestoneCommand extends ReportMilestoneRequest {
  @IsUUID()
  applicationId!: string;

  @IsUUID()
  milestoneId!: string;
}

export class AcceptMilestoneRequest {
  @ApiPropertyOptional({ example: '材料齐全，同意验收' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class AcceptMilestoneCommand extends AcceptMilestoneRequest {
  @IsUUID()
  applicationId!: string;

  @IsUUID()
  milestoneId!: string;
}

export class ReturnMilestoneRequest {
  @ApiProperty({ example: '缺少活动签到表，请补充后重新提交' })
  @IsString()
  @Length(1, 2000)
  note!: string;
}

export class ReturnMilestoneCommand extends ReturnMilestoneRequest {
  @IsUUID()
  applicationId!: string;

  @IsUUID()
  milestoneId!: string;
}

export class DisburseMilestoneRequest {
  @ApiPropertyOptional({ example: 'FK-2026-0815-01', description: 'the payment’s reference (voucher number)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  voucher?: string;
}

export class DisburseMilestoneCommand extends DisburseMilestoneRequest {
  @IsUUID()
  applicationId!: string;

  @IsUUID()
  milestoneId!: string;
}

export class MidtermReviewRequest {
  @ApiProperty({ enum: MIDTERM_OUTCOMES, description: 'fail stops every further disbursement' })
  @IsIn(MIDTERM_OUTCOMES)
  outcome!: MidtermOutcome;

  @ApiProperty({ example: '活动开展不足计划的三分之一，资金使用不规范' })
  @IsString()
  @Length(1, 5000)
  findings!: string;
}

export class MidtermReviewCommand extends MidtermReviewRequest {
  @IsUUID()
  applicationId!: string;
}

export class FinalEvaluationRequest {
  @ApiProperty({
    minimum: 0,
    maximum: 100,
    description: 'the grade follows from it: ≥ 90 excellent, ≥ 75 good, ≥ 60 pass, else fail',
  })
  @IntBetween(0, 100)
  score!: number;

  @ApiProperty({ example: '项目目标基本达成，服务对象满意度较高' })
  @IsString()
  @Length(1, 5000)
  findings!: string;
}

export class FinalEvaluationCommand extends FinalEvaluationRequest {
  @IsUUID()
  applicationId!: string;
}
