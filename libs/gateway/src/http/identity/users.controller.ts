import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateUserRequest,
  IdentityRoutes,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserListQuery,
  UserView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { DISTRICT } from './district';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'Users within your scope (admins)' })
  @ApiPageResponse(UserView)
  list(@Query() query: UserListQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.userList, DISTRICT, query, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Create a user within your scope (admins)' })
  @ApiCreatedResponse({ type: UserView })
  create(@Body() body: CreateUserRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.userCreate, DISTRICT, body, { actor });
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.userGet, DISTRICT, { id }, { actor });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: name, roles, scopes, status (send the version you read)' })
  @ApiOkResponse({ type: UserView })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.userUpdate, DISTRICT, { ...body, id }, { actor });
  }

  @Post(':id/password')
  @HttpCode(200)
  @ApiOperation({ summary: "Reset a user's password (admins); their sessions end" })
  @ApiOkResponse({ type: UserView })
  resetPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResetPasswordRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(IdentityRoutes.userResetPassword, DISTRICT, { ...body, id }, { actor });
  }
}
