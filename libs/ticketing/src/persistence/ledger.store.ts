import { Injectable } from '@nestjs/common';
import { REQUEST_SOURCES, RESOLVED_STATES, type TicketState } from '@gz/contracts';
import { newId, Params, readPage, updateReturning, withinPath } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClaimRow, TicketRow } from './views';

/** What the ledger's list keeps: residents' requests at or below a path. */
export interface LedgerFilter {
  path: string;
  state?: TicketState;
  /** true: only those someone follows; false: only unclaimed ones */
  claimed?: boolean;
}

/** The collected, resolved and followed requests of one community in a period. */
export interface CommunityFigures {
  community: string;
  collected: number;
  resolved: number;
  followed: number;
}

const ACTIVE_CLAIM = `EXISTS (SELECT 1 FROM "ticketing".ledger_claim c WHERE c.ticket_id = t.id AND c.released_at IS NULL)`;

/** The public-opinion ledger's store: residents' requests (tickets) and who follows which (claims). */
@Injectable()
export class LedgerStore {
  constructor(private readonly dataSource: DataSource) {}

  async page(f: LedgerFilter, page: number, pageSize: number): Promise<{ rows: TicketRow[]; total: number }> {
    const p = new Params();
    const where = [`t.source = ANY(${p.add(REQUEST_SOURCES)}::text[])`, withinPath('t.grid_path', f.path, p)];
    if (f.state) where.push(`t.state = ${p.add(f.state)}`);
    if (f.claimed !== undefined) where.push(f.claimed ? ACTIVE_CLAIM : `NOT ${ACTIVE_CLAIM}`);
    return readPage<TicketRow>(this.dataSource, {
      columns: 't.*',
      from: `FROM "ticketing".ticket t WHERE ${where.join(' AND ')}`,
      orderBy: 't.reported_at DESC, t.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** The active claims of these tickets, oldest first. */
  async activeClaims(ticketIds: string[]): Promise<ClaimRow[]> {
    if (ticketIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT * FROM "ticketing".ledger_claim WHERE ticket_id = ANY($1::uuid[]) AND released_at IS NULL ORDER BY claimed_at, id`,
      [ticketIds],
    );
  }

  /** Per community at or below `path`: requests reported in the period, resolved of them, followed now. */
  async figures(path: string, from: Date | null, to: Date | null): Promise<CommunityFigures[]> {
    const p = new Params();
    const sources = p.add(REQUEST_SOURCES);
    const resolved = p.add(RESOLVED_STATES);
    const within = withinPath('t.grid_path', path, p);
    const $from = p.add(from);
    const $to = p.add(to);
    return this.dataSource.query(
      `SELECT t.community_path AS community, count(*)::int AS collected,
              count(*) FILTER (WHERE t.state = ANY(${resolved}::text[]))::int AS resolved,
              count(*) FILTER (WHERE ${ACTIVE_CLAIM})::int AS followed
         FROM "ticketing".ticket t
        WHERE t.source = ANY(${sources}::text[]) AND ${within}
          AND (${$from}::timestamptz IS NULL OR t.reported_at >= ${$from}) AND (${$to}::timestamptz IS NULL OR t.reported_at < ${$to})
        GROUP BY t.community_path ORDER BY t.community_path`,
      p.values,
    );
  }

  /** The caller's active claim of the ticket, if any. */
  async activeClaim(m: EntityManager, ticketId: string, claimerId: string): Promise<ClaimRow | undefined> {
    const rows: ClaimRow[] = await m.query(
      `SELECT * FROM "ticketing".ledger_claim WHERE ticket_id = $1 AND claimer_id = $2 AND released_at IS NULL`,
      [ticketId, claimerId],
    );
    return rows[0];
  }

  async addClaim(
    m: EntityManager,
    c: Pick<ClaimRow, 'ticket_id' | 'claimer_id' | 'claimer_kind' | 'claimer_name' | 'note' | 'claimed_at'>,
  ): Promise<ClaimRow> {
    const rows: ClaimRow[] = await m.query(
      `INSERT INTO "ticketing".ledger_claim (id, ticket_id, claimer_id, claimer_kind, claimer_name, note, claimed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [newId(), c.ticket_id, c.claimer_id, c.claimer_kind, c.claimer_name, c.note, c.claimed_at],
    );
    return rows[0];
  }

  /** Releases the caller's active claim of the ticket; undefined when there is none. */
  async release(m: EntityManager, ticketId: string, claimerId: string, at: Date): Promise<ClaimRow | undefined> {
    const rows = await updateReturning<ClaimRow>(
      m,
      `UPDATE "ticketing".ledger_claim SET released_at = $3
        WHERE ticket_id = $1 AND claimer_id = $2 AND released_at IS NULL RETURNING *`,
      [ticketId, claimerId, at],
    );
    return rows[0];
  }
}
