import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Org path: dot-separated codes from the district down, e.g. `d01.s01.c02.g03`. */
export const ORG_PATH = /^[a-z][a-z0-9_-]{0,31}(\.[a-z][a-z0-9_-]{0,31}){0,7}$/;
export const ORG_CODE = /^[a-z][a-z0-9_-]{0,31}$/;

/** True when `path` lies at or below `scope` in the org tree. */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}

/** The street code a path belongs to (`d01.s01.c02` → `s01`), or `all` above street level. */
export function streetOfPath(path: string): string {
  const token = path.split('.')[1];
  return token && /^s\d{2,3}$/.test(token) ? token : 'all';
}

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

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
