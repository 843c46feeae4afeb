import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { IntBetween, Nullable, OptionalBoolean, OptionalOrgPath } from '../decorators';
import { IsCalendarDate } from '../registry/decorators';
import { RecordPerson } from './organisation-records';
import { ORG_LEGAL_STATUSES, type OrgLegalStatus } from './organisations';

// ---------------------------------------------------------------------------------------------
// Incubation parks (孵化园, 孵化基地)
// ---------------------------------------------------------------------------------------------

export class CreateParkRequest {
  @ApiProperty({ example: '东湖街道社会组织孵化园' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: 'd01.s01', description: 'the street (or community) that runs it; its keepers keep the park' })
  @Matches(ORG_PATH)
  path!: string;

  @ApiProperty({
    example: '东湖社会工作服务中心',
    description: 'who operates it (a street office, a contracted agency)',
  })
  @IsString()
  @Length(1, 100)
  operator!: string;

  @ApiPropertyOptional({ example: '东湖路88号3楼' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class ParkIdRequest {
  @IsUUID()
  id!: string;
}

export class ParkListQuery extends PageQuery {
  @OptionalOrgPath({ example: 'd01.s01', description: 'only parks within this org path' })
  within?: string;
}

export class ParkView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'd01.s01' }) path!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty() operator!: string;
  @Nullable(String) address!: string | null;
  @ApiProperty({ description: 'incubations not yet graduated or left' }) active!: number;
  @ApiProperty({ description: 'applications whose first review is past its deadline' }) overdueFirstReviews!: number;
  @ApiProperty() createdAt!: string;
}

// ---------------------------------------------------------------------------------------------
// Incubation: applied → admitted → incubating → assessed → graduated, or left at any point
// ---------------------------------------------------------------------------------------------

export const INCUBATION_STAGES = ['applied', 'admitted', 'incubating', 'assessed', 'graduated', 'left'] as const;
export type IncubationStage = (typeof INCUBATION_STAGES)[number];

/** Why an organisation left incubation (the note says more; `other` needs one). */
export const LEAVE_REASONS = [
  'not_admitted', // 未获入驻 (the first review declined it)
  'withdrew', // 主动退出
  'dissolved', // 组织解散
  'moved_away', // 迁出本街道
  'breach', // 违反入驻协议
  'assessment_failed', // 评估未达标
  'other',
] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

/** Working days within which the park reviews an application first (admits it or declines it). */
export const FIRST_REVIEW_WORKING_DAYS = 5;

export class ApplyForIncubationRequest {
  @ApiProperty({ format: 'uuid', description: 'the organisation applying' })
  @IsUUID()
  organisationId!: string;

  @ApiPropertyOptional({ example: '希望入驻孵化园，获得场地与能力建设支持' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class ApplyForIncubationCommand extends ApplyForIncubationRequest {
  @IsUUID()
  parkId!: string;
}

export class MoveIncubationStageRequest {
  @ApiProperty({ enum: INCUBATION_STAGES, description: 'the next stage (no skipping, no going back), or left' })
  @IsIn(INCUBATION_STAGES)
  stage!: IncubationStage;

  @ApiPropertyOptional({ enum: LEAVE_REASONS, description: 'required when leaving' })
  @IsOptional()
  @IsIn(LEAVE_REASONS)
  reason?: LeaveReason;

  @ApiPropertyOptional({ description: 'required when leaving for reason other' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class MoveIncubationStageCommand extends MoveIncubationStageRequest {
  @IsUUID()
  id!: string;
}

export class IncubationIdRequest {
  @IsUUID()
  id!: string;
}

export class IncubationListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: INCUBATION_STAGES })
  @IsOptional()
  @IsIn(INCUBATION_STAGES)
  stage?: IncubationStage;

  @OptionalOrgPath({ example: 'd01.s01', description: "only incubations in parks within this org path (a street's)" })
  within?: string;

  @OptionalBoolean({ description: 'only applications whose first review is overdue (oldest deadline first)' })
  overdue?: boolean;
}

/** One stage an incubation entered: which, from where, why (leaving), who, when. */
export class IncubationStageEntry {
  @ApiProperty({ enum: INCUBATION_STAGES }) stage!: IncubationStage;
  @ApiPropertyOptional({ enum: INCUBATION_STAGES, nullable: true }) from!: IncubationStage | null;
  @ApiPropertyOptional({ enum: LEAVE_REASONS, nullable: true }) reason!: LeaveReason | null;
  @Nullable(String) note!: string | null;
  @ApiProperty({ type: RecordPerson }) by!: RecordPerson;
  @ApiProperty() at!: string;
}

export class IncubationView {
  @ApiProperty() id!: string;
  @ApiProperty() parkId!: string;
  @ApiProperty() parkName!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: ORG_LEGAL_STATUSES }) legalStatus!: OrgLegalStatus;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ example: 'd01.s01.c01', description: "the organisation's community" }) communityPath!: string;
  @ApiProperty({ enum: INCUBATION_STAGES }) stage!: IncubationStage;
  @ApiProperty({ enum: INCUBATION_STAGES, isArray: true, description: 'where it may go next' })
  allowedNext!: IncubationStage[];
  @ApiProperty() appliedAt!: string;
  @ApiProperty({ description: 'the end of the 5th working day after applying' }) firstReviewDueAt!: string;
  @Nullable(String, { description: 'when the application was admitted or declined' }) firstReviewedAt!: string | null;
  @ApiProperty({ description: 'still unreviewed past its deadline' }) firstReviewOverdue!: boolean;
  @ApiProperty({ description: 'reviewed after its deadline' }) firstReviewLate!: boolean;
  @ApiPropertyOptional({ enum: LEAVE_REASONS, nullable: true }) leftReason!: LeaveReason | null;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: [IncubationStageEntry], description: 'every stage it entered, in order' })
  history!: IncubationStageEntry[];
}

