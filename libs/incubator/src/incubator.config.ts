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

  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --

  @Expose()
  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}
