import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Configuration of the councils service (environment variables; README.md lists them). */
export class CouncilsConfig {
  /** how long the org units of identity's tree (asked over the bus to check paths) are reused */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  ORG_TREE_CACHE_S = 30;

  /** how long a one-time code linking an owner to a resident's account is valid */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  OWNER_LINK_CODE_TTL_H = 72;

  /** base64 of 32 bytes: the AES-256-GCM key owners' phones are sealed with (a development key when unset, except in production) */
  @Expose()
  @IsOptional()
  @IsString()
  COUNCILS_PII_KEY?: string;

  /** id stored with each sealed phone, so the key can rotate */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}$/)
  COUNCILS_PII_KEY_ID?: string;

  /** earlier keys that still open phones sealed under them, as `id=base64,…` (key rotation: the new key in COUNCILS_PII_KEY) */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}=[A-Za-z0-9+/]+={0,2}(,[A-Za-z0-9_-]{1,16}=[A-Za-z0-9+/]+={0,2})*$/)
  COUNCILS_PII_KEY_PREVIOUS?: string;

  /** how often votes due to open or close are looked for (owners' votes); 0 turns it off (another replica polls) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  VOTE_TIMER_POLL_MS = 5000;

  /** how long an open vote's live tally is reused by this instance before it is counted again (owners' votes); 0: every read counts */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  VOTE_TALLY_CACHE_MS = 500;

  /** the fewest days a deliberation's notice (会前公告) must be up before the meeting */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  NOTICE_MIN_DAYS = 5;

  /** how often steps past their deadline are looked for (seven steps); 0 turns it off (another replica polls) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  STEP_OVERDUE_POLL_MS = 30_000;

  /**
   * deadlines of accepted topics per class, as `class=deliberate/resolve` days, comma-separated
   * (e.g. `urgent=1/3,major_matter=30/90`); classes not named keep their defaults (topics)
   */
  @Expose()
  @IsOptional()
  @Matches(/^([a-z_]+=\d{1,3}\/\d{1,3})(,[a-z_]+=\d{1,3}\/\d{1,3})*$/)
  TOPIC_DEADLINE_DAYS?: string;

  @Expose()
  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}