// ---------------------------------------------------------------------------------------------
// Mentoring (辅导) and capacity assessments (能力评估)
// ---------------------------------------------------------------------------------------------

export class RecordMentoringRequest {
  @ApiProperty({ example: '2026-05-20' })
  @IsCalendarDate()
  heldOn!: string;

  @ApiProperty({ example: '刘老师', description: 'who mentored' })
  @IsString()
  @Length(1, 100)
  mentor!: string;

  @ApiPropertyOptional({ example: '东湖社会工作服务中心' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  mentorOrganisation?: string;

  @ApiProperty({ example: '财务制度建设' })
  @IsString()
  @Length(1, 200)
  topic!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  notes?: string;
}

export class RecordMentoringCommand extends RecordMentoringRequest {
  @IsUUID()
  incubationId!: string;
}

export class MentoringView {
  @ApiProperty() id!: string;
  @ApiProperty() incubationId!: string;
  @ApiProperty() heldOn!: string;
  @ApiProperty() mentor!: string;
  @Nullable(String) mentorOrganisation!: string | null;
  @ApiProperty() topic!: string;
  @Nullable(String) notes!: string | null;
  @ApiProperty({ type: RecordPerson }) recordedBy!: RecordPerson;
  @ApiProperty() recordedAt!: string;
}

export class IncubationPageQuery extends PageQuery {
  @IsUUID()
  incubationId!: string;
}

/**
 * The fixed dimensions of a capacity assessment, each scored 0–100 (total 0–500): governance
 * 治理结构, finances 财务管理, projects 项目执行, volunteers 志愿者管理, communityTies 社区联结.
 */
export const CAPACITY_DIMENSIONS = ['governance', 'finances', 'projects', 'volunteers', 'communityTies'] as const;
export type CapacityDimension = (typeof CAPACITY_DIMENSIONS)[number];
export const CAPACITY_MAX_TOTAL = CAPACITY_DIMENSIONS.length * 100;

const score = (description: string) => ApiProperty({ minimum: 0, maximum: 100, description });

export class CapacityScores {
  @score('治理结构: charter, board, decisions')
  @IntBetween(0, 100)
  governance!: number;

  @score('财务管理: accounts, controls, transparency')
  @IntBetween(0, 100)
  finances!: number;

  @score('项目执行: planning, delivery, records')
  @IntBetween(0, 100)
  projects!: number;

  @score('志愿者管理: recruitment, training, records of hours')
  @IntBetween(0, 100)
  volunteers!: number;

  @score('社区联结: residents reached, ties with the community')
  @IntBetween(0, 100)
  communityTies!: number;
}

export const ASSESSMENT_STATUSES = ['named', 'submitted'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export class NameAssessorRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'the assessor as a user of the platform, who then submits the scores; leave out to record an assessor by name',
  })
  @IsOptional()
  @IsUUID()
  assessorUserId?: string;

  @ApiProperty({ example: '张评估' })
  @IsString()
  @Length(1, 100)
  assessorName!: string;

  @ApiProperty({ example: '成都市社会组织评估中心', description: 'the third party they assess for' })
  @IsString()
  @Length(1, 100)
  assessorOrganisation!: string;

  @ApiPropertyOptional({
    type: CapacityScores,
    description: 'the scores, when an assessor recorded by name assessed already (refused with assessorUserId)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CapacityScores)
  scores?: CapacityScores;

  @ApiPropertyOptional({ example: '2026-06-10', description: 'the day of the assessment, with scores (default today)' })
  @IsOptional()
  @IsCalendarDate()
  assessedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  summary?: string;
}

export class NameAssessorCommand extends NameAssessorRequest {
  @IsUUID()
  incubationId!: string;
}

export class SubmitAssessmentRequest {
  @ApiProperty({ type: CapacityScores })
  @IsObject()
  @ValidateNested()
  @Type(() => CapacityScores)
  scores!: CapacityScores;

  @ApiPropertyOptional({ example: '2026-06-10', description: 'the day of the assessment (default today)' })
  @IsOptional()
  @IsCalendarDate()
  assessedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  summary?: string;
}

export class SubmitAssessmentCommand extends SubmitAssessmentRequest {
  @IsUUID()
  id!: string;
}

export class CapacityAssessmentView {
  @ApiProperty() id!: string;
  @ApiProperty() incubationId!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES, description: 'named: waiting for the assessor; submitted: scored' })
  status!: AssessmentStatus;
  @Nullable(String, { description: 'the assessor as a user (null: recorded by name)' }) assessorUserId!: string | null;
  @ApiProperty() assessorName!: string;
  @ApiProperty() assessorOrganisation!: string;
  @ApiPropertyOptional({ type: CapacityScores, nullable: true }) scores!: CapacityScores | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'the sum of the scores (0–500)' })
  total!: number | null;
  @ApiProperty({ example: CAPACITY_MAX_TOTAL }) maxTotal!: number;
  @Nullable(String) assessedOn!: string | null;
  @Nullable(String) summary!: string | null;
  @ApiProperty({ type: RecordPerson }) namedBy!: RecordPerson;
  @ApiProperty() namedAt!: string;
  @ApiPropertyOptional({ type: RecordPerson, nullable: true }) submittedBy!: RecordPerson | null;
  @Nullable(String) submittedAt!: string | null;
}

export class AssessmentListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incubationId?: string;

  @OptionalBoolean({ description: 'only the assessments you are named for (assessors)' })
  mine?: boolean;

  @ApiPropertyOptional({ enum: ASSESSMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status?: AssessmentStatus;
}

export class AssessmentIdRequest {
  @IsUUID()
  id!: string;
}
