import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Configuration of the life-event reminder poller (environment variables; README.md lists them). */
export class ReminderConfig {
  /** how often the poller looks for birthdays reached (ms); 0 disables it (another instance polls) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  REMINDER_POLL_MS = 60_000;
}
