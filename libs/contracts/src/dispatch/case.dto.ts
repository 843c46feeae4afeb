import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { ORG_PATH } from '../common';
import { AssignmentView } from './assignment.dto';
import { DepartmentRef } from './department.dto';

export const CASE_STATUSES = ['proposed', 'dispatched', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export class Proposal {
  @ApiProperty({ type: DepartmentRef }) lead!: DepartmentRef;
  @ApiProperty({ type: [DepartmentRef] }) co!: DepartmentRef[];
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'the responsibility list version it came from' })
  listVersion!: number | null;
  @ApiProperty({ description: 'why: the rule that matched, or the previous dispatch (reopened)' }) basis!: string;
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

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the case version you read; a stale one is 409' })
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
