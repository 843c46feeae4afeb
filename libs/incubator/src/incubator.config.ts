import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Configuration of the incubator service (environment variables; README.md lists them). */
export class IncubatorConfig {
  /** how long the org units of identity's tree (asked over the bus to check paths) are reused */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  ORG_TREE_CACHE_S = 30;

  /** base64 of 32 bytes: the AES-256-GCM key contacts' and volunteers' personal data are sealed with (a development key when unset, except in production) */
  @Expose()
  @IsOptional()
  @IsString()
  INCUBATOR_PII_KEY?: string;

  /** id stored with each sealed value, so the key can rotate (default k1) */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}$/)
  INCUBATOR_PII_KEY_ID?: string;

  /** earlier keys that still open values sealed under them, as `id=base64,…` (key rotation) */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}=[A-Za-z0-9+/]+={0,2}(,[A-Za-z0-9_-]{1,16}=[A-Za-z0-9+/]+={0,2})*$/)
  INCUBATOR_PII_KEY_PREVIOUS?: string;

  /** how many social organisations a community aims for (organisations) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  ORGS_PER_COMMUNITY_TARGET = 10;

  /** public holidays on weekdays (YYYY-MM-DD, comma-separated), which working-day deadlines skip */
  @Expose()
  @IsOptional()
  @Matches(/^(\d{4}-\d{2}-\d{2})(,\d{4}-\d{2}-\d{2})*$/)
  WORKING_CALENDAR_HOLIDAYS?: string;

  /** weekend days made working days (调休), YYYY-MM-DD comma-separated */
  @Expose()
  @IsOptional()
  @Matches(/^(\d{4}-\d{2}-\d{2})(,\d{4}-\d{2}-\d{2})*$/)
  WORKING_CALENDAR_WORKDAYS?: string;

  // -- organisations and incubation --
  // -- venture-philanthropy rounds --
  /** the most a small-grants round may cap one award at, in fen (rounds) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  SMALL_GRANT_CAP_MAX_FEN = 2_000_000;

  /** the most lines a ranking export holds (rounds; the export crosses the bus as one message) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3000)
  RANKING_EXPORT_MAX_ROWS = 2000;

  // -- purchased services and community funds --
  // -- volunteers --
  /** working days after an activity ends within which its hours are due (MCA order No. 67: 10); later entries are flagged late */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  VOLUNTEER_HOURS_DUE_WORKING_DAYS = 10;

  /** minutes before an activity starts and after it ends during which its check-in code is accepted */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(240)
  VOLUNTEER_CHECK_WINDOW_MIN = 30;

  /** wrong check-in codes one sign-up may type before the code is refused for it (guessing) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  VOLUNTEER_CHECK_CODE_TRIES = 5;

  /** base64 of at least 32 bytes: the HMAC key of volunteer certificates' verification codes (default: derived from INCUBATOR_PII_KEY) */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43,}={0,2}$/)
  VOLUNTEER_CERTIFICATE_KEY?: string;

  @Expose()
  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}
