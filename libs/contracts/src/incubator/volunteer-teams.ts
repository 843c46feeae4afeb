import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { PageQuery } from '../common';
import { COMMUNITY_PATH } from '../councils/compounds';
import { IfGiven, Nullable, OptionalOrgPath, ReadVersion } from '../decorators';

/** How many organisers (users) one team may have. */
export const MAX_TEAM_ORGANISERS = 20;

export class CreateVolunteerTeamRequest {
  @ApiProperty({ example: '湖光社区助老志愿服务队' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    example: 'd01.s01.c01',
    description:
      "the community the team serves; a team without an organisation records under this community's residents' committee",
  })
  @Matches(COMMUNITY_PATH, { message: 'communityPath must be a community path such as d01.s01.c01' })
  communityPath!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the organisation the team belongs to (on the roll; the community must be one it serves)',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "the users (identity's user ids) who organise the team: its activities, sign-ups and hours",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEAM_ORGANISERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organiserIds!: string[];

  @ApiPropertyOptional({ example: '为独居老人上门送餐、陪伴' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  purpose?: string;
}

export class UpdateVolunteerTeamRequest {
  @ReadVersion()
  version!: number;

  @ApiPropertyOptional()
  @IfGiven()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IfGiven()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEAM_ORGANISERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organiserIds?: string[];

  @ApiPropertyOptional()
  @IfGiven()
  @IsString()
  @Length(1, 2000)
  purpose?: string;
}

export class UpdateVolunteerTeamCommand extends UpdateVolunteerTeamRequest {
  @IsUUID()
  id!: string;
}

export class VolunteerTeamIdRequest {
  @IsUUID()
  id!: string;
}

export class VolunteerTeamListQuery extends PageQuery {
  @OptionalOrgPath({ description: 'only teams of communities within this org path', example: 'd01.s01' })
  within?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "only this organisation's teams" })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'part of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}

export class AddTeamMemberRequest {
  @ApiProperty({ format: 'uuid', description: 'a volunteer on the roll' })
  @IsUUID()
  volunteerId!: string;
}

export class AddTeamMemberCommand extends AddTeamMemberRequest {
  @IsUUID()
  id!: string;
}

export class TeamMemberListQuery extends PageQuery {
  @IsUUID()
  id!: string;
}

export class VolunteerTeamView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ example: 'd01.s01.c01' }) communityPath!: string;
  @Nullable(String) organisationId!: string | null;
  @Nullable(String) organisationName!: string | null;
  @ApiProperty({ type: [String] }) organiserIds!: string[];
  @Nullable(String) purpose!: string | null;
  @ApiProperty({ description: 'volunteers on the team' }) members!: number;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
