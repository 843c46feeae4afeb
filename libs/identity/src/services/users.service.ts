import { Injectable } from '@nestjs/common';
import {
  AuditActions,
  IdentityEvents,
  type Actor,
  type CreateUserRequest,
  type Page,
  type ResetPasswordCommand,
  type UpdateUserCommand,
  type UserCreatedData,
  type UserListQuery,
  type UserView,
} from '@gz/contracts';
import { conflict, forbidden, notFound } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { hashPassword } from '../crypto/passwords';
import { checkUserAdministration, maySeeUser, requireAdmin } from '../domain/administration';
import { cleared } from '../domain/lockout';
import { requireStrongPassword } from '../domain/password-policy';
import { newUserRow, type AppUser } from '../persistence/entities';
import { RefreshTokenStore } from '../persistence/refresh-token.store';
import { UserStore } from '../persistence/user.store';
import { userView, userViewOf } from '../persistence/views';
import { AdminChanges } from './admin-changes.service';
import { OrgsService } from './orgs.service';

/** A user as the events about it carry it (never the password). */
function eventData(u: AppUser): Required<UserCreatedData> {
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

/** People: created and changed by admins, within their own scope (see ../domain/administration.ts). */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly orgs: OrgsService,
    private readonly changes: AdminChanges,
  ) {}

  /** The caller's own profile: one query by primary key (this is the benchmark path). */
  async me(userId: string): Promise<UserView> {
    const row = await this.users.viewRow(userId);
    if (!row) throw notFound('User');
    return userView(row);
  }

  async create(req: CreateUserRequest, actor: Actor | undefined): Promise<UserView> {
    const a = checkUserAdministration(actor, { after: { roles: req.roles, scopes: req.scopes }, sensitive: true });
    requireStrongPassword(req.password, req.username);
    await this.orgs.requireUnits(req.scopes);
    if (await this.users.usernameTaken(req.username)) {
      throw conflict(`The username ${req.username} is taken`, { field: 'username' });
    }
    const passwordHash = await hashPassword(req.password);
    const now = new Date();
    const user = newUserRow(
      { username: req.username, displayName: req.displayName, passwordHash, roles: req.roles, scopes: req.scopes },
      now,
    );
    await this.dataSource.transaction(async (m) => {
      // the unique index settles a race between two creations of the same username (409)
      await this.users.insert(m, user);
      await this.changes.record(m, {
        action: AuditActions.userCreated,
        actor: a,
        target: user.id,
        details: { username: user.username, roles: user.roles, scopes: user.scopes },
        event: IdentityEvents.userCreated,
        scopes: user.scopes,
        data: eventData(user),
      });
    });
    return userViewOf(user);
  }

  async list(query: UserListQuery, actor: Actor | undefined): Promise<Page<UserView>> {
    const a = requireAdmin(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.users.page(query, a.scopes, page, pageSize);
    const now = new Date();
    return { items: rows.map((r) => userView(r, now)), total, page, pageSize };
  }

  async get(id: string, actor: Actor | undefined): Promise<UserView> {
    const a = requireAdmin(actor);
    const user = await this.users.find(id);
    if (!user) throw notFound('User', { id });
    if (!maySeeUser(a, user)) throw forbidden('This user is outside your scope', { id });
    return userViewOf(user);
  }

  async update(cmd: UpdateUserCommand, actor: Actor | undefined): Promise<UserView> {
    requireAdmin(actor);
    if (cmd.scopes) await this.orgs.requireUnits(cmd.scopes);
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
      await this.users.change(m, user.id, {
        displayName: next.displayName,
        roles: next.roles,
        scopes: next.scopes,
        status: next.status,
        failedLogins: next.failedLogins,
        lockedUntil: next.lockedUntil,
        version: next.version,
        updatedAt: now,
      });
      // a disabled account keeps no session
      if (next.status === 'disabled' && user.status !== 'disabled')
        await this.refreshTokens.revokeUser(m, user.id, now);
      await this.changes.record(m, {
        action: AuditActions.userUpdated,
        actor: a,
        target: user.id,
        details: { username: user.username, changes },
        event: IdentityEvents.userUpdated,
        scopes: next.scopes,
        data: { ...eventData(next), changed: Object.keys(changes) },
      });
      return userViewOf(next);
    });
  }

  /** An admin sets a new password: the lockout is cleared and every session of the user ends. */
  async resetPassword(cmd: ResetPasswordCommand, actor: Actor | undefined): Promise<UserView> {
    requireAdmin(actor);
    const current = await this.users.find(cmd.id);
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
      await this.users.setPassword(m, user.id, { passwordHash, at: now, version: next.version });
      const revoked = await this.refreshTokens.revokeUser(m, user.id, now);
      await this.changes.record(m, {
        action: AuditActions.userPasswordReset,
        actor: a,
        target: user.id,
        details: { username: user.username, revokedTokens: revoked },
        event: IdentityEvents.userUpdated,
        scopes: user.scopes,
        data: { ...eventData(next), changed: ['password'] },
      });
      return userViewOf(next);
    });
  }

  private async lockUser(m: EntityManager, id: string): Promise<AppUser> {
    const user = await this.users.lock(m, id);
    if (!user) throw notFound('User', { id });
    return user;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
