import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsInstant, ORG_CODE, ORG_PATH } from './common';

/**
 * The decorator stacks DTOs repeat, each under one name. A name applies its decorators as if
 * they were stacked in the order listed (TypeScript applies a stack from the bottom), so
 * validation reports its messages in the same order as the stack it replaces.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...[...decorators].reverse());
}

/** A field of a change, validated only when sent (undefined: left as it is). */
export const IfGiven = (): PropertyDecorator => ValidateIf((_: object, v: unknown) => v !== undefined);

/** A field of a change that null clears, validated only when it holds a value. */
export const IfPresent = (): PropertyDecorator => ValidateIf((_: object, v: unknown) => v !== undefined && v !== null);

/** A whole number from `min` to `max` (a query string's text turned into a number). */
export const IntBetween = (min: number, max: number): PropertyDecorator =>
  stacked(
    Type(() => Number),
    IsInt(),
    Min(min),
    Max(max),
  );

/** A whole number from `min` on (a query string's text turned into a number). */
export const IntAtLeast = (min: number): PropertyDecorator =>
  stacked(
    Type(() => Number),
    IsInt(),
    Min(min),
  );

/** The version the caller read, for optimistic concurrency. */
export const ReadVersion = (): PropertyDecorator =>
  stacked(ApiProperty({ description: 'the version you read; a stale one is 409' }), IntAtLeast(1));

/** An optional org path (a place within the caller's scope), documented with `api`. */
export const OptionalOrgPath = (api: ApiPropertyOptions = {}): PropertyDecorator =>
  stacked(ApiPropertyOptional(api), IsOptional(), Matches(ORG_PATH));

/** An optional district code (default: the district of the caller's scope), documented with `api`. */
export const OptionalDistrict = (api: ApiPropertyOptions = { example: 'd01' }): PropertyDecorator =>
  stacked(ApiPropertyOptional(api), IsOptional(), Matches(ORG_CODE));

/** An optional instant (a date or a date-time), documented with `api`. */
export const OptionalInstant = (api: ApiPropertyOptions = {}): PropertyDecorator =>
  stacked(ApiPropertyOptional(api), IsOptional(), IsInstant());

/** An optional yes/no of a query string (`true` / `false`) or a body (a boolean). */
export const OptionalBoolean = (api: ApiPropertyOptions = {}): PropertyDecorator =>
  stacked(
    ApiPropertyOptional({ type: Boolean, ...api }),
    IsOptional(),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );

/**
 * An answer's field that may be null, of `type`: the compiler's metadata of a union with null
 * says only "object", so the document is told the type.
 */
export const Nullable = (type: ClassType, api: { description?: string; example?: unknown } = {}): PropertyDecorator =>
  ApiPropertyOptional({ ...api, type, nullable: true });
