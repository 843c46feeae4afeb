import { Injectable } from '@nestjs/common';
import {
  REQUEST_SOURCES,
  RESOLVED_STATES,
  TicketingEvents,
  type Actor,
  type ClaimCommand,
  type CommunityLedgerStats,
  type LedgerClaim,
  type LedgerEntry,
  type LedgerQuery,
  type LedgerStats,
  type LedgerStatsQuery,
  type Page,
  type ReleaseClaimCommand,
} from '@gz/contracts';
import { conflict, newId, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { Clock } from './clock';
import { checkClaim, checkLedgerRead, communityOf } from './domain/ledger-access';
import { OPEN_STATES } from './domain/state-machine';
import { iso, updateReturning } from './sql';
import { TicketStore } from './ticket-store';
import { personOf } from './tickets.service';
import type { TicketRow } from './views';

interface ClaimRow {
  id: string;
  ticket_id: string;
  claimer_id: string;
  claimer_kind: 'user' | 'client' | 'system';
  claimer_name: string | null;
  note: string | null;
  claimed_at: Date;
  released_at: Date | null;
}

const claimView = (r: ClaimRow): LedgerClaim => ({
  id: r.id,
  ticketId: r.ticket_id,
  by: { id: r.claimer_id, kind: r.claimer_kind, ...(r.claimer_name ? { name: r.claimer_name } : {}) },
  note: r.note,
  claimedAt: r.claimed_at.toISOString(),
  releasedAt: iso(r.released_at),
});

const percent = (resolved: number, collected: number) =>
  collected === 0 ? null : Math.round((resolved / collected) * 100);

/**
 * The public-opinion ledger (民情账本): residents' requests (source resident or 12345) per
 * community, who follows which, and the collected / resolved figures of any period.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TicketStore,
    private readonly clock: Clock,
  ) {}

  async list(query: LedgerQuery, actor: Actor | undefined): Promise<Page<LedgerEntry>> {
    const a = requireActor(actor);
    checkLedgerRead(a, query.path);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const params: unknown[] = [REQUEST_SOURCES, query.path];
    const where = [`t.source = ANY($1::text[])`, `(t.grid_path = $2 OR starts_with(t.grid_path, $2 || '.'))`];
    if (query.state) {
      params.push(query.state);
      where.push(`t.state = $${params.length}`);
    }
    if (query.claimed) {
      const claimed = `EXISTS (SELECT 1 FROM "ticketing".ledger_claim c WHERE c.ticket_id = t.id AND c.released_at IS NULL)`;
      where.push(query.claimed === 'true' ? claimed : `NOT ${claimed}`);
    }
    const sql = where.join(' AND ');
    const [rows, count]: [TicketRow[], Array<{ n: number }>] = await Promise.all([
      this.dataSource.query(
        `SELECT * FROM "ticketing".ticket t WHERE ${sql} ORDER BY t.reported_at DESC, t.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM "ticketing".ticket t WHERE ${sql}`, params),
    ]);
    const claims: ClaimRow[] = rows.length
      ? await this.dataSource.query(
          `SELECT * FROM "ticketing".ledger_claim WHERE ticket_id = ANY($1::uuid[]) AND released_at IS NULL ORDER BY claimed_at, id`,
          [rows.map((r) => r.id)],
        )
      : [];
    const items = rows.map((t): LedgerEntry => ({
      ticketId: t.id,
      community: communityOf(t.grid_path) ?? t.grid_path,
      gridPath: t.grid_path,
      source: t.source,
      state: t.state,
      categoryCode: t.category_code,
      categoryName: t.category_name,
      description: t.description,
      resolved: RESOLVED_STATES.includes(t.state),
      reportedAt: t.reported_at.toISOString(),
      closedAt: iso(t.closed_at),
      followers: claims.filter((c) => c.ticket_id === t.id).map(claimView),
    }));
    return { items, total: count[0].n, page, pageSize };
  }

  /** Per community: requests collected in the period, how many of them are resolved, how many are followed. */
  async stats(query: LedgerStatsQuery, actor: Actor | undefined): Promise<LedgerStats> {
    const a = requireActor(actor);
    checkLedgerRead(a, query.path);
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from >= to) throw unprocessable('from must be before to', { field: 'from' });
    const rows: Array<{ community: string; collected: number; resolved: number; followed: number }> =
      await this.dataSource.query(
        `SELECT t.community_path AS community, count(*)::int AS collected,
                count(*) FILTER (WHERE t.state = ANY($3::text[]))::int AS resolved,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "ticketing".ledger_claim c
                                                WHERE c.ticket_id = t.id AND c.released_at IS NULL))::int AS followed
           FROM "ticketing".ticket t
          WHERE t.source = ANY($1::text[]) AND (t.grid_path = $2 OR starts_with(t.grid_path, $2 || '.'))
            AND ($4::timestamptz IS NULL OR t.reported_at >= $4) AND ($5::timestamptz IS NULL OR t.reported_at < $5)
          GROUP BY t.community_path ORDER BY t.community_path`,
        [REQUEST_SOURCES, query.path, RESOLVED_STATES, from, to],
      );
    const communities: CommunityLedgerStats[] = rows.map((r) => ({
      ...r,
      resolvedPercent: percent(r.resolved, r.collected),
    }));
    const sum = (k: 'collected' | 'resolved' | 'followed') => rows.reduce((s, r) => s + r[k], 0);
    return {
      path: query.path,
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      communities,
      total: {
        community: query.path,
        collected: sum('collected'),
        resolved: sum('resolved'),
        followed: sum('followed'),
        resolvedPercent: percent(sum('resolved'), sum('collected')),
      },
    };
  }

  /** 认领: follow an open request of your community; once per person while the claim is active. */
  async claim(cmd: ClaimCommand, actor: Actor | undefined): Promise<LedgerClaim> {
    const a = requireActor(actor);
    return this.dataSource.transaction(async (m) => {
      const t = await this.store.lock(m, cmd.ticketId);
      if (!REQUEST_SOURCES.includes(t.source))
        throw unprocessable('Only residents’ requests (resident, 12345) are in the ledger', { source: t.source });
      checkClaim(a, t.grid_path);
      if (!OPEN_STATES.includes(t.state)) throw conflict('The request is no longer open', { state: t.state });
      const active: ClaimRow[] = await m.query(
        `SELECT * FROM "ticketing".ledger_claim WHERE ticket_id = $1 AND claimer_id = $2 AND released_at IS NULL`,
        [t.id, a.id],
      );
      if (active.length > 0) throw conflict('You follow this request already', { claimId: active[0].id });
      const now = this.clock.now();
      const by = personOf(a);
      const rows: ClaimRow[] = await m.query(
        `INSERT INTO "ticketing".ledger_claim (id, ticket_id, claimer_id, claimer_kind, claimer_name, note, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [newId(), t.id, a.id, a.kind, by.name ?? null, cmd.note ?? null, now],
      );
      await this.store.record(m, t.id, {
        action: 'claimed',
        at: now,
        by,
        note: cmd.note,
        data: { claimId: rows[0].id },
      });
      await this.store.publish(m, t, TicketingEvents.claimed, { at: now, by, claimId: rows[0].id });
      return claimView(rows[0]);
    });
  }

  /** Stop following: releases the caller's active claim. */
  async release(cmd: ReleaseClaimCommand, actor: Actor | undefined): Promise<LedgerClaim> {
    const a = requireActor(actor);
    return this.dataSource.transaction(async (m) => {
      const t = await this.store.lock(m, cmd.ticketId);
      const now = this.clock.now();
      const rows = await updateReturning<ClaimRow>(
        m,
        `UPDATE "ticketing".ledger_claim SET released_at = $3
          WHERE ticket_id = $1 AND claimer_id = $2 AND released_at IS NULL RETURNING *`,
        [t.id, a.id, now],
      );
      if (rows.length === 0) throw notFound('Claim', { ticketId: t.id });
      const by = personOf(a);
      await this.store.record(m, t.id, { action: 'claim_released', at: now, by, data: { claimId: rows[0].id } });
      await this.store.publish(m, t, TicketingEvents.claimReleased, { at: now, by, claimId: rows[0].id });
      return claimView(rows[0]);
    });
  }
}
