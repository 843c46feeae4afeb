import { Injectable } from '@nestjs/common';
import {
  AuditActions,
  IdentityEvents,
  type Actor,
  type ClientIdRequest,
  type ClientView,
  type CreateClientRequest,
  type CreatedClient,
} from '@gz/contracts';
import { notFound } from '@gz/platform';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../crypto/passwords';
import { checkClientAdministration, requireAdmin } from '../domain/administration';
import { ClientStore } from '../persistence/client.store';
import type { OAuthClient } from '../persistence/entities';
import { clientView, clientViewOf } from '../persistence/views';
import { AdminChanges } from './admin-changes.service';
import { OrgsService } from './orgs.service';

/** Partner systems (a department's integration): registered, listed and revoked by admins. */
@Injectable()
export class ClientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clients: ClientStore,
    private readonly orgs: OrgsService,
    private readonly changes: AdminChanges,
  ) {}

  /** A client as seen by itself (`me` for a partner system). */
  async profile(clientId: string): Promise<ClientView> {
    const row = await this.clients.viewRow(clientId);
    if (!row) throw notFound('Client');
    return clientView(row);
  }

  async create(req: CreateClientRequest, actor: Actor | undefined): Promise<CreatedClient> {
    const a = checkClientAdministration(actor, req);
    await this.orgs.requireUnits(req.scopes);
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
      await this.clients.insert(m, client);
      await this.changes.record(m, {
        action: AuditActions.clientCreated,
        actor: a,
        target: client.clientId,
        details: { name: client.name, scopes: client.scopes, grants: client.grants },
        event: IdentityEvents.clientCreated,
        scopes: client.scopes,
        data: { clientId: client.clientId, name: client.name, scopes: client.scopes, grants: client.grants },
      });
    });
    return { ...clientViewOf(client), clientSecret: secret };
  }

  /** The clients all of whose scopes lie within the caller's. */
  async list(actor: Actor | undefined): Promise<ClientView[]> {
    const a = requireAdmin(actor);
    return (await this.clients.within(a.scopes)).map(clientView);
  }

  /** Revoked clients get no new tokens (tokens already issued run out within ACCESS_TOKEN_TTL_S). */
  async revoke(req: ClientIdRequest, actor: Actor | undefined): Promise<ClientView> {
    requireAdmin(actor);
    return this.dataSource.transaction(async (m) => {
      const client = await this.clients.lock(m, req.clientId);
      if (!client) throw notFound('Client', { clientId: req.clientId });
      const a = checkClientAdministration(actor, client);
      if (client.status === 'revoked') return clientViewOf(client);
      await this.clients.revoke(m, client, new Date());
      await this.changes.record(m, {
        action: AuditActions.clientRevoked,
        actor: a,
        target: client.clientId,
        details: { name: client.name },
        event: IdentityEvents.clientRevoked,
        scopes: client.scopes,
        data: { clientId: client.clientId, name: client.name },
      });
      return clientViewOf({ ...client, status: 'revoked' });
    });
  }
}
