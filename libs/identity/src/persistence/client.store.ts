import { Injectable } from '@nestjs/common';
import { Params, withinAnyOf } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { OAuthClient } from './entities';
import { CLIENT_VIEW_COLUMNS, type ClientViewRow } from './views';

/** Partner systems (`identity.oauth_client`). */
@Injectable()
export class ClientStore {
  constructor(private readonly dataSource: DataSource) {}

  find(clientId: string): Promise<OAuthClient | null> {
    return this.dataSource.getRepository(OAuthClient).findOne({ where: { clientId } });
  }

  async viewRow(clientId: string): Promise<ClientViewRow | undefined> {
    const [row]: ClientViewRow[] = await this.dataSource.query(
      `SELECT ${CLIENT_VIEW_COLUMNS} FROM "identity".oauth_client WHERE client_id = $1`,
      [clientId],
    );
    return row;
  }

  /** The clients all of whose scopes lie within `scopes`, oldest first. */
  within(scopes: readonly string[]): Promise<ClientViewRow[]> {
    const p = new Params();
    const $scopes = p.add(scopes);
    return this.dataSource.query(
      `SELECT ${CLIENT_VIEW_COLUMNS} FROM "identity".oauth_client c
        WHERE NOT EXISTS (SELECT 1 FROM unnest(c.scopes) cs(p) WHERE NOT ${withinAnyOf('cs.p', $scopes)})
        ORDER BY created_at, client_id`,
      p.values,
    );
  }

  /** The client, locked until the caller's transaction ends; null when there is none. */
  lock(m: EntityManager, clientId: string): Promise<OAuthClient | null> {
    return m.findOne(OAuthClient, { where: { clientId }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(m: EntityManager, clients: OAuthClient | OAuthClient[]): Promise<void> {
    await m.insert(OAuthClient, clients);
  }

  async revoke(m: EntityManager, client: Pick<OAuthClient, 'clientId' | 'version'>, at: Date): Promise<void> {
    await m.update(
      OAuthClient,
      { clientId: client.clientId },
      { status: 'revoked', revokedAt: at, version: client.version + 1 },
    );
  }
}
