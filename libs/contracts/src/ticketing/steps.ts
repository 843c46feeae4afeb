import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PHOTO_REF } from './photos';

/** The steps of the loop the grid and the command centre take: the HTTP bodies, and the commands with the ticket's id. */

/** Common to every transition: the version read (stale → 409), a note and photos. */
export class TransitionRequest {
  @ApiPropertyOptional({ description: 'the version you read; a stale one is 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ example: '已现场核实' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMaxSize(9)
  @Matches(PHOTO_REF, { each: true })
  photos?: string[];
}

export class TransitionCommand extends TransitionRequest {
  @IsUUID()
  id!: string;
}

export class RejectRequest extends TransitionRequest {
  @ApiProperty({ example: '经核实不属实' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}
export class RejectCommand extends RejectRequest {
  @IsUUID()
  id!: string;
}

export class MergeRequest extends TransitionRequest {
  @ApiProperty({ description: 'the open ticket this report duplicates' })
  @IsUUID()
  intoTicketId!: string;
}
export class MergeCommand extends MergeRequest {
  @IsUUID()
  id!: string;
}

export class HandleRequest extends TransitionRequest {
  @ApiProperty({ example: '已组织清理' })
  @IsString()
  @Length(2, 2000)
  result!: string;
}
export class HandleCommand extends HandleRequest {
  @IsUUID()
  id!: string;
}

export class CheckRequest extends TransitionRequest {
  @ApiProperty({ description: 'true: the problem is solved (→ checked); false: it goes back (→ reopened)' })
  @IsBoolean()
  passed!: boolean;
}
export class CheckCommand extends CheckRequest {
  @IsUUID()
  id!: string;
}

export class RateRequest {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  stars!: number;

  @ApiPropertyOptional({ example: '处理太慢' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}
export class RateCommand extends RateRequest {
  @IsUUID()
  id!: string;
}
