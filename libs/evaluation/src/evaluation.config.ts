import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** Configuration of the evaluation service (environment variables; README.md lists them). */
export class EvaluationConfig {
  /** how often the projector applies new log entries to the facts; 0 turns the timer off (another replica projects, or a test ticks) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  PROJECTION_POLL_MS = 100;

  /** log entries the projector applies per transaction (a rebuild goes through the log in such batches) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  PROJECTION_BATCH = 20000;

  /** how long a command that writes the log waits for the projector to apply it before answering */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  PROJECTION_WAIT_MS = 5000;

  /** seconds identity's org tree (the units a ranking lists, and their names) is reused */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  ORG_TREE_CACHE_S = 30;

  @Expose()
  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}
