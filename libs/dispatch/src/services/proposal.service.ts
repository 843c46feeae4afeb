import { Injectable } from '@nestjs/common';
import {
  DispatchEvents,
  type DispatchProposedData,
  type Proposal,
  type TicketHandledData,
  type TicketOpenedData,
} from '@gz/contracts';
import { Clock, Outbox, type InboxRecord, type NewEventOf } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { propose } from '../domain/matching';
import { AssignmentStore } from '../persistence/assignment.store';
import { CaseStore } from '../persistence/case.store';
import { ResponsibilityStore } from '../persistence/responsibility.store';
import { TimerStore } from '../persistence/timer.store';
import { departmentOf, type CaseRow } from '../persistence/views';

/** What a proposal's event says of its case. */
type ProposedCase = Pick<CaseRow, 'ticket_id' | 'street_code' | 'grid_path' | 'round' | 'proposal'>;

/**
 * Proposals from the responsibility lists: a case for each ticket to dispatch (opened, reopened,
 * handed back by its lead), and the end of dispatch when the ticket needs no more.
 */
@Injectable()
export class ProposalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseStore,
    private readonly assignments: AssignmentStore,
    private readonly timers: TimerStore,
    private readonly lists: ResponsibilityStore,
  ) {}

  /**
   * `ticket.opened`, the hot path: the new case with its proposal, the proposal's event and the
   * inbox record in one statement. A ticket whose case exists already (the event was handled
   * before, or the case came another way) goes the usual way, which the inbox keeps to once.
   */
  async openCase(d: TicketOpenedData, inbox: InboxRecord): Promise<boolean> {
    const opened = await this.newCase(this.dataSource.manager, d, inbox);
    if (!opened) return inbox.inTransaction((_, m) => this.onOpened(m, d, false));
    return true;
  }

  /** A new case with its proposal, written only if the ticket has none; false when it had one. */
  private async newCase(m: EntityManager, d: TicketOpenedData, inbox?: InboxRecord): Promise<boolean> {
    const now = this.clock.now();
    const { version, rules } = await this.lists.current(m, d.street);
    const proposal = propose(rules, { categoryCode: d.categoryCode, gridPath: d.gridPath }, version, []);
    const event = this.proposalEvent(
      { ticket_id: d.ticketId, street_code: d.street, grid_path: d.gridPath, round: 0, proposal },
      now,
    );
    return this.cases.create(m, d, proposal, event, now, inbox);
  }

  /** `ticket.opened` / `ticket.reopened`: (re)open the case and propose departments. */
  async onOpened(m: EntityManager, d: TicketOpenedData, reopened: boolean): Promise<void> {
    const now = this.clock.now();
    const c = await this.cases.lock(m, d.ticketId);
    if (!c) {
      await this.newCase(m, d);
      return;
    }
    await this.endRound(m, c.ticket_id, now);
    let proposal: Proposal | null = null;
    if (reopened && c.round > 0) {
      const last = await this.assignments.keptInRound(m, c.ticket_id, c.round);
      const lead = last.find((a) => a.role === 'lead') ?? last[0];
      if (lead)
        proposal = {
          lead: departmentOf(lead),
          co: last.filter((a) => a !== lead).map(departmentOf),
          listVersion: null,
          basis: '复核未通过，建议原部门重新处置',
        };
    }
    if (!proposal) {
      const { version, rules } = await this.lists.current(m, d.street);
      proposal = propose(rules, { categoryCode: d.categoryCode, gridPath: d.gridPath }, version, c.excluded);
    }
    const updated = await this.cases.propose(m, c.ticket_id, proposal, now);
    await this.outbox.add(m, this.proposalEvent(updated, now));
  }

  /** The lead handed the ticket back: end the round and propose again without the excluded departments. */
  async proposeAgain(m: EntityManager, c: CaseRow, excluded: readonly string[], now: Date): Promise<void> {
    await this.endRound(m, c.ticket_id, now);
    const { version, rules } = await this.lists.current(m, c.street_code);
    const proposal = propose(rules, { categoryCode: c.category_code, gridPath: c.grid_path }, version, excluded);
    const updated = await this.cases.propose(m, c.ticket_id, proposal, now);
    await this.outbox.add(m, this.proposalEvent(updated, now));
  }

  /** `ticket.handled`: handled in the grid, the proposal is moot; handled by the departments, nothing changes here. */
  async onHandled(m: EntityManager, d: TicketHandledData): Promise<void> {
    if (d.inGrid) await this.onFinished(m, d.ticketId);
  }

  /** The ticket is finished (closed, merged, handled in the grid): nothing more to dispatch. */
  async onFinished(m: EntityManager, ticketId: string): Promise<void> {
    const now = this.clock.now();
    await this.cases.close(m, ticketId, now);
    await this.endRound(m, ticketId, now);
  }

  /** The previous round is over: what was handled is closed, what was pending is withdrawn, its deadlines cancelled. */
  private async endRound(m: EntityManager, ticketId: string, now: Date): Promise<void> {
    await this.assignments.endRound(m, ticketId, now);
    await this.timers.cancelOfTicket(m, ticketId, now);
  }

  private proposalEvent(c: ProposedCase, now: Date): NewEventOf<typeof DispatchEvents.proposed> {
    const data: DispatchProposedData = {
      ticketId: c.ticket_id,
      street: c.street_code,
      gridPath: c.grid_path,
      at: now.toISOString(),
      round: c.round + 1,
      proposal: c.proposal,
    };
    return {
      type: DispatchEvents.proposed,
      street: c.street_code,
      actor: { kind: 'system', id: 'dispatch' },
      data,
      occurredAt: now,
    };
  }
}
