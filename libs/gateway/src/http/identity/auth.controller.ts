import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ChangePasswordRequest,
  ClientTokenCommand,
  ClientTokenRequest,
  ClientTokenResponse,
  IdentityRoutes,
  LoginRequest,
  OkResponse,
  RefreshRequest,
  TokenPair,
  TotpActivateRequest,
  TotpEnrollment,
  type Actor,
} from '@gz/contracts';
import { BusClient, invalid, validationPipe } from '@gz/platform';
import { AllowDuringMfaEnrollment, ClientInfo, CurrentActor, Public } from '../../auth/auth';
import { AuthRateLimited } from '../throttle';
import { DISTRICT } from './district';

const TOKEN_REQUEST = validationPipe();

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
  @ApiOperation({
    summary: 'Trade a refresh token for a new pair; an old refresh token used again ends the whole session',
  })
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
  @ApiOperation({
    summary: 'OAuth2 client credentials for partner systems (form or JSON; client secret in the body or HTTP Basic)',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: ClientTokenRequest })
  @ApiOkResponse({ type: ClientTokenResponse })
  async clientToken(@Body() body: Record<string, unknown>, @Headers('authorization') authorization?: string) {
    const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization);
    // Validated here, not by the global pipe: the Basic credentials belong in it first.
    const command: ClientTokenCommand = await TOKEN_REQUEST.transform(
      basic ? { ...body, ...basicCredentials(basic[1]) } : body,
      {
        type: 'body',
        metatype: ClientTokenCommand,
      },
    );
    return this.bus.request(IdentityRoutes.clientToken, DISTRICT, command);
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
