import { Injectable } from '@nestjs/common';
import type { Actor, AuditEntry, AuditQuery, ClientContext, Page } from '@gz/contracts';
import { newId } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditRecord {
  action: string;
  outcome: 'success' | 'failure';
  actor?: Pick<Actor, 'id' | 'username'> | { id: string | null; username?: string | null };
  target?: string | null;
  details?: Record<string, unknown>;
  client?: ClientContext;
  at?: Date;
}

interface AuditRow {
  id: string;
  at: Date;
  action: string;
  outcome: 'success' | 'failure';
  actor_id: string | null;
  actor_name: string | null;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  total: string;
}

/**
 * The audit trail of sign-ins, failures and admin changes. `write` takes the caller's
 * transaction so that an admin change and its audit row commit together. Never put secrets in
 * `details` (no passwords, tokens or codes).
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly dataSource: DataSource) {}

  async write(manager: EntityManager, record: AuditRecord): Promise<void> {
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
  async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.action) {
      const p = param(query.action);
      where.push(`(action = ${p} OR starts_with(action, ${p} || '.'))`);
    }
    if (query.actorId) where.push(`actor_id = ${param(query.actorId)}`);
    if (query.from) where.push(`at >= ${param(new Date(query.from))}`);
    if (query.to) where.push(`at < ${param(new Date(query.to))}`);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id, at, action, outcome, actor_id, actor_name, target, details, ip, count(*) OVER () AS total
         FROM "identity".audit_log
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY at DESC, id DESC
        LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && page > 1) {
      const [{ count }] = await this.dataSource.query(
        `SELECT count(*) AS count FROM "identity".audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params.slice(0, params.length - 2),
      );
      total = Number(count);
    }
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        action: r.action,
        outcome: r.outcome,
        actorId: r.actor_id,
        actorName: r.actor_name,
        target: r.target,
        details: r.ip ? { ...r.details, ip: r.ip } : r.details,
      })),
      total,
      page,
      pageSize,
    };
  }
}
