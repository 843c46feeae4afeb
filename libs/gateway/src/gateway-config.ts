import { Expose, Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';

/** The gateway's own configuration (the shared part is PlatformConfig). */
export class GatewayConfig {
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** requests per minute per signed-in caller (or per address when anonymous) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** sign-in and token requests per minute per address */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_MINUTE = 30;

  @Expose()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  TRUST_PROXY = false;

  @Expose()
  @IsString()
  JWT_ISSUER = 'gongzhi-identity';

  @Expose()
  @IsString()
  JWT_AUDIENCE = 'gongzhi';
}
