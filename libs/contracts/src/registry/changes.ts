import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { PageQuery } from '../common';
import { Nullable } from '../decorators';

/** One changed field of a person: who changed it when, from what to what. */
export class ChangeView {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() at!: string;
  @Nullable(String) actorId!: string | null;
  @Nullable(String) actorName!: string | null;
  @ApiProperty({ example: 'phone' }) field!: string;
  @ApiPropertyOptional({ nullable: true, description: 'personal data appears masked' }) before!: unknown;
  @ApiPropertyOptional({ nullable: true }) after!: unknown;
}

export class ChangeListQuery extends PageQuery {}

export class ChangeListCommand extends ChangeListQuery {
  @IsUUID()
  id!: string;
}
