import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { IntBetween, stacked } from '../decorators';
import { GRID_PATH, PHONE, QUARTER, TAG_CODE, TAG_CODE_MESSAGE } from './common';

/** The decorator stacks only the registry's DTOs repeat (the general ones are in ../decorators). */

/** A calendar day. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a date YYYY-MM-DD';
/** A door number: letters, digits, - and #, unique within its building. */
const DOOR_NUMBER = /^[0-9A-Za-z\u4e00-\u9fa5][0-9A-Za-z\u4e00-\u9fa5#-]{0,19}$/;

/** A calendar day, YYYY-MM-DD, that exists. */
export const IsCalendarDate = (): PropertyDecorator =>
  stacked(Matches(DATE, { message: DATE_MESSAGE }), IsISO8601({ strict: true }, { message: DATE_MESSAGE }));

/** A grid path of the org tree (district.street.community.grid). */
export const IsGridPath = (): PropertyDecorator =>
  Matches(GRID_PATH, { message: 'gridPath must be a grid path such as d01.s01.c01.g01' });

export const IsPhone = (): PropertyDecorator =>
  Matches(PHONE, { message: 'phone must be a mobile number (11 digits) or a landline with area code' });

export const IsQuarter = (): PropertyDecorator => Matches(QUARTER, { message: 'quarter must look like 2026-Q4' });

/** A built-in or district-defined tag code. */
export const IsTagCode = (): PropertyDecorator => Matches(TAG_CODE, { message: TAG_CODE_MESSAGE });

export const IsDoorNumber = (): PropertyDecorator =>
  Matches(DOOR_NUMBER, { message: 'doorNumber must be 1-20 letters, digits, - or #' });

/** One of the seven aspects a rental house is scored on, 0–10. */
export const RentalScore = (description: string): PropertyDecorator =>
  stacked(ApiProperty({ minimum: 0, maximum: 10, description }), IntBetween(0, 10));

