import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { STREET_CODE } from '../subjects';
import { PHOTO_REF } from '../ticketing/photos';
import { DepartmentRef } from './department.dto';

export const ASSIGNMENT_STATUSES = [
  'dispatched',
  'acknowledged',
  'handled',
  'handed_back',
  'withdrawn',
  'closed',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

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

export class AssignmentListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;

  @ApiPropertyOptional({ description: 'one department (within your scope)', example: 'd01.dep-sanitation' })
  @IsOptional()
  @Matches(ORG_PATH)
  department?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only assignments of this ticket' })
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
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'the assignment version you read; a stale one is 409',
  })
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


export class DepartmentQueue {
  @ApiProperty({ type: DepartmentRef }) department!: DepartmentRef;
  @ApiProperty() dispatched!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty() overdue!: number;
}
