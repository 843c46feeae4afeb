// Partner systems: OAuth2 clients, their administration and their tokens.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { ClientContext, IsClientContext } from './auth';
import { IsScopeList } from './fields';

export class CreateClientRequest {
  @ApiProperty({ example: '环卫局工单系统' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: [String], example: ['d01.dep-sanitation'], description: 'org paths the client acts for' })
  @IsScopeList()
  scopes!: string[];

  @ApiProperty({
    type: [String],
    example: ['tickets:read', 'tickets:feedback'],
    description: 'OAuth scopes it may ask for',
  })
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[a-z][a-z0-9_.:-]{1,63}$/, { each: true })
  grants!: string[];
}

export class ClientView {
  @ApiProperty() clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ type: [String] }) grants!: string[];
  @ApiProperty({ enum: ['active', 'revoked'] }) status!: 'active' | 'revoked';
  @ApiProperty() createdAt!: string;
}

export class CreatedClient extends ClientView {
  @ApiProperty({ description: 'shown once; store it in the partner system' })
  clientSecret!: string;
}

export class ClientIdRequest {
  @IsString()
  @Length(1, 64)
  clientId!: string;
}

export class ClientTokenRequest {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsIn(['client_credentials'])
  grant_type!: 'client_credentials';

  @ApiProperty()
  @IsString()
  @Length(1, 64)
  client_id!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  client_secret!: string;

  @ApiPropertyOptional({ description: 'space-separated subset of the client grants' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}

export class ClientTokenResponse {
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: 'Bearer';
  @ApiProperty() expires_in!: number;
  @ApiProperty() scope!: string;
}

/** `oauth.token` over the bus. */
export class ClientTokenCommand extends ClientTokenRequest {
  @IsClientContext()
  client?: ClientContext;
}
