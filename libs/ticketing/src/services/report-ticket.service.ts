import { Injectable } from '@nestjs/common';
import {
  personOf,
  TicketingEvents,
  timelineActionOf,
  type Actor,
  type DuplicateCandidate,
  type EventPerson,
  type ReportedTicket,
  type ReportTicketCommand,
  type TicketState,
} from '@gz/contracts';
import { Clock, conflict, newId, OrgGrids, requireActor, unprocessable } from '@gz/platform';
import { checkReport, checkStaff } from '../domain/access';
import { categoryServes, opensOnReport, placeOfReport } from '../domain/report';
import { transition } from '../domain/state-machine';
import { ticketEvent } from '../persistence/ticket-events';
import { TicketStore, type NewReport, type NewTicketRow } from '../persistence/ticket.store';
import { ticketView, type CategoryRow } from '../persistence/views';
import { CategoriesService } from './categories.service';
import { DuplicatesService } from './duplicates.service';

/**
 * 采集上报: a report becomes a ticket, reported, or opened at once when its reporter verified it
 * on site. The hot path of the service: after the checks (the category and the grid from memory),
 * one read for duplicates nearby and one statement that writes everything.
 */
@Injectable()
export class ReportTicketService {
  constructor(
    private readonly store: TicketStore,
    private readonly categories: CategoriesService,
    private readonly duplicates: DuplicatesService,
    private readonly grids: OrgGrids,
    private readonly clock: Clock,
  ) {}

  async report(cmd: ReportTicketCommand, actor: Actor | undefined): Promise<ReportedTicket> {
    const a = requireActor(actor);
    const { street, category } = await this.checked(cmd, a);
    const ticket = this.newTicket(cmd, a, street, category);
    const possibleDuplicates = await this.duplicates.of(ticket);
    const state = this.stateOnReport(cmd, category, possibleDuplicates);
    const { row, created } = await this.store.report(this.writeOf(cmd, { ...ticket, state }, personOf(a)));
    if (created) return { ...ticketView(row), created, possibleDuplicates };
    // A retried submission: the first one's ticket, with what may repeat it now.
    return { ...ticketView(row), created, possibleDuplicates: await this.duplicates.of(row) };
  }

  /** Who may report what where, and the report's category (refused when it does not serve the place). */
  private async checked(cmd: ReportTicketCommand, a: Actor): Promise<{ street: string; category: CategoryRow }> {
    const { location } = cmd;
    const place = placeOfReport(location);
    checkReport(a, location.gridPath, cmd.source);
    // 核实后上报: verifying is the place's staff's to do, as with `open`.
    if (cmd.verified) checkStaff(a, { gridPath: location.gridPath, departments: [], reporterId: a.id });
    const [category] = await Promise.all([
      this.categories.byCode(cmd.categoryCode),
      this.grids.require(location.gridPath, 'location.gridPath'),
    ]);
    if (!category || !categoryServes(category, place.district))
      throw unprocessable(`There is no category ${cmd.categoryCode}`, { field: 'categoryCode' });
    return { street: place.street, category };
  }

  /** The new ticket's row, reported. */
  private newTicket(cmd: ReportTicketCommand, a: Actor, street: string, category: CategoryRow): NewTicketRow {
    const { location } = cmd;
    const now = this.clock.now();
    return {
      id: newId(),
      street_code: street,
      grid_path: location.gridPath,
      building: location.building ?? null,
      address: location.address ?? null,
      lat: location.lat ?? null,
      lng: location.lng ?? null,
      category_code: category.code,
      category_name: category.name,
      category_kind: category.kind,
      severity: category.severity,
      grid_closable: category.grid_closable,
      ack_minutes: category.ack_minutes,
      handle_minutes: category.handle_minutes,
      source: cmd.source,
      description: cmd.description,
      informant: cmd.informant ?? null,
      external_ref: cmd.externalRef ?? null,
      photos: cmd.photos ?? [],
      reporter_id: a.id,
      reporter_kind: a.kind,
      reporter_name: a.username ?? null,
      state: 'reported',
      reported_at: now,
      updated_at: now,
      opened_at: null,
    };
  }

  /** The verified path: opened with the report, unless it may repeat an open ticket nearby. */
  private stateOnReport(
    cmd: ReportTicketCommand,
    category: CategoryRow,
    duplicates: DuplicateCandidate[],
  ): TicketState {
    if (!opensOnReport(cmd.verified, duplicates.length)) return 'reported';
    const opened = transition('reported', 'open', { gridClosable: category.grid_closable });
    if (!opened.ok) throw conflict(opened.reason, { state: 'reported', action: 'open' });
    return opened.to;
  }

  /** What the store writes: the ticket (opened when verified), its key, its first entries and events. */
  private writeOf(cmd: ReportTicketCommand, ticket: NewTicketRow, by: EventPerson): NewReport {
    const at = ticket.reported_at;
    const opened = ticket.state !== 'reported';
    const reported = { ...ticket, state: 'reported' as const };
    return {
      ticket: { ...ticket, opened_at: opened ? at : null },
      idempotencyKey: cmd.idempotencyKey,
      timeline: [
        {
          seq: 1,
          action: timelineActionOf(TicketingEvents.reported),
          from: null,
          to: 'reported',
          at,
          by,
          photos: cmd.photos,
          data: { source: cmd.source, ...(cmd.informant ? { informant: cmd.informant } : {}) },
        },
        ...(opened
          ? [
              {
                seq: 2,
                action: timelineActionOf(TicketingEvents.opened),
                from: 'reported' as const,
                to: ticket.state,
                at,
                by,
              },
            ]
          : []),
      ],
      events: [
        ticketEvent(reported, { type: TicketingEvents.reported }, { from: null, to: 'reported', at, by }),
        ...(opened
          ? [ticketEvent(ticket, { type: TicketingEvents.opened }, { from: 'reported', to: ticket.state, at, by })]
          : []),
      ],
    };
  }
}
