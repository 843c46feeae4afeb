import { Expose, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const s3 = (o: PhotoConfig) => o.PHOTO_STORE === 's3';
const requiredForS3 = (name: string) => ({ message: `${name} is required when PHOTO_STORE=s3` });

/** Photo uploads at the gateway (environment variables; README.md lists them). */
export class PhotoConfig {
  /** where photo bytes live: files under PHOTO_DIR, or an S3-compatible bucket */
  @Expose()
  @IsIn(['fs', 's3'], { message: 'PHOTO_STORE must be fs or s3' })
  PHOTO_STORE: 'fs' | 's3' = 'fs';

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

  /** the S3 API's URL for a non-AWS store (MinIO, Ceph …); unset means AWS S3 of PHOTO_S3_REGION */
  @Expose()
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'PHOTO_S3_ENDPOINT must be an http(s):// URL' },
  )
  PHOTO_S3_ENDPOINT?: string;

  @Expose()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'PHOTO_S3_REGION must be a region name such as us-east-1' })
  PHOTO_S3_REGION = 'us-east-1';

  @Expose()
  @ValidateIf(s3)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message:
      'PHOTO_S3_BUCKET must be a bucket name (3 to 63 lower-case letters, digits, dots or hyphens); it is required when PHOTO_STORE=s3',
  })
  PHOTO_S3_BUCKET?: string;

  @Expose()
  @ValidateIf(s3)
  @IsString(requiredForS3('PHOTO_S3_ACCESS_KEY_ID'))
  PHOTO_S3_ACCESS_KEY_ID?: string;

  // Only "is it set" is checked, so a config error never echoes the secret.
  @Expose()
  @ValidateIf(s3)
  @IsString(requiredForS3('PHOTO_S3_SECRET_ACCESS_KEY'))
  PHOTO_S3_SECRET_ACCESS_KEY?: string;

  /** bucket in the path (`http://host/bucket/key`), as MinIO, Ceph and most S3-compatible stores need */
  @Expose()
  @Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean({ message: 'PHOTO_S3_FORCE_PATH_STYLE must be true or false' })
  PHOTO_S3_FORCE_PATH_STYLE = false;

  /** a folder in the bucket for the photos, e.g. `photos/` */
  @Expose()
  @IsOptional()
  @Matches(/^(?!\/)(?!.*\.\.)[A-Za-z0-9!_.*'()/-]{1,200}$/, {
    message: "PHOTO_S3_PREFIX must be letters, digits and !_.*'()/- (no leading / and no ..)",
  })
  PHOTO_S3_PREFIX?: string;
}
