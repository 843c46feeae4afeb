import { Injectable } from '@nestjs/common';
import {
  personOf,
  TicketingEvents,
  timelineActionOf,
  type Actor,
  type CheckCommand,
  type HandleCommand,
  type MergeCommand,
  type RateCommand,
  type RejectCommand,
  type TicketView,
  type TransitionCommand,
} from '@gz/contracts';
import { Clock, conflict, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { accessFacts, canSee, checkRate, checkStaff } from '../domain/access';
import { OPEN_STATES } from '../domain/state-machine';
import { TicketStore } from '../persistence/ticket.store';
import { ticketView, type TicketRow } from '../persistence/views';

/** The steps of the loop the grid and the command centre take on a ticket (dispatch's come as events). */
@Injectable()
export class TicketStepsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TicketStore,
    private readonly clock: Clock,
  ) {}

  /** A step on the ticket locked at the version the caller read; one the caller cannot see is not found. */
  private async step(
    cmd: { id: string; version?: number },
    actor: Actor | undefined,
    step: (m: EntityManager, t: TicketRow, a: Actor) => Promise<TicketRow>,
  ): Promise<TicketView> {
    const a = requireActor(actor);
    const row = await this.dataSource.transaction(async (m) => {
      const t = await this.store.lock(m, cmd.id, cmd.version);
      if (!canSee(a, accessFacts(t))) throw notFound('Ticket', { id: cmd.id });
      return step(m, t, a);
    });
    return ticketView(row);
  }

  /** 核实立案: the report is real and new. */
  open(cmd: TransitionCommand, actor: Actor | undefined): Promise<TicketView> {
    return this.step(cmd, actor, (m, t, a) => {
      checkStaff(a, accessFacts(t));
      return this.store.apply(m, t, {
        event: { type: TicketingEvents.opened },
        by: personOf(a),
        note: cmd.note,
        photos: cmd.photos,
        set: { opened_at: this.clock.now() },
      });
    });
  }

  reject(cmd: RejectCommand, actor: Actor | undefined): Promise<TicketView> {
    return this.step(cmd, actor, (m, t, a) => {
      checkStaff(a, accessFacts(t));
      return this.store.apply(m, t, {
        event: { type: TicketingEvents.rejected, data: { reason: cmd.reason } },
        by: personOf(a),
        note: cmd.note ?? cmd.reason,
        photos: cmd.photos,
        set: { reject_reason: cmd.reason, closed_at: this.clock.now() },
        data: { reason: cmd.reason },
      });
    });
  }

  /** A duplicate: merged into the open ticket it repeats, which records it. */
  merge(cmd: MergeCommand, actor: Actor | undefined): Promise<TicketView> {
    if (cmd.intoTicketId === cmd.id)
      throw unprocessable('A ticket cannot be merged into itself', { field: 'intoTicketId' });
    return this.step(cmd, actor, async (m, t, a) => {
      checkStaff(a, accessFacts(t));
      const target = await this.store.lockIfAny(m, cmd.intoTicketId);
      if (!target || !canSee(a, accessFacts(target)))
        throw unprocessable(`There is no ticket ${cmd.intoTicketId}`, { field: 'intoTicketId' });
      if (!OPEN_STATES.includes(target.state) || target.state === 'reported')
        throw conflict('Merge into an opened ticket that is not closed', {
          field: 'intoTicketId',
          state: target.state,
        });
      const by = personOf(a);
      const merged = await this.store.apply(m, t, {
        event: { type: TicketingEvents.merged, data: { intoTicketId: target.id } },
        by,
        note: cmd.note,
        photos: cmd.photos,
        set: { merged_into: target.id, closed_at: this.clock.now() },
        data: { intoTicketId: target.id },
      });
      await this.store.record(m, target.id, {
        action: timelineActionOf(TicketingEvents.merged),
        by,
        note: cmd.note,
        photos: t.photos,
        data: { ticketId: t.id, description: t.description },
      });
      return merged;
    });
  }

  /** The grid path: a category the grid may close is handled in the grid, without dispatch. */
  handle(cmd: HandleCommand, actor: Actor | undefined): Promise<TicketView> {
    return this.step(cmd, actor, (m, t, a) => {
      checkStaff(a, accessFacts(t));
      return this.store.apply(m, t, {
        event: { type: TicketingEvents.handled, data: { result: cmd.result, inGrid: true } },
        by: personOf(a),
        ctx: { gridClosable: t.grid_closable, handledBy: 'grid' },
        note: cmd.note,
        photos: cmd.photos,
        set: { result: cmd.result, handled_at: this.clock.now() },
        data: { result: cmd.result },
      });
    });
  }

  /** 核查: on site; passed → checked, not passed → reopened (dispatched again). */
  check(cmd: CheckCommand, actor: Actor | undefined): Promise<TicketView> {
    return this.step(cmd, actor, (m, t, a) => {
      checkStaff(a, accessFacts(t));
      const now = this.clock.now();
      return cmd.passed
        ? this.store.apply(m, t, {
            event: { type: TicketingEvents.checked },
            by: personOf(a),
            note: cmd.note,
            photos: cmd.photos,
            set: { checked_at: now },
            data: { passed: true },
          })
        : this.store.apply(m, t, {
            event: { type: TicketingEvents.reopened },
            by: personOf(a),
            note: cmd.note,
            photos: cmd.photos,
            set: { result: null, handled_at: null, checked_at: null, escalation_level: 0 },
            data: { passed: false },
          });
    });
  }

  close(cmd: TransitionCommand, actor: Actor | undefined): Promise<TicketView> {
    return this.step(cmd, actor, (m, t, a) => {
      checkStaff(a, accessFacts(t));
      return this.store.apply(m, t, {
        event: { type: TicketingEvents.closed },
        by: personOf(a),
        note: cmd.note,
        photos: cmd.photos,
        set: { closed_at: this.clock.now() },
      });
    });
  }

  /** 考核评价: 1–5 stars with a comment, once, after closing. */
  rate(cmd: RateCommand, actor: Actor | undefined): Promise<TicketView> {
    return this.step({ id: cmd.id }, actor, (m, t, a) => {
      checkRate(a, accessFacts(t));
      if (t.rating !== null) throw conflict('This ticket was rated already', { state: t.state });
      return this.store.apply(m, t, {
        event: {
          type: TicketingEvents.rated,
          data: { stars: cmd.stars, ...(cmd.comment ? { comment: cmd.comment } : {}) },
        },
        by: personOf(a),
        note: cmd.comment,
        set: { rating: cmd.stars, rating_comment: cmd.comment ?? null, rated_by: a.id, rated_at: this.clock.now() },
        data: { stars: cmd.stars },
      });
    });
  }
}
