import { Injectable } from '@nestjs/common';
import type { TicketState } from '@gz/contracts';
import { Params, readPage, withinPath, withinScopes } from '@gz/platform';
import { DataSource } from 'typeorm';
import type { ListScope } from '../domain/access';
import { OPEN_STATES } from '../domain/state-machine';
import type { TicketRow, TimelineRow } from './views';

/** What a ticket list keeps, besides the caller's scope. */
export interface TicketFilter {
  state?: TicketState;
  /** at or below this org path */
  path?: string;
  categoryCode?: string;
  /** only tickets not yet closed, rejected or merged */
  open?: boolean;
}

/** Where to look for a new report's duplicates: near its point, or in its building. */
export interface NearbyQuery {
  id: string;
  categoryCode: string;
  since: Date;
  near:
    | { box: { minLat: number; maxLat: number; minLng: number; maxLng: number } }
    | { gridPath: string; building: string };
}

/** The ticket reads that search: lists, figures, duplicates nearby, a ticket's timeline. */
@Injectable()
export class TicketSearchStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The SQL condition of the tickets a scope holds. */
  private visible(s: ListScope, p: Params): string {
    const any = [`t.reporter_id = ${p.add(s.reporterId)}`];
    if (s.places) any.push(withinScopes('t.grid_path', s.scopes, p));
    if (s.departments)
      any.push(
        `EXISTS (SELECT 1 FROM unnest(t.department_paths) d(path) WHERE ${withinScopes('d.path', s.scopes, p)})`,
      );
    return `(${any.join(' OR ')})`;
  }

  async page(
    scope: ListScope,
    f: TicketFilter,
    page: number,
    pageSize: number,
  ): Promise<{ rows: TicketRow[]; total: number }> {
    const p = new Params();
    const where = [this.visible(scope, p)];
    if (f.state) where.push(`t.state = ${p.add(f.state)}`);
    if (f.path) where.push(withinPath('t.grid_path', f.path, p));
    if (f.categoryCode) where.push(`t.category_code = ${p.add(f.categoryCode)}`);
    if (f.open) where.push(`t.state = ANY(${p.add(OPEN_STATES)}::text[])`);
    return readPage<TicketRow>(this.dataSource, {
      columns: 't.*',
      from: `FROM "ticketing".ticket t WHERE ${where.join(' AND ')}`,
      orderBy: 't.reported_at DESC, t.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** Open tickets by state, and how many of them are escalated. */
  async openByState(
    scope: ListScope,
    path?: string,
  ): Promise<Array<{ state: TicketState; n: number; escalated: number }>> {
    const p = new Params();
    const where = [this.visible(scope, p), `t.state = ANY(${p.add(OPEN_STATES)}::text[])`];
    if (path) where.push(withinPath('t.grid_path', path, p));
    return this.dataSource.query(
      `SELECT t.state, count(*)::int AS n, count(*) FILTER (WHERE t.escalation_level > 0)::int AS escalated
         FROM "ticketing".ticket t WHERE ${where.join(' AND ')} GROUP BY t.state`,
      p.values,
    );
  }

  /** Open tickets of the category near a report, newest first (at most 20), for the exact rule to sort out. */
  async nearbyOpen(q: NearbyQuery): Promise<TicketRow[]> {
    const p = new Params();
    const where = [
      `category_code = ${p.add(q.categoryCode)}`,
      `id <> ${p.add(q.id)}`,
      `reported_at >= ${p.add(q.since)}`,
      `state = ANY(${p.add(OPEN_STATES)}::text[])`,
    ];
    if ('box' in q.near) {
      const b = q.near.box;
      where.push(
        `lat BETWEEN ${p.add(b.minLat)} AND ${p.add(b.maxLat)}`,
        `lng BETWEEN ${p.add(b.minLng)} AND ${p.add(b.maxLng)}`,
      );
    } else {
      where.push(`grid_path = ${p.add(q.near.gridPath)}`, `building = ${p.add(q.near.building)}`);
    }
    return this.dataSource.query(
      `SELECT * FROM "ticketing".ticket WHERE ${where.join(' AND ')} ORDER BY reported_at DESC LIMIT 20`,
      p.values,
    );
  }

  async timeline(ticketId: string): Promise<TimelineRow[]> {
    return this.dataSource.query(
      `SELECT id, seq, action, from_state, to_state, at, actor_id, actor_kind, actor_name, note, photos, data
         FROM "ticketing".ticket_event WHERE ticket_id = $1 ORDER BY seq`,
      [ticketId],
    );
  }
}
