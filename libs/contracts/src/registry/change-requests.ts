import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../common';
import { Nullable, OptionalDistrict, OptionalOrgPath } from '../decorators';

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
  @OptionalDistrict({ example: 'd01', description: 'default the district of your scope' })
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

  @OptionalOrgPath({ example: 'd01.s01.c01' })
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
  @Nullable(String) requestedByName!: string | null;
  @ApiProperty() requestedAt!: string;
  @Nullable(String) decidedBy!: string | null;
  @Nullable(String) decidedByName!: string | null;
  @Nullable(String) decidedAt!: string | null;
  @Nullable(String) reason!: string | null;
}

/** A change that waits for approval instead of being applied. */
export class PendingChange {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [String] }) sensitiveFields!: string[];
}
