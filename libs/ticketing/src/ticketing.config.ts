import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Configuration of the ticketing service (environment variables; README.md lists them). */
export class TicketingConfig {
  /** a report of the same category within this distance of an open ticket is offered as a duplicate */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  DUPLICATE_RADIUS_M = 100;

  /** … if that ticket was reported within this many hours */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  DUPLICATE_WINDOW_H = 72;
}
