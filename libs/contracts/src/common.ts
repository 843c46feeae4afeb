import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

/** Org path: dot-separated codes from the district down, e.g. `d01.s01.c02.g03`. */
export const ORG_PATH = /^[a-z][a-z0-9_-]{0,31}(\.[a-z][a-z0-9_-]{0,31}){0,7}$/;
export const ORG_CODE = /^[a-z][a-z0-9_-]{0,31}$/;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // past this the OFFSET is beyond any table here, and past 2^53 it is no integer PostgreSQL reads
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

/** The request of a route that takes nothing but its caller (`{}` on the wire). */
export type EmptyRequest = Record<string, never>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export class OkResponse {
  @ApiProperty({ example: true })
  ok!: true;
}

/**
 * An instant as a calendar date with an optional time and offset (`2026-11-20`,
 * `2026-11-20T10:30:00+08:00`): the ISO 8601 forms `new Date` reads. Week or ordinal dates, `+08`
 * offsets and comma fractions pass `@IsISO8601` but become an Invalid Date PostgreSQL refuses.
 */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export const TIMESTAMP_MESSAGE = '$property must be a date YYYY-MM-DD or a time such as 2026-11-20T10:30:00+08:00';

/** A date or date-time query or body field (see TIMESTAMP), refused with 400 when it is anything else. */
export const IsInstant = (): PropertyDecorator =>
  applyDecorators(
    Matches(TIMESTAMP, { message: TIMESTAMP_MESSAGE }),
    IsISO8601({ strict: true }, { message: TIMESTAMP_MESSAGE }),
  );
