import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Configuration of the dispatch service (environment variables; README.md lists them). */
export class DispatchConfig {
  /** how often the deadline poller looks for due timers; 0 turns it off (another replica polls) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  TIMER_POLL_MS = 5000;

  /** a missed deadline escalated to the street goes up to the district this many minutes later */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 60)
  ESCALATE_TO_DISTRICT_AFTER_MIN = 240;
}
