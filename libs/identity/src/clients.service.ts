import { Injectable } from '@nestjs/common';
import {
  IdentityEvents,
  type Actor,
  type ClientIdRequest,
  type ClientTokenCommand,
  type ClientTokenResponse,
  type ClientView,
  type CreateClientRequest,
  type CreatedClient,
} from '@gz/contracts';
import { notFound, Outbox, unauthorized } from '@gz/platform';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditTrail } from './audit';
import { checkClientAdministration, requireAdmin } from './domain/administration';
import { grantedScopes } from './domain/client-scope';
import { streetOfScopes } from './domain/org-tree';
import { OAuthClient } from './entities/entities';
import { requireOrgPaths } from './orgs.service';
import { hashPassword, verifyNothing, verifyPassword } from './passwords';
import { TokenIssuer } from './tokens';
import { CLIENT_VIEW_COLUMNS, clientView, clientViewOf, type ClientViewRow } from './views';

const BAD_CLIENT = 'Invalid client credentials';

/** Partner systems (a department's integration): OAuth2 client credentials with scopes. */
@Injectable()
export class ClientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly tokens: TokenIssuer,
  ) {}

  async token(cmd: ClientTokenCommand): Promise<ClientTokenResponse> {
    const client = await this.dataSource.getRepository(OAuthClient).findOne({ where: { clientId: cmd.client_id } });
    const ok = client
      ? await verifyPassword(client.secretHash, cmd.client_secret)
      : await verifyNothing(cmd.client_secret);
    if (!client || !ok || client.status !== 'active') {
      const reason = !client ? 'unknown_client' : !ok ? 'wrong_secret' : 'revoked';
      await this.dataSource.transaction((m) =>
        this.audit.write(m, {
          action: 'oauth.token.failed',
          outcome: 'failure',
          target: cmd.client_id,
          details: { clientId: cmd.client_id, reason },
          client: cmd.client,
        }),
      );
      throw unauthorized(BAD_CLIENT);
    }
    const granted = grantedScopes(cmd.scope, client.grants);
    const accessToken = await this.tokens.clientAccess({
      clientId: client.clientId,
      scopes: client.scopes,
      grants: granted,
    });
    await this.dataSource.transaction((m) =>
      this.audit.write(m, {
        action: 'oauth.token.issued',
        outcome: 'success',
        actor: { id: client.clientId, username: client.name },
        target: client.clientId,
        details: { scope: granted.join(' ') },
        client: cmd.client,
      }),
    );
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.tokens.accessTtlS,
      scope: granted.join(' '),
    };
  }

  /** A client as seen by itself (`me` for a partner system). */
  async profile(clientId: string): Promise<ClientView> {
    const [row]: ClientViewRow[] = await this.dataSource.query(
      `SELECT ${CLIENT_VIEW_COLUMNS} FROM "identity".oauth_client WHERE client_id = $1`,
      [clientId],
    );
    if (!row) throw notFound('Client');
    return clientView(row);
  }

  async create(req: CreateClientRequest, actor: Actor | undefined): Promise<CreatedClient> {
    const a = checkClientAdministration(actor, req);
    await requireOrgPaths(this.dataSource, req.scopes);
    const secret = randomBytes(32).toString('base64url');
    const client: OAuthClient = {
      clientId: `gzc-${randomBytes(8).toString('hex')}`,
      name: req.name,
      secretHash: await hashPassword(secret),
      scopes: req.scopes,
      grants: req.grants,
      status: 'active',
      createdBy: a.id,
      createdAt: new Date(),
      revokedAt: null,
      version: 1,
    };
    await this.dataSource.transaction(async (m) => {
      await m.insert(OAuthClient, client);
      await this.audit.write(m, {
        action: 'client.created',
        outcome: 'success',
        actor: a,
        target: client.clientId,
        details: { name: client.name, scopes: client.scopes, grants: client.grants },
      });
      await this.outbox.add(m, {
        type: IdentityEvents.clientCreated,
        street: streetOfScopes(client.scopes),
        actor: a,
        data: { clientId: client.clientId, name: client.name, scopes: client.scopes, grants: client.grants },
      });
    });
    return { ...clientViewOf(client), clientSecret: secret };
  }

  /** The clients all of whose scopes lie within the caller's. */
  async list(actor: Actor | undefined): Promise<ClientView[]> {
    const a = requireAdmin(actor);
    const rows: ClientViewRow[] = await this.dataSource.query(
      `SELECT ${CLIENT_VIEW_COLUMNS} FROM "identity".oauth_client c
        WHERE NOT EXISTS (SELECT 1 FROM unnest(c.scopes) cs(p)
          WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) a(s) WHERE cs.p = a.s OR starts_with(cs.p, a.s || '.')))
        ORDER BY created_at, client_id`,
      [a.scopes],
    );
    return rows.map(clientView);
  }

  /** Revoked clients get no new tokens (tokens already issued run out within ACCESS_TOKEN_TTL_S). */
  async revoke(req: ClientIdRequest, actor: Actor | undefined): Promise<ClientView> {
    requireAdmin(actor);
    return this.dataSource.transaction(async (m) => {
      const client = await m.findOne(OAuthClient, {
        where: { clientId: req.clientId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!client) throw notFound('Client', { clientId: req.clientId });
      const a = checkClientAdministration(actor, client);
      if (client.status === 'revoked') return clientViewOf(client);
      const now = new Date();
      await m.update(
        OAuthClient,
        { clientId: client.clientId },
        { status: 'revoked', revokedAt: now, version: client.version + 1 },
      );
      await this.audit.write(m, {
        action: 'client.revoked',
        outcome: 'success',
        actor: a,
        target: client.clientId,
        details: { name: client.name },
      });
      await this.outbox.add(m, {
        type: IdentityEvents.clientRevoked,
        street: streetOfScopes(client.scopes),
        actor: a,
        data: { clientId: client.clientId, name: client.name },
      });
      return clientViewOf({ ...client, status: 'revoked' });
    });
  }
}
