import { Expose, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** What only standalone mode reads (README.md lists it). */
export class StandaloneConfig {
  /** where standalone keeps the embedded database */
  @Expose()
  @IsString()
  @MinLength(1)
  GZ_DATA_DIR = '.data';

  /** port of the embedded PostgreSQL (used when DATABASE_URL is not set) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;
}
