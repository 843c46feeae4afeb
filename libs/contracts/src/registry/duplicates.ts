import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../common';
import { Nullable, OptionalOrgPath } from '../decorators';

export const DUPLICATE_STATUSES = ['pending', 'merged', 'kept_apart'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

export class DuplicateListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DUPLICATE_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(DUPLICATE_STATUSES)
  status?: DuplicateStatus;

  @OptionalOrgPath({ example: 'd01.s01.c01' })
  within?: string;
}

export class DuplicatePersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() birthDate!: string;
  @ApiProperty() path!: string;
  @Nullable(String) idNumberMasked!: string | null;
  @ApiProperty() present!: boolean;
}

export class DuplicateView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the community both live in' }) community!: string;
  @ApiProperty({ type: DuplicatePersonView }) person!: DuplicatePersonView;
  @ApiProperty({ type: DuplicatePersonView }) other!: DuplicatePersonView;
  @ApiProperty({ enum: DUPLICATE_STATUSES }) status!: DuplicateStatus;
  @ApiProperty() flaggedAt!: string;
  @Nullable(String) keptPersonId!: string | null;
  @Nullable(String) decidedBy!: string | null;
  @Nullable(String) decidedAt!: string | null;
}

export class MergeDuplicateRequest {
  @ApiProperty({ description: 'the person kept (one of the pair); the other is marked merged into it' })
  @IsUUID()
  keepPersonId!: string;
}

export class MergeDuplicateCommand extends MergeDuplicateRequest {
  @IsUUID()
  id!: string;
}
