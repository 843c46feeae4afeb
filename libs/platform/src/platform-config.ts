import { Expose, Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { splitList } from './config';

/** `STREETS=*`: every street's requests and the district-wide ones. */
export const EVERY_STREET = '*';
const STREETS_RULE = 'STREETS must be "*" (every street) or a comma-separated list of street codes and "all" (district-wide requests), such as s01 or s02,s03,all';

/** Configuration every app shares. README.md lists every variable. */
export class PlatformConfig {
  @Expose()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Expose()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Expose()
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Expose()
  @IsOptional()
  @Matches(/^(nats|tls):\/\/[^,]+(,(nats|tls):\/\/[^,]+)*$/, { message: 'NATS_URL must be nats://host:port (comma-separated for a cluster)' })
  NATS_URL?: string;

  @Expose()
  @Matches(/^[a-z][a-z0-9_]{0,30}$/, { message: 'BUS_ROOT must be lower-case letters, digits or _' })
  BUS_ROOT = 'gz';

  /**
   * What this instance serves: `*` (the default) every street and the district-wide requests;
   * otherwise a list of street codes, with `all` for the district-wide requests (`s02,s03,all`).
   */
  @Expose()
  @Transform(({ value }) => (value === undefined ? [EVERY_STREET] : splitList(value)))
  @ArrayNotEmpty({ message: STREETS_RULE })
  @Matches(/^(\*|all|s\d{2,3})$/, { each: true, message: STREETS_RULE })
  STREETS: string[] = [EVERY_STREET];

  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  BUS_REQUEST_TIMEOUT_MS = 5000;

  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  EVENT_MAX_ATTEMPTS = 5;

  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(600000)
  EVENT_RETRY_BASE_MS = 500;

  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_MS = 1000;

  /** how long the relay gathers published events before one UPDATE marks them all */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5000)
  OUTBOX_MARK_DELAY_MS = 200;

  /** events a service handles at once (events of one ticket or person stay in order) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  EVENT_CONCURRENCY = 16;

  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * Prepare the statements a service repeats (parsed and planned once per connection). Turn off
   * behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  @Expose()
  @Transform(({ value }) => (value === undefined || value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'DB_PREPARED_STATEMENTS must be true or false' })
  DB_PREPARED_STATEMENTS = true;

  @Expose()
  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HEALTH_PORT = 9000;
}

export function servesAllStreets(config: Pick<PlatformConfig, 'STREETS'>): boolean {
  return config.STREETS.includes(EVERY_STREET);
}
