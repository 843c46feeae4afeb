import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AuditQuery,
  ChangePasswordRequest,
  ClientTokenRequest,
  ClientTokenResponse,
  ClientView,
  CreateClientRequest,
  CreatedClient,
  CreateOrgRequest,
  CreateUserRequest,
  IdentityRoutes,
  LoginRequest,
  OkResponse,
  OrgNode,
  RefreshRequest,
  ResetPasswordRequest,
  TokenPair,
  TotpActivateRequest,
  TotpEnrollment,
  UpdateUserRequest,
  UserListQuery,
  UserView,
  type Actor,
  type AuditEntry,
  type Page,
} from '@gz/contracts';
import { BusClient, invalid } from '@gz/platform';
import { AllowDuringMfaEnrollment, ClientInfo, CurrentActor, Public } from '../../auth/auth';
import { AuthRateLimited } from '../throttle';

/** The identity service is district-wide: its requests go to the `all` street token. */
const DISTRICT = 'all';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @AuthRateLimited()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password (and a TOTP code when the account has one)' })
  @ApiOkResponse({ type: TokenPair })
  login(@Body() body: LoginRequest, @ClientInfo() client: { ip: string; userAgent?: string }) {
    return this.bus.request(IdentityRoutes.login, DISTRICT, { ...body, client });
  }

  @Public()
  @AuthRateLimited()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; an old refresh token used again ends the whole session' })
  @ApiOkResponse({ type: TokenPair })
  refresh(@Body() body: RefreshRequest) {
    return this.bus.request(IdentityRoutes.refresh, DISTRICT, body);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out: the session of this refresh token ends' })
  @ApiOkResponse({ type: OkResponse })
  logout(@Body() body: RefreshRequest) {
    return this.bus.request(IdentityRoutes.logout, DISTRICT, body);
  }

  @ApiBearerAuth()
  @Post('auth/password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password; your other sessions end' })
  @ApiOkResponse({ type: OkResponse })
  changePassword(@Body() body: ChangePasswordRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.changePassword, DISTRICT, body, { actor });
  }

  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Post('auth/totp/enroll')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start setting up a TOTP second factor' })
  @ApiOkResponse({ type: TotpEnrollment })
  totpEnroll(@CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.totpEnroll, DISTRICT, {}, { actor });
  }

  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Post('auth/totp/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the second factor with a code from the authenticator app' })
  @ApiOkResponse({ type: OkResponse })
  totpActivate(@Body() body: TotpActivateRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.totpActivate, DISTRICT, body, { actor });
  }

  @Public()
  @AuthRateLimited()
  @Post('oauth/token')
  @HttpCode(200)
  @ApiOperation({ summary: 'OAuth2 client credentials for partner systems (form or JSON; client secret in the body or HTTP Basic)' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: ClientTokenRequest })
  @ApiOkResponse({ type: ClientTokenResponse })
  clientToken(@Body() body: Record<string, unknown>, @Headers('authorization') authorization?: string) {
    const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization);
    if (basic) body = { ...body, ...basicCredentials(basic[1]) };
    return this.bus.request(IdentityRoutes.clientToken, DISTRICT, body);
  }
}

/**
 * `client_id` and `client_secret` of HTTP Basic credentials (RFC 6749 §2.3.1: each
 * form-urlencoded); 400 when they are not `id:secret` or not validly encoded.
 */
export function basicCredentials(encoded: string): { client_id: string; client_secret: string } {
  const [id, ...secret] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  const refused = () => invalid('The Basic credentials are not client_id:client_secret');
  if (!id || secret.length === 0) throw refused();
  try {
    return { client_id: decodeURIComponent(id), client_secret: decodeURIComponent(secret.join(':')) };
  } catch {
    throw refused(); // a malformed %-escape (URIError)
  }
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1')
export class MeController {
  constructor(private readonly bus: BusClient) {}

  @AllowDuringMfaEnrollment()
  @Get('me')
  @ApiOperation({ summary: 'Who you are: profile, roles and scopes' })
  @ApiOkResponse({ type: UserView })
  me(@CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.me, DISTRICT, {}, { actor });
  }
}

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/orgs')
export class OrgsController {
  constructor(private readonly bus: BusClient) {}

  @Get('tree')
  @ApiOperation({ summary: 'The organisation tree within your scope: district, streets, communities, grids and attached organisations' })
  @ApiOkResponse({ type: [OrgNode] })
  tree(@CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.orgTree, DISTRICT, {}, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Add a unit (community, grid, department, organisation) under a parent in your scope' })
  @ApiCreatedResponse({ type: OrgNode })
  create(@Body() body: CreateOrgRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.orgCreate, DISTRICT, body, { actor });
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'Users within your scope (admins)' })
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
  @ApiOkResponse({ type: OkResponse })
  resetPassword(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ResetPasswordRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.userResetPassword, DISTRICT, { ...body, id }, { actor });
  }
}

@ApiTags('partners')
@ApiBearerAuth()
@Controller('api/v1/clients')
export class ClientsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOkResponse({ type: [ClientView] })
  list(@CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.clientList, DISTRICT, {}, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Register a partner system; the secret is shown once' })
  @ApiCreatedResponse({ type: CreatedClient })
  create(@Body() body: CreateClientRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.clientCreate, DISTRICT, body, { actor });
  }

  @Delete(':clientId')
  @ApiOperation({ summary: 'Revoke a partner system: it gets no more tokens' })
  @ApiOkResponse({ type: ClientView })
  revoke(@Param('clientId') clientId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.clientRevoke, DISTRICT, { clientId }, { actor });
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'Sign-ins, failures and admin changes (district admins and auditors)' })
  list(@Query() query: AuditQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.auditList, DISTRICT, query, { actor });
  }
}
