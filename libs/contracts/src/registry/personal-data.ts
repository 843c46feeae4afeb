import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../common';
import { PII_FIELDS, type PiiField } from './common';
import { Nullable, OptionalInstant } from '../decorators';

export class RevealRequest {
  @ApiProperty({ enum: PII_FIELDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PII_FIELDS.length)
  @ArrayUnique()
  @IsIn(PII_FIELDS, { each: true })
  fields!: PiiField[];

  @ApiProperty({
    example: '办理高龄津贴核对身份',
    description: 'why the full value is needed; kept in the access audit',
  })
  @IsString()
  @Length(4, 200)
  reason!: string;
}

export class RevealCommand extends RevealRequest {
  @IsUUID()
  id!: string;
}

/** The full values asked for (null: the person has none). */
export class RevealedPii {
  @ApiProperty() id!: string;
  @Nullable(String) idNumber?: string | null;
  @Nullable(String) phone?: string | null;
}

export class PiiAccessQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actorId?: string;

  @OptionalInstant({ example: '2026-11-01' })
  from?: string;

  @OptionalInstant({ example: '2026-12-01' })
  to?: string;
}

/** One full read of personal data, as the access audit keeps it. */
export class PiiAccessEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actorId!: string;
  @Nullable(String) actorName!: string | null;
  @ApiProperty({ type: [String] }) actorRoles!: string[];
  @ApiProperty() personId!: string;
  @ApiProperty({ enum: PII_FIELDS }) field!: PiiField;
  @ApiProperty() reason!: string;
  @ApiProperty() path!: string;
}
