import { Injectable } from '@nestjs/common';
import type { UserListQuery } from '@gz/contracts';
import { fastRead, likeContaining, Params, readPage, withinAnyOf, withinPath } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { cleared, type LockState } from '../domain/lockout';
import { AppUser } from './entities';
import { USER_VIEW_COLUMNS, type UserViewRow } from './views';

const ME_SQL = `SELECT ${USER_VIEW_COLUMNS} FROM "identity".app_user WHERE id = $1`;

/** The columns of a UserView, of the app_user aliased `u`. */
const USER_VIEW_OF_U = USER_VIEW_COLUMNS.split(', ')
  .map((c) => `u.${c}`)
  .join(', ');

/** The fields an admin change writes (the rest of a user changes through its own paths). */
export type UserChange = Pick<
  AppUser,
  'displayName' | 'roles' | 'scopes' | 'status' | 'failedLogins' | 'lockedUntil' | 'version' | 'updatedAt'
>;

/** People who sign in (`identity.app_user`). */
@Injectable()
export class UserStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The user, read in the caller's transaction `m` when given. */
  find(id: string, m: EntityManager = this.dataSource.manager): Promise<AppUser | null> {
    return m.findOne(AppUser, { where: { id } });
  }

  findByUsername(username: string): Promise<AppUser | null> {
    return this.dataSource.getRepository(AppUser).findOne({ where: { username } });
  }

  usernameTaken(username: string): Promise<boolean> {
    return this.dataSource.getRepository(AppUser).exists({ where: { username } });
  }

  /** The user, locked until the caller's transaction ends; null when there is none. */
  lock(m: EntityManager, id: string): Promise<AppUser | null> {
    return m.findOne(AppUser, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The row of the caller's own profile: one query by primary key, on the pool (the benchmark path). */
  async viewRow(id: string): Promise<UserViewRow | undefined> {
    const [row] = await fastRead<UserViewRow>(this.dataSource, ME_SQL, [id]);
    return row;
  }

  /**
   * One page of the users all of whose scopes lie within the admin's scopes, by
   * username, filtered by the query.
   */
  async page(
    query: UserListQuery,
    adminScopes: readonly string[],
    page: number,
    pageSize: number,
  ): Promise<{ rows: UserViewRow[]; total: number }> {
    const p = new Params();
    const scopes = p.add(adminScopes);
    const where = [`NOT EXISTS (SELECT 1 FROM unnest(u.scopes) us(p) WHERE NOT ${withinAnyOf('us.p', scopes)})`];
    if (query.q) {
      const q = p.add(likeContaining(query.q));
      where.push(`(u.username ILIKE ${q} OR u.display_name ILIKE ${q})`);
    }
    if (query.role) where.push(`${p.add(query.role)} = ANY(u.roles)`);
    if (query.within) {
      where.push(`EXISTS (SELECT 1 FROM unnest(u.scopes) ws(p) WHERE ${withinPath('ws.p', query.within, p)})`);
    }
    return readPage<UserViewRow>(this.dataSource, {
      columns: USER_VIEW_OF_U,
      from: `FROM "identity".app_user u WHERE ${where.join(' AND ')}`,
      orderBy: 'u.username',
      params: p.values,
      page,
      pageSize,
    });
  }

  async insert(m: EntityManager, users: AppUser | AppUser[]): Promise<void> {
    await m.insert(AppUser, users);
  }

  /** A successful sign-in: the failure count cleared, the time recorded. */
  async signedIn(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(AppUser, { id }, { ...cleared(), lastLoginAt: at });
  }

  async setLockState(m: EntityManager, id: string, state: LockState): Promise<void> {
    await m.update(AppUser, { id }, { failedLogins: state.failedLogins, lockedUntil: state.lockedUntil });
  }

  /** Writes an admin's change of the user. */
  async change(m: EntityManager, id: string, change: UserChange): Promise<void> {
    await m.update(AppUser, { id }, change);
  }

  /**
   * A new password: the lockout cleared; `version` when the change bumps it (an admin's reset,
   * not the user's own change).
   */
  async setPassword(
    m: EntityManager,
    id: string,
    change: { passwordHash: string; at: Date; version?: number },
  ): Promise<void> {
    await m.update(
      AppUser,
      { id },
      {
        passwordHash: change.passwordHash,
        passwordChangedAt: change.at,
        ...cleared(),
        ...(change.version !== undefined ? { version: change.version } : {}),
        updatedAt: change.at,
      },
    );
  }

  /** A pending TOTP secret (sealed), to be activated with a code from it. */
  async setTotpSecret(m: EntityManager, id: string, sealed: string, at: Date): Promise<void> {
    await m.update(AppUser, { id }, { totpSecret: sealed, updatedAt: at });
  }

  /** Seals again a secret stored in plain or under an old key, unless it changed since `stored` was read. */
  async resealTotpSecret(m: EntityManager, id: string, stored: string, sealed: string): Promise<void> {
    await m.update(AppUser, { id, totpSecret: stored }, { totpSecret: sealed });
  }

  /**
   * Turns the pending secret on, comparing the stored (sealed) value as read: a new enrolment
   * meanwhile changes it. False when it changed (or the factor is on already).
   */
  async activateTotp(m: EntityManager, id: string, stored: string, at: Date): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(AppUser)
      .set({ totpEnabled: true, version: () => 'version + 1', updatedAt: at })
      .where('id = :id AND totp_enabled = false AND totp_secret = :secret', { id, secret: stored })
      .execute();
    return Boolean(result.affected);
  }
}
