import { Injectable } from '@nestjs/common';
import { AuditActions, type ClientTokenCommand, type ClientTokenResponse } from '@gz/contracts';
import { unauthorized } from '@gz/platform';
import { DataSource } from 'typeorm';
import { verifyNothing, verifyPassword } from '../crypto/passwords';
import { grantedScopes } from '../domain/client-scope';
import { AuditStore } from '../persistence/audit.store';
import { ClientStore } from '../persistence/client.store';
import { TokenIssuer } from './token-issuer.service';

const BAD_CLIENT = 'Invalid client credentials';

/** OAuth2 client credentials: a partner system trades its secret for an access token. */
@Injectable()
export class ClientTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clients: ClientStore,
    private readonly audit: AuditStore,
    private readonly tokens: TokenIssuer,
  ) {}

  async token(cmd: ClientTokenCommand): Promise<ClientTokenResponse> {
    const client = await this.clients.find(cmd.client_id);
    const ok = client
      ? await verifyPassword(client.secretHash, cmd.client_secret)
      : await verifyNothing(cmd.client_secret);
    if (!client || !ok || client.status !== 'active') {
      const reason = !client ? 'unknown_client' : !ok ? 'wrong_secret' : 'revoked';
      await this.audit.write(this.dataSource, {
        action: AuditActions.clientTokenFailed,
        outcome: 'failure',
        target: cmd.client_id,
        details: { clientId: cmd.client_id, reason },
        client: cmd.client,
      });
      throw unauthorized(BAD_CLIENT);
    }
    const granted = grantedScopes(cmd.scope, client.grants);
    const accessToken = await this.tokens.clientAccess({
      clientId: client.clientId,
      scopes: client.scopes,
      grants: granted,
    });
    await this.audit.write(this.dataSource, {
      action: AuditActions.clientTokenIssued,
      outcome: 'success',
      actor: { id: client.clientId, username: client.name },
      target: client.clientId,
      details: { scope: granted.join(' ') },
      client: cmd.client,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.tokens.accessTtlS,
      scope: granted.join(' '),
    };
  }
}
