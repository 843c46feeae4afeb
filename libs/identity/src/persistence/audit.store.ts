import { Injectable } from '@nestjs/common';
import type { Actor, AuditAction, AuditEntry, AuditQuery, ClientContext } from '@gz/contracts';
import { newId, Params, readPage, withinPath } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { auditEntry, type AuditRow } from './views';

export interface AuditRecord {
  action: AuditAction;
  outcome: 'success' | 'failure';
  actor?: Pick<Actor, 'id' | 'username'> | { id: string | null; username?: string | null };
  target?: string | null;
  details?: Record<string, unknown>;
  client?: ClientContext;
  at?: Date;
}

/**
 * The audit trail of sign-ins, failures and admin changes. `write` takes the caller's
 * transaction so that an admin change and its audit row commit together. Never put secrets in
 * `details` (no passwords, tokens or codes).
 */
@Injectable()
export class AuditStore {
  constructor(private readonly dataSource: DataSource) {}

  async write(manager: Pick<EntityManager, 'query'>, record: AuditRecord): Promise<void> {
    const details = { ...(record.details ?? {}) };
    if (record.client?.userAgent) details.userAgent = record.client.userAgent;
    await manager.query(
      `INSERT INTO "identity".audit_log (id, at, action, outcome, actor_id, actor_name, target, details, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        newId(),
        record.at ?? new Date(),
        record.action,
        record.outcome,
        record.actor?.id ?? null,
        record.actor?.username ?? null,
        record.target ?? null,
        JSON.stringify(details),
        record.client?.ip ?? null,
      ],
    );
  }

  /** Newest first. `action` matches itself and the actions below it (`auth.login` → `auth.login.failed`). */
  async page(query: AuditQuery, page: number, pageSize: number): Promise<{ items: AuditEntry[]; total: number }> {
    const p = new Params();
    const where: string[] = [];
    // actions are dotted like org paths, and "below" means the same
    if (query.action) where.push(withinPath('action', query.action, p));
    if (query.actorId) where.push(`actor_id = ${p.add(query.actorId)}`);
    if (query.from) where.push(`at >= ${p.add(new Date(query.from))}`);
    if (query.to) where.push(`at < ${p.add(new Date(query.to))}`);
    const { rows, total } = await readPage<AuditRow>(this.dataSource, {
      columns: 'id, at, action, outcome, actor_id, actor_name, target, details, ip',
      from: `FROM "identity".audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      orderBy: 'at DESC, id DESC',
      params: p.values,
      page,
      pageSize,
    });
    return { items: rows.map(auditEntry), total };
  }
}
