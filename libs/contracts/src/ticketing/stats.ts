import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ORG_PATH } from '../common';

export class TicketStatsQuery {
  @ApiPropertyOptional({ description: 'only tickets at or below this org path' })
  @IsOptional()
  @Matches(ORG_PATH)
  path?: string;
}

export class TicketStats {
  @ApiProperty({ type: Object, description: 'open tickets by state', example: { reported: 2, dispatched: 5 } })
  byState!: Record<string, number>;
  @ApiProperty() open!: number;
  @ApiProperty() escalated!: number;
}
