import { Expose, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Photo uploads at the gateway (environment variables; README.md lists them). */
export class PhotoConfig {
  /** where the filesystem photo store keeps the files (relative to the working directory) */
  @Expose()
  @IsString()
  @MinLength(1)
  PHOTO_DIR = '.data/photos';

  /** the largest photo accepted, in bytes */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  PHOTO_MAX_BYTES = 5 * 1024 * 1024;
}
