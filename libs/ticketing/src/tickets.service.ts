import { Injectable } from '@nestjs/common';
import {
  streetOfPath,
  TicketingEvents,
  type Actor,
  type CheckCommand,
  type DuplicateCandidate,
  type EventPerson,
  type HandleCommand,
  type MergeCommand,
  type Page,
  type RateCommand,
  type RejectCommand,
  type ReportedTicket,
  type ReportTicketCommand,
  type TicketListQuery,
  type TicketStats,
  type TicketStatsQuery,
  type TicketView,
  type TimelineEntry,
  type TransitionCommand,
} from '@gz/contracts';
import {
  conflict,
  hasRole,
  isUniqueViolation,
  newId,
  notFound,
  OrgGrids,
  Outbox,
  prepared,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from './clock';
import { canSee, checkRate, checkReport, checkStaff, STAFF_ROLES } from './domain/access';
import { boundingBox, duplicateDistance } from './domain/duplicates';
import { OPEN_STATES, transition } from './domain/state-machine';
import { TicketingConfig } from './ticketing.config';
import { CategoriesService } from './categories.service';
import { TicketStore, type TicketFacts } from './ticket-store';
import { ticketView, timelineView, type TicketRow, type TimelineRow } from './views';

export function personOf(actor: Actor): EventPerson {
  return { id: actor.id, kind: actor.kind, ...(actor.username ? { name: actor.username } : {}) };
}

const facts = (t: TicketRow) => ({ gridPath: t.grid_path, departments: t.department_paths, reporterId: t.reporter_id });

/** Tickets: reporting, the steps of the loop the grid and the command centre take, reads. */
@Injectable()
export class TicketsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TicketStore,
    private readonly clock: Clock,
    private readonly config: TicketingConfig,
    private readonly categories: CategoriesService,
    private readonly outbox: Outbox,
    private readonly grids: OrgGrids,
  ) {}

  async report(cmd: ReportTicketCommand, actor: Actor | undefined): Promise<ReportedTicket> {
    const a = requireActor(actor);
    const { location } = cmd;
    if ((location.lat == null) !== (location.lng == null))
      throw unprocessable('Send both lat and lng, or neither', { field: 'location' });
    const street = streetOfPath(location.gridPath);
    if (street === 'all' || location.gridPath.split('.').length < 3)
      throw unprocessable('A ticket belongs to a place within a street: send the grid path, e.g. d01.s01.c01.g01', {
        field: 'location.gridPath',
      });
    checkReport(a, location.gridPath, cmd.source);
    // 核实后上报: verifying is the place's staff's to do, as with `open`.
    if (cmd.verified) checkStaff(a, { gridPath: location.gridPath, departments: [], reporterId: a.id });
    const [category] = await Promise.all([
      this.categories.byCode(cmd.categoryCode),
      this.grids.require(location.gridPath, 'location.gridPath'),
    ]);
    const district = location.gridPath.split('.')[0];
    if (!category || (category.district !== null && category.district !== district))
      throw unprocessable(`There is no category ${cmd.categoryCode}`, { field: 'categoryCode' });

    const now = this.clock.now();
    const id = newId();
    const by = personOf(a);
    const possibleDuplicates = await this.duplicatesOf({
      id,
      category_code: category.code,
      grid_path: location.gridPath,
      building: location.building ?? null,
      lat: location.lat ?? null,
      lng: location.lng ?? null,
      reported_at: now,
    });
    // A verified report opens at once unless it may repeat an open ticket nearby: then it stays
    // reported, and the verifier merges it or opens it, having seen the candidates.
    const opening = cmd.verified === true && possibleDuplicates.length === 0;
    const opened = opening ? transition('reported', 'open', { gridClosable: category.grid_closable }) : undefined;
    if (opened && !opened.ok) throw conflict(opened.reason, { state: 'reported', action: 'open' });
    const facts: TicketFacts = {
      id,
      street_code: street,
      grid_path: location.gridPath,
      category_code: category.code,
      state: 'reported',
      category_name: category.name,
      category_kind: category.kind,
      severity: category.severity,
      source: cmd.source,
      ack_minutes: category.ack_minutes,
      handle_minutes: category.handle_minutes,
      grid_closable: category.grid_closable,
    };
    const state = opened?.ok ? opened.to : 'reported';
    const params: unknown[] = [
      id,
      street,
      location.gridPath,
      location.building ?? null,
      location.address ?? null,
      location.lat ?? null,
      location.lng ?? null,
      category.code,
      category.name,
      category.kind,
      category.severity,
      category.grid_closable,
      category.ack_minutes,
      category.handle_minutes,
      cmd.source,
      cmd.description,
      cmd.informant ?? null,
      cmd.externalRef ?? null,
      cmd.photos ?? [],
      a.id,
      a.kind,
      a.username ?? null,
      now,
      cmd.idempotencyKey ?? null,
      state,
      opening ? now : null,
    ];
    const entries = [
      {
        seq: 1,
        action: 'reported',
        from: null,
        to: 'reported' as const,
        at: now,
        by,
        photos: cmd.photos,
        data: { source: cmd.source, ...(cmd.informant ? { informant: cmd.informant } : {}) },
      },
      ...(opening ? [{ seq: 2, action: 'open', from: 'reported' as const, to: state, at: now, by }] : []),
    ].map((e) => {
      const entry = this.store.timelineInsert(id, e, params.length);
      params.push(...entry.params);
      return entry.sql;
    });
    const events = [this.store.eventOf(facts, TicketingEvents.reported, { from: null, to: 'reported', at: now, by })];
    if (opening) events.push(this.store.eventOf({ ...facts, state }, TicketingEvents.opened, { from: 'reported', to: state, at: now, by }));
    const out = this.outbox.insert(events, params.length);
    params.push(...out.params);
    try {
      // The ticket, its idempotency key, its first timeline entries and its events: one
      // statement, so one round trip, and all or nothing. A key seen before fails it on the key's
      // unique index, and the first submission's ticket is the answer.
      const rows: TicketRow[] = await this.dataSource.query(
        prepared(`WITH t AS (
           INSERT INTO "ticketing".ticket (id, street_code, grid_path, building, address, lat, lng, category_code, category_name, category_kind,
             severity, grid_closable, ack_minutes, handle_minutes, source, description, informant, external_ref, photos,
             reporter_id, reporter_kind, reporter_name, state, reported_at, updated_at, opened_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$25,$23,$23,$26) RETURNING *),
         k AS (INSERT INTO "ticketing".report_key (actor_id, key, ticket_id) SELECT $20, $24::text, $1 WHERE $24::text IS NOT NULL),
         ${entries.map((sql, i) => `e${i} AS (${sql})`).join(',\n         ')},
         o AS (${out.sql})
         SELECT * FROM t`),
        params,
      );
      this.outbox.written(this.dataSource.manager, out.rows);
      return { ...ticketView(rows[0]), created: true, possibleDuplicates };
    } catch (error) {
      if (cmd.idempotencyKey && isUniqueViolation(error)) {
        const seen = await this.byKey(a.id, cmd.idempotencyKey);
        if (seen) return seen;
      }
      throw error;
    }
  }

  private async byKey(actorId: string, key: string): Promise<ReportedTicket | undefined> {
    const rows: TicketRow[] = await this.dataSource.query(
      `SELECT t.* FROM "ticketing".report_key k JOIN "ticketing".ticket t ON t.id = k.ticket_id WHERE k.actor_id = $1 AND k.key = $2`,
      [actorId, key],
    );
    if (rows.length === 0) return undefined;
    return { ...ticketView(rows[0]), created: false, possibleDuplicates: await this.duplicatesOf(rows[0]) };
  }

  /** Open tickets of the same category near this one, within the time window (offered to merge). */
  private async duplicatesOf(
    t: Pick<TicketRow, 'id' | 'category_code' | 'grid_path' | 'building' | 'lat' | 'lng' | 'reported_at'>,
  ): Promise<DuplicateCandidate[]> {
    if ((t.lat == null || t.lng == null) && !t.building) return [];
    const windowMs = this.config.DUPLICATE_WINDOW_H * 3600_000;
    const from = new Date(t.reported_at.getTime() - windowMs);
    const params: unknown[] = [t.category_code, t.id, from, OPEN_STATES];
    let near: string;
    if (t.lat != null && t.lng != null) {
      const box = boundingBox({ lat: t.lat, lng: t.lng }, this.config.DUPLICATE_RADIUS_M);
      params.push(box.minLat, box.maxLat, box.minLng, box.maxLng);
      near = `lat BETWEEN $5 AND $6 AND lng BETWEEN $7 AND $8`;
    } else {
      params.push(t.grid_path, t.building);
      near = `grid_path = $5 AND building = $6`;
    }
    const rows: TicketRow[] = await this.dataSource.query(
      `SELECT * FROM "ticketing".ticket
        WHERE category_code = $1 AND id <> $2 AND reported_at >= $3 AND state = ANY($4::text[]) AND ${near}
        ORDER BY reported_at DESC LIMIT 20`,
      params,
    );
    const probe = {
      categoryCode: t.category_code,
      gridPath: t.grid_path,
      building: t.building,
      lat: t.lat,
      lng: t.lng,
      at: t.reported_at,
    };
    const out: DuplicateCandidate[] = [];
    for (const r of rows) {
      const d = duplicateDistance(
        probe,
        {
          categoryCode: r.category_code,
          gridPath: r.grid_path,
          building: r.building,
          lat: r.lat,
          lng: r.lng,
          at: r.reported_at,
        },
        { radiusM: this.config.DUPLICATE_RADIUS_M, windowMs },
      );
      if (d !== undefined)
        out.push({
          id: r.id,
          state: r.state,
          description: r.description,
          distanceM: d,
          reportedAt: r.reported_at.toISOString(),
        });
    }
    return out.sort((x, y) => x.distanceM - y.distanceM);
  }

  private async visible(id: string, actor: Actor | undefined): Promise<TicketRow> {
    const a = requireActor(actor);
    const rows: TicketRow[] = await this.dataSource.query(`SELECT * FROM "ticketing".ticket WHERE id = $1`, [id]);
    // Not in your scope reads as not found: no probing for ticket ids.
    if (rows.length === 0 || !canSee(a, facts(rows[0]))) throw notFound('Ticket', { id });
    return rows[0];
  }

  async get(id: string, actor: Actor | undefined): Promise<TicketView & { duplicates: DuplicateCandidate[] }> {
    const t = await this.visible(id, actor);
    return { ...ticketView(t), duplicates: t.state === 'reported' ? await this.duplicatesOf(t) : [] };
  }

  async timeline(id: string, actor: Actor | undefined): Promise<TimelineEntry[]> {
    await this.visible(id, actor);
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT id, seq, action, from_state, to_state, at, actor_id, actor_kind, actor_name, note, photos, data
         FROM "ticketing".ticket_event WHERE ticket_id = $1 ORDER BY seq`,
      [id],
    );
    return rows.map(timelineView);
  }

  /** The SQL condition of the tickets a caller may see (parameters $1 scopes, $2 actor id, $3 staff, $4 departments). */
  private scopeFilter(a: Actor): { sql: string; params: unknown[] } {
    const staff = hasRole(a, ...STAFF_ROLES, 'auditor');
    const residentOnly = a.roles.length > 0 && a.roles.every((r) => r === 'resident');
    const departments = !residentOnly && (a.kind !== 'client' || (a.grants ?? []).includes('tickets:read'));
    return {
      sql: `(t.reporter_id = $2
          OR ($3 AND EXISTS (SELECT 1 FROM unnest($1::text[]) s WHERE t.grid_path = s OR starts_with(t.grid_path, s || '.')))
          OR ($4 AND EXISTS (SELECT 1 FROM unnest(t.department_paths) d, unnest($1::text[]) s WHERE d = s OR starts_with(d, s || '.'))))`,
      params: [a.scopes, a.id, staff, departments],
    };
  }

  async list(query: TicketListQuery, actor: Actor | undefined): Promise<Page<TicketView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const scope = this.scopeFilter(a);
    const params = [...scope.params];
    const where = [scope.sql];
    if (query.state) {
      params.push(query.state);
      where.push(`t.state = $${params.length}`);
    }
    if (query.path) {
      params.push(query.path);
      where.push(`(t.grid_path = $${params.length} OR starts_with(t.grid_path, $${params.length} || '.'))`);
    }
    if (query.categoryCode) {
      params.push(query.categoryCode);
      where.push(`t.category_code = $${params.length}`);
    }
    if (query.open === 'true') {
      params.push(OPEN_STATES);
      where.push(`t.state = ANY($${params.length}::text[])`);
    }
    const [rows, count]: [TicketRow[], Array<{ n: number }>] = await Promise.all([
      this.dataSource.query(
        `SELECT * FROM "ticketing".ticket t WHERE ${where.join(' AND ')} ORDER BY t.reported_at DESC, t.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM "ticketing".ticket t WHERE ${where.join(' AND ')}`, params),
    ]);
    return { items: rows.map(ticketView), total: count[0].n, page, pageSize };
  }

  /** The command centre's figures: open tickets by state, escalated ones. */
  async stats(query: TicketStatsQuery, actor: Actor | undefined): Promise<TicketStats> {
    const a = requireActor(actor);
    const scope = this.scopeFilter(a);
    const params = [...scope.params, OPEN_STATES];
    let extra = '';
    if (query.path) {
      params.push(query.path);
      extra = ` AND (t.grid_path = $6 OR starts_with(t.grid_path, $6 || '.'))`;
    }
    const rows: Array<{ state: string; n: number; escalated: number }> = await this.dataSource.query(
      `SELECT t.state, count(*)::int AS n, count(*) FILTER (WHERE t.escalation_level > 0)::int AS escalated
         FROM "ticketing".ticket t WHERE ${scope.sql} AND t.state = ANY($5::text[])${extra} GROUP BY t.state`,
      params,
    );
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = r.n;
    return { byState, open: rows.reduce((s, r) => s + r.n, 0), escalated: rows.reduce((s, r) => s + r.escalated, 0) };
  }

  private async staffStep(
    cmd: TransitionCommand,
    actor: Actor | undefined,
    step: (m: EntityManager, t: TicketRow, a: Actor) => Promise<TicketRow>,
  ): Promise<TicketView> {
    const a = requireActor(actor);
    const row = await this.dataSource.transaction(async (m) => {
      const t = await this.store.lock(m, cmd.id, cmd.version);
      if (!canSee(a, facts(t))) throw notFound('Ticket', { id: cmd.id });
      return step(m, t, a);
    });
    return ticketView(row);
  }

  /** 核实立案: the report is real and new. */
  open(cmd: TransitionCommand, actor: Actor | undefined) {
    return this.staffStep(cmd, actor, (m, t, a) => {
      checkStaff(a, facts(t));
      return this.store.apply(m, t, {
        action: 'open',
        by: personOf(a),
        note: cmd.note,
        photos: cmd.photos,
        set: { opened_at: this.clock.now() },
      });
    });
  }

  reject(cmd: RejectCommand, actor: Actor | undefined) {
    return this.staffStep(cmd, actor, (m, t, a) => {
      checkStaff(a, facts(t));
      return this.store.apply(m, t, {
        action: 'reject',
        by: personOf(a),
        note: cmd.note ?? cmd.reason,
        photos: cmd.photos,
        set: { reject_reason: cmd.reason, closed_at: this.clock.now() },
        data: { reason: cmd.reason },
        event: { type: 'ticket.rejected', data: { reason: cmd.reason } },
      });
    });
  }

  /** A duplicate: merged into the open ticket it repeats, which records it. */
  merge(cmd: MergeCommand, actor: Actor | undefined) {
    if (cmd.intoTicketId === cmd.id)
      throw unprocessable('A ticket cannot be merged into itself', { field: 'intoTicketId' });
    return this.staffStep(cmd, actor, async (m, t, a) => {
      checkStaff(a, facts(t));
      const targets: TicketRow[] = await m.query(prepared(`SELECT * FROM "ticketing".ticket WHERE id = $1 FOR UPDATE`), [
        cmd.intoTicketId,
      ]);
      const target = targets[0];
      if (!target || !canSee(a, facts(target)))
        throw unprocessable(`There is no ticket ${cmd.intoTicketId}`, { field: 'intoTicketId' });
      if (!OPEN_STATES.includes(target.state) || target.state === 'reported')
        throw conflict('Merge into an opened ticket that is not closed', {
          field: 'intoTicketId',
          state: target.state,
        });
      const by = personOf(a);
      const merged = await this.store.apply(m, t, {
        action: 'merge',
        by,
        note: cmd.note,
        photos: cmd.photos,
        set: { merged_into: target.id, closed_at: this.clock.now() },
        data: { intoTicketId: target.id },
        event: { type: 'ticket.merged', data: { intoTicketId: target.id } },
      });
      await this.store.record(m, target.id, {
        action: 'duplicate_merged',
        by,
        note: cmd.note,
        photos: t.photos,
        data: { ticketId: t.id, description: t.description },
      });
      return merged;
    });
  }

  /** The grid path: a category the grid may close is handled in the grid, without dispatch. */
  handle(cmd: HandleCommand, actor: Actor | undefined) {
    return this.staffStep(cmd, actor, (m, t, a) => {
      checkStaff(a, facts(t));
      return this.store.apply(m, t, {
        action: 'handle',
        label: 'handled_in_grid',
        by: personOf(a),
        ctx: { gridClosable: t.grid_closable, handledBy: 'grid' },
        note: cmd.note,
        photos: cmd.photos,
        set: { result: cmd.result, handled_at: this.clock.now() },
        data: { result: cmd.result },
        event: { type: 'ticket.handled', data: { result: cmd.result, inGrid: true } },
      });
    });
  }

  /** 核查: on site; passed → checked, not passed → reopened (dispatched again). */
  check(cmd: CheckCommand, actor: Actor | undefined) {
    return this.staffStep(cmd, actor, (m, t, a) => {
      checkStaff(a, facts(t));
      const now = this.clock.now();
      return cmd.passed
        ? this.store.apply(m, t, {
            action: 'check',
            by: personOf(a),
            note: cmd.note,
            photos: cmd.photos,
            set: { checked_at: now },
            data: { passed: true },
          })
        : this.store.apply(m, t, {
            action: 'reopen',
            by: personOf(a),
            note: cmd.note,
            photos: cmd.photos,
            set: { result: null, handled_at: null, checked_at: null, escalation_level: 0 },
            data: { passed: false },
          });
    });
  }

  close(cmd: TransitionCommand, actor: Actor | undefined) {
    return this.staffStep(cmd, actor, (m, t, a) => {
      checkStaff(a, facts(t));
      return this.store.apply(m, t, {
        action: 'close',
        by: personOf(a),
        note: cmd.note,
        photos: cmd.photos,
        set: { closed_at: this.clock.now() },
      });
    });
  }

  /** 考核评价: 1–5 stars with a comment, once, after closing. */
  rate(cmd: RateCommand, actor: Actor | undefined) {
    return this.staffStep({ id: cmd.id }, actor, (m, t, a) => {
      checkRate(a, facts(t));
      if (t.rating !== null) throw conflict('This ticket was rated already', { state: t.state });
      return this.store.apply(m, t, {
        action: 'rate',
        by: personOf(a),
        note: cmd.comment,
        set: { rating: cmd.stars, rating_comment: cmd.comment ?? null, rated_by: a.id, rated_at: this.clock.now() },
        data: { stars: cmd.stars },
        event: { type: 'ticket.rated', data: { stars: cmd.stars, ...(cmd.comment ? { comment: cmd.comment } : {}) } },
      });
    });
  }
}
