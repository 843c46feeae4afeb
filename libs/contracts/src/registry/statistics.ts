import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { OptionalOrgPath } from '../decorators';
import { IsQuarter } from './decorators';
import { CoverageRow } from './visits';

export const STATISTICS_LEVELS = ['grid', 'community', 'street'] as const;
export type StatisticsLevel = (typeof STATISTICS_LEVELS)[number];

/** Counts by key (residence type, tag, colour). */
const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class StatisticsQuery {
  @OptionalOrgPath({ example: 'd01.s01', description: 'default your scope' })
  within?: string;

  @ApiPropertyOptional({ enum: STATISTICS_LEVELS, default: 'grid' })
  @IsOptional()
  @IsIn(STATISTICS_LEVELS)
  level?: StatisticsLevel;

  @ApiPropertyOptional({ example: '2026-Q4', description: 'quarter of the visit coverage; default the current one' })
  @IsOptional()
  @IsQuarter()
  quarter?: string;
}

export class StatisticsRow {
  @ApiProperty({ example: 'd01.s01.c01' }) path!: string;
  @ApiProperty({ ...COUNTS, example: { registered: 10, resident: 3, floating: 4, foreign: 1, total: 18 } })
  population!: Record<string, number>;
  @ApiProperty({ ...COUNTS, example: { elderly_alone: 2, low_income: 1 }, description: 'present persons per tag' })
  tags!: Record<string, number>;
  @ApiProperty({ ...COUNTS, example: { green: 3, yellow: 1, red: 1, ungraded: 2 } })
  rentals!: Record<string, number>;
  @ApiProperty({ type: CoverageRow }) visits!: CoverageRow;
}

export class StatisticsView {
  @ApiProperty({ enum: STATISTICS_LEVELS }) level!: StatisticsLevel;
  @ApiProperty() quarter!: string;
  @ApiProperty({ type: [StatisticsRow] }) rows!: StatisticsRow[];
}
