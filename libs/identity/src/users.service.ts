import { Injectable } from '@nestjs/common';
import {
  IdentityEvents,
  type Actor,
  type CreateUserRequest,
  type Page,
  type ResetPasswordCommand,
  type UpdateUserCommand,
  type UserListQuery,
  type UserView,
} from '@gz/contracts';
import { conflict, forbidden, notFound, Outbox } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from './audit';
import { checkUserAdministration, maySeeUser, requireAdmin } from './domain/administration';
import { cleared } from './domain/lockout';
import { streetOfScopes } from './domain/org-tree';
import { requireStrongPassword } from './domain/password-policy';
import { AppUser, newUserRow } from './entities/entities';
import { requireOrgPaths } from './orgs.service';
import { hashPassword } from './passwords';
import { execute, fastRead } from './sql';
import { USER_VIEW_COLUMNS, userView, userViewOf, type UserViewRow } from './views';

/** SQL: every scope of the user `u` lies within one of the scopes in parameter `$n`. */
const allScopesWithin = (n: number) =>
  `NOT EXISTS (SELECT 1 FROM unnest(u.scopes) us(p)
     WHERE NOT EXISTS (SELECT 1 FROM unnest($${n}::text[]) a(s) WHERE us.p = a.s OR starts_with(us.p, a.s || '.')))`;

const ME_SQL = `SELECT ${USER_VIEW_COLUMNS} FROM "identity".app_user WHERE id = $1`;

function eventData(u: AppUser) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    scopes: u.scopes,
    status: u.status,
    version: u.version,
  };
}

