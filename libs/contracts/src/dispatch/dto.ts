import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { STREET_CODE } from '../subjects';
import { PHOTO_REF } from '../ticketing/dto';

export const ASSIGNMENT_STATUSES = [
  'dispatched',
  'acknowledged',
  'handled',
  'handed_back',
  'withdrawn',
  'closed',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const CASE_STATUSES = ['proposed', 'dispatched', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A department (an org unit of kind department), e.g. `d01.dep-sanitation` 区环卫局. */
export class DepartmentRef {
  @ApiProperty({ example: 'd01.dep-sanitation' })
  @Matches(ORG_PATH)
  path!: string;

  @ApiProperty({ example: '区环卫局' })
  @IsString()
  @Length(1, 60)
  name!: string;
}

export class Proposal {
  @ApiProperty({ type: DepartmentRef }) lead!: DepartmentRef;
  @ApiProperty({ type: [DepartmentRef] }) co!: DepartmentRef[];
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'the responsibility list version it came from' })
  listVersion!: number | null;
  @ApiProperty({ description: 'why: the rule that matched, or the previous dispatch (reopened)' }) basis!: string;
}

export class AssignmentView {
  @ApiProperty() id!: string;
  @ApiProperty() ticketId!: string;
  @ApiProperty() street!: string;
  @ApiProperty() gridPath!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty() categoryName!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ type: DepartmentRef }) department!: DepartmentRef;
  @ApiProperty({ enum: ['lead', 'co'] }) role!: 'lead' | 'co';
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty() version!: number;
  @ApiProperty() dispatchedAt!: string;
  @ApiProperty() ackDueAt!: string;
  @ApiProperty() handleDueAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) acknowledgedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) handledAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) result!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) handBackReason!: string | null;
  @ApiProperty({ description: '0 none, 1 street command centre, 2 district' }) escalationLevel!: number;
  @ApiProperty({ description: 'past its acknowledge or handle deadline' }) overdue!: boolean;
}

export class DispatchCaseView {
  @ApiProperty() ticketId!: string;
  @ApiProperty() street!: string;
  @ApiProperty() gridPath!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty() categoryName!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty() round!: number;
  @ApiProperty() version!: number;
  @ApiPropertyOptional({ type: Proposal, nullable: true }) proposal!: Proposal | null;
  @ApiProperty({ type: [AssignmentView] }) assignments!: AssignmentView[];
}

export class CaseRequest {
  @ApiProperty()
  @IsUUID()
  ticketId!: string;
}

export class ConfirmDispatchRequest {
  @ApiPropertyOptional({
    description: 'override: the lead department (omit to confirm the proposal)',
    example: 'd01.dep-sanitation',
  })
  @IsOptional()
  @Matches(ORG_PATH)
  lead?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'override: co-departments of a joint dispatch',
    example: ['d01.dep-urban'],
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(ORG_PATH, { each: true })
  co?: string[];

  @ApiPropertyOptional({ description: 'the case version you read; a stale one is 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ example: '请区环卫局牵头处置' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class ConfirmDispatchCommand extends ConfirmDispatchRequest {
  @IsUUID()
  ticketId!: string;
}

export class AssignmentListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;

  @ApiPropertyOptional({ description: 'one department (within your scope)', example: 'd01.dep-sanitation' })
  @IsOptional()
  @Matches(ORG_PATH)
  department?: string;

  @ApiPropertyOptional({ description: 'only assignments of this ticket' })
  @IsOptional()
  @IsUUID()
  ticketId?: string;
}

export class OverdueQuery extends PageQuery {
  @ApiPropertyOptional({ example: 's01' })
  @IsOptional()
  @Matches(STREET_CODE)
  street?: string;
}

export class AssignmentActionRequest {
  @ApiPropertyOptional({ description: 'the assignment version you read; a stale one is 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class AcknowledgeCommand extends AssignmentActionRequest {
  @IsUUID()
  id!: string;
}

export class HandBackRequest extends AssignmentActionRequest {
  @ApiProperty({ example: '该公厕由街道自管，不属本局职责' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}
export class HandBackCommand extends HandBackRequest {
  @IsUUID()
  id!: string;
}

export class ResultRequest extends AssignmentActionRequest {
  @ApiProperty({ example: '已对墙体进行加固修补' })
  @IsString()
  @Length(2, 2000)
  result!: string;

  @ApiPropertyOptional({ type: [String], description: 'after-photos' })
  @IsOptional()
  @ArrayMaxSize(9)
  @Matches(PHOTO_REF, { each: true })
  photos?: string[];
}
export class ResultCommand extends ResultRequest {
  @IsUUID()
  id!: string;
}

export class ResponsibilityRuleInput {
  @ApiProperty({ example: 'C0302', description: 'a category code, or a class prefix: `C03*`, `E*`, `*`' })
  @Matches(/^(\*|[CE]\*|[CE]\d{2}\*|[CE]\d{4}(-\d{2})?)$/, {
    message: 'category must be a code (C0302), a class prefix (C03*, E*) or *',
  })
  category!: string;

  @ApiPropertyOptional({
    example: 'd01.s01.c01',
    description: 'org subtree the rule covers (default: the whole street)',
  })
  @IsOptional()
  @Matches(ORG_PATH)
  orgPath?: string;

  @ApiProperty({ type: DepartmentRef })
  @ValidateNested()
  @Type(() => DepartmentRef)
  lead!: DepartmentRef;

  @ApiPropertyOptional({ type: [DepartmentRef] })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => DepartmentRef)
  co?: DepartmentRef[];
}

export class PublishResponsibilityRequest {
  @ApiProperty({ example: 's01' })
  @Matches(STREET_CODE)
  street!: string;

  @ApiProperty({ type: [ResponsibilityRuleInput] })
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => ResponsibilityRuleInput)
  rules!: ResponsibilityRuleInput[];
}

export class ResponsibilityQuery {
  @ApiProperty({ example: 's01' })
  @Matches(STREET_CODE)
  street!: string;
}

export class ResponsibilityRuleView {
  @ApiProperty() id!: string;
  @ApiProperty() category!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ type: DepartmentRef }) lead!: DepartmentRef;
  @ApiProperty({ type: [DepartmentRef] }) co!: DepartmentRef[];
}

export class ResponsibilityListView {
  @ApiProperty() id!: string;
  @ApiProperty() street!: string;
  @ApiProperty() version!: number;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() publishedBy!: string;
  @ApiProperty({ type: [ResponsibilityRuleView] }) rules!: ResponsibilityRuleView[];
}

export class DepartmentQueue {
  @ApiProperty({ type: DepartmentRef }) department!: DepartmentRef;
  @ApiProperty() dispatched!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty() overdue!: number;
}
