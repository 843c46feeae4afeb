import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { RELATIONS, type Relation } from './common';
import { IntAtLeast, Nullable } from '../decorators';
import { IsCalendarDate } from './decorators';

export class MoveInRequest {
  @ApiProperty()
  @IsUUID()
  householdId!: string;

  @ApiProperty({ enum: RELATIONS })
  @IsIn(RELATIONS)
  relation!: Relation;

  @ApiProperty({ example: '2024-09-01' })
  @IsCalendarDate()
  date!: string;

  @ApiPropertyOptional({ example: '购房迁入' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  @ApiPropertyOptional({ description: 'the person version you read; a stale one is 409' })
  @IsOptional()
  @IntAtLeast(1)
  version?: number;
}

export class MoveInCommand extends MoveInRequest {
  @IsUUID()
  id!: string;
}

export class MoveOutRequest {
  @ApiProperty({ example: '2025-01-15' })
  @IsCalendarDate()
  date!: string;

  @ApiPropertyOptional({ example: '迁往外区' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IntAtLeast(1)
  version?: number;
}

export class MoveOutCommand extends MoveOutRequest {
  @IsUUID()
  id!: string;
}

/** Who lived where from when to when: one residence of a person. */
export class ResidenceView {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiProperty() path!: string;
  @ApiPropertyOptional({ enum: RELATIONS, nullable: true }) relation!: Relation | null;
  @ApiProperty({ example: '2020-05-01' }) movedInOn!: string;
  @Nullable(String) movedOutOn!: string | null;
  @Nullable(String) moveInReason!: string | null;
  @Nullable(String) moveOutReason!: string | null;
  @Nullable(String) recordedBy!: string | null;
}