/** People: created and changed by admins, within their own scope (see domain/administration.ts). */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  /** The caller's own profile: one query by primary key (this is the benchmark path). */
  async me(userId: string): Promise<UserView> {
    const [row] = await fastRead<UserViewRow>(this.dataSource, ME_SQL, [userId]);
    if (!row) throw notFound('User');
    return userView(row);
  }

  async create(req: CreateUserRequest, actor: Actor | undefined): Promise<UserView> {
    const a = checkUserAdministration(actor, { after: { roles: req.roles, scopes: req.scopes }, sensitive: true });
    requireStrongPassword(req.password, req.username);
    await requireOrgPaths(this.dataSource, req.scopes);
    if (await this.dataSource.getRepository(AppUser).exists({ where: { username: req.username } })) {
      throw conflict(`The username ${req.username} is taken`, { field: 'username' });
    }
    const passwordHash = await hashPassword(req.password);
    const now = new Date();
    const user = newUserRow({ username: req.username, displayName: req.displayName, passwordHash, roles: req.roles, scopes: req.scopes }, now);
    await this.dataSource.transaction(async (m) => {
      // the unique index settles a race between two creations of the same username (409)
      await m.insert(AppUser, user);
      await this.audit.write(m, {
        action: 'user.created',
        outcome: 'success',
        actor: a,
        target: user.id,
        details: { username: user.username, roles: user.roles, scopes: user.scopes },
      });
      await this.outbox.add(m, {
        type: IdentityEvents.userCreated,
        street: streetOfScopes(user.scopes),
        actor: a,
        data: eventData(user),
      });
    });
    return userViewOf(user);
  }

  async list(query: UserListQuery, actor: Actor | undefined): Promise<Page<UserView>> {
    const a = requireAdmin(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const params: unknown[] = [a.scopes];
    const where = [allScopesWithin(1)];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.q) {
      const p = param(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(u.username ILIKE ${p} OR u.display_name ILIKE ${p})`);
    }
    if (query.role) where.push(`${param(query.role)} = ANY(u.roles)`);
    if (query.within) {
      const p = param(query.within);
      where.push(`EXISTS (SELECT 1 FROM unnest(u.scopes) ws(p) WHERE ws.p = ${p} OR starts_with(ws.p, ${p} || '.'))`);
    }
    const rows: Array<UserViewRow & { total: string }> = await this.dataSource.query(
      `SELECT ${USER_VIEW_COLUMNS.split(', ')
        .map((c) => `u.${c}`)
        .join(', ')}, count(*) OVER () AS total
         FROM "identity".app_user u
        WHERE ${where.join(' AND ')}
        ORDER BY u.username
        LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && page > 1) {
      const [{ count }] = await this.dataSource.query(
        `SELECT count(*) AS count FROM "identity".app_user u WHERE ${where.join(' AND ')}`,
        params.slice(0, params.length - 2),
      );
      total = Number(count);
    }
    const now = new Date();
    return { items: rows.map((r) => userView(r, now)), total, page, pageSize };
  }

  async get(id: string, actor: Actor | undefined): Promise<UserView> {
    const a = requireAdmin(actor);
    const user = await this.dataSource.getRepository(AppUser).findOne({ where: { id } });
    if (!user) throw notFound('User', { id });
    if (!maySeeUser(a, user)) throw forbidden('This user is outside your scope', { id });
    return userViewOf(user);
  }

  async update(cmd: UpdateUserCommand, actor: Actor | undefined): Promise<UserView> {
    requireAdmin(actor);
    if (cmd.scopes) await requireOrgPaths(this.dataSource, cmd.scopes);
    return this.dataSource.transaction(async (m) => {
      const user = await this.lockUser(m, cmd.id);
      const sensitive = cmd.roles !== undefined || cmd.scopes !== undefined || cmd.status !== undefined;
      const a = checkUserAdministration(actor, {
        targetId: user.id,
        before: user,
        after: { roles: cmd.roles ?? user.roles, scopes: cmd.scopes ?? user.scopes },
        sensitive,
      });
      if (cmd.version !== user.version) {
        throw conflict('The user was changed meanwhile; reload it and try again', { currentVersion: user.version });
      }
      const now = new Date();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const next: AppUser = { ...user, version: user.version + 1, updatedAt: now };
      if (cmd.displayName !== undefined && cmd.displayName !== user.displayName) {
        changes.displayName = { from: user.displayName, to: cmd.displayName };
        next.displayName = cmd.displayName;
      }
      if (cmd.roles !== undefined && !sameSet(cmd.roles, user.roles)) {
        changes.roles = { from: user.roles, to: cmd.roles };
        next.roles = cmd.roles;
      }
      if (cmd.scopes !== undefined && !sameSet(cmd.scopes, user.scopes)) {
        changes.scopes = { from: user.scopes, to: cmd.scopes };
        next.scopes = cmd.scopes;
      }
      if (cmd.status !== undefined) {
        if (cmd.status !== user.status) changes.status = { from: user.status, to: cmd.status };
        next.status = cmd.status;
        if (cmd.status === 'active' && (user.failedLogins > 0 || user.lockedUntil !== null)) {
          changes.lockout = { from: user.lockedUntil?.toISOString() ?? null, to: null };
          Object.assign(next, cleared());
        }
      }
      await m.update(
        AppUser,
        { id: user.id },
        {
          displayName: next.displayName,
          roles: next.roles,
          scopes: next.scopes,
          status: next.status,
          failedLogins: next.failedLogins,
          lockedUntil: next.lockedUntil,
          version: next.version,
          updatedAt: now,
        },
      );
      if (next.status === 'disabled' && user.status !== 'disabled') {
        // a disabled account keeps no session
        await execute(
          m,
          `UPDATE "identity".refresh_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
          [user.id, now],
        );
      }
      await this.audit.write(m, {
        action: 'user.updated',
        outcome: 'success',
        actor: a,
        target: user.id,
        details: { username: user.username, changes },
      });
      await this.outbox.add(m, {
        type: IdentityEvents.userUpdated,
        street: streetOfScopes(next.scopes),
        actor: a,
        data: { ...eventData(next), changed: Object.keys(changes) },
      });
      return userViewOf(next);
    });
  }

  /** An admin sets a new password: the lockout is cleared and every session of the user ends. */
  async resetPassword(cmd: ResetPasswordCommand, actor: Actor | undefined): Promise<UserView> {
    requireAdmin(actor);
    const current = await this.dataSource.getRepository(AppUser).findOne({ where: { id: cmd.id } });
    if (!current) throw notFound('User', { id: cmd.id });
    checkUserAdministration(actor, { targetId: current.id, before: current, after: current, sensitive: true });
    requireStrongPassword(cmd.newPassword, current.username, 'newPassword');
    const passwordHash = await hashPassword(cmd.newPassword);
    return this.dataSource.transaction(async (m) => {
      const user = await this.lockUser(m, cmd.id);
      // the roles or scopes may have changed while hashing
      const a = checkUserAdministration(actor, { targetId: user.id, before: user, after: user, sensitive: true });
      const now = new Date();
      const next: AppUser = {
        ...user,
        ...cleared(),
        passwordHash,
        passwordChangedAt: now,
        version: user.version + 1,
        updatedAt: now,
      };
      await m.update(
        AppUser,
        { id: user.id },
        {
          passwordHash,
          passwordChangedAt: now,
          ...cleared(),
          version: next.version,
          updatedAt: now,
        },
      );
      const revoked = await execute(
        m,
        `UPDATE "identity".refresh_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
        [user.id, now],
      );
      await this.audit.write(m, {
        action: 'user.password.reset',
        outcome: 'success',
        actor: a,
        target: user.id,
        details: { username: user.username, revokedTokens: revoked },
      });
      await this.outbox.add(m, {
        type: IdentityEvents.userUpdated,
        street: streetOfScopes(user.scopes),
        actor: a,
        data: { ...eventData(next), changed: ['password'] },
      });
      return userViewOf(next);
    });
  }

  private async lockUser(m: EntityManager, id: string): Promise<AppUser> {
    const user = await m.findOne(AppUser, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw notFound('User', { id });
    return user;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
