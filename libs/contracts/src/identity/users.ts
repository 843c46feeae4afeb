// People who sign in, and their administration.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { ROLES, type Role } from '../roles';
import { IsDisplayName, IsNewPassword, IsRoleList, IsUsername, IsUserScopeList, PASSWORD_MIN } from './fields';

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String], example: ['d01.s01'] }) scopes!: string[];
  @ApiProperty({ enum: USER_STATUSES }) status!: UserStatus;
  @ApiProperty() mfaEnabled!: boolean;
  @ApiPropertyOptional({ nullable: true }) lockedUntil!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastLoginAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'grid-worker-s01-g01' })
  @IsUsername()
  username!: string;

  @ApiProperty({ example: '张网格' })
  @IsDisplayName()
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN })
  @IsNewPassword()
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsRoleList()
  roles!: Role[];

  @ApiProperty({ type: [String], example: ['d01.s01.c01.g01'] })
  @IsUserScopeList()
  scopes!: string[];
}

export class UpdateUserRequest {
  @ApiProperty({ description: 'the version you read; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDisplayName()
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsRoleList()
  roles?: Role[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsUserScopeList()
  scopes?: string[];

  @ApiPropertyOptional({ enum: USER_STATUSES, description: 'setting active also clears a lockout' })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}

/** The bus form of an update: the id travels in the body. */
export class UpdateUserCommand extends UpdateUserRequest {
  @IsUUID()
  id!: string;
}

export class ResetPasswordRequest {
  @ApiProperty({ minLength: PASSWORD_MIN })
  @IsNewPassword()
  newPassword!: string;
}

export class ResetPasswordCommand extends ResetPasswordRequest {
  @IsUUID()
  id!: string;
}

export class IdRequest {
  @IsUUID()
  id!: string;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'only users whose scope lies within this org path' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;
}
