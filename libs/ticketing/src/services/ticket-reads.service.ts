import { Injectable } from '@nestjs/common';
import type {
  Actor,
  Page,
  TicketDetail,
  TicketListQuery,
  TicketStats,
  TicketStatsQuery,
  TicketView,
  TimelineEntry,
} from '@gz/contracts';
import { notFound, requireActor } from '@gz/platform';
import { accessFacts, canSee, listScope } from '../domain/access';
import { TicketSearchStore } from '../persistence/ticket-search.store';
import { TicketStore } from '../persistence/ticket.store';
import { ticketView, timelineView, type TicketRow } from '../persistence/views';
import { DuplicatesService } from './duplicates.service';

/** Reading tickets: one with its duplicates, its timeline, the lists and the command centre's figures. */
@Injectable()
export class TicketReadsService {
  constructor(
    private readonly store: TicketStore,
    private readonly search: TicketSearchStore,
    private readonly duplicates: DuplicatesService,
  ) {}

  private async visible(id: string, actor: Actor | undefined): Promise<TicketRow> {
    const a = requireActor(actor);
    const t = await this.store.read(id);
    // Not in your scope reads as not found: no probing for ticket ids.
    if (!t || !canSee(a, accessFacts(t))) throw notFound('Ticket', { id });
    return t;
  }

  async get(id: string, actor: Actor | undefined): Promise<TicketDetail> {
    const t = await this.visible(id, actor);
    return { ...ticketView(t), duplicates: t.state === 'reported' ? await this.duplicates.of(t) : [] };
  }

  async timeline(id: string, actor: Actor | undefined): Promise<TimelineEntry[]> {
    await this.visible(id, actor);
    return (await this.search.timeline(id)).map(timelineView);
  }

  async list(query: TicketListQuery, actor: Actor | undefined): Promise<Page<TicketView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.search.page(
      listScope(a),
      { state: query.state, path: query.path, categoryCode: query.categoryCode, open: query.open === 'true' },
      page,
      pageSize,
    );
    return { items: rows.map(ticketView), total, page, pageSize };
  }

  /** The command centre's figures: open tickets by state, escalated ones. */
  async stats(query: TicketStatsQuery, actor: Actor | undefined): Promise<TicketStats> {
    const a = requireActor(actor);
    const rows = await this.search.openByState(listScope(a), query.path);
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = r.n;
    return { byState, open: rows.reduce((s, r) => s + r.n, 0), escalated: rows.reduce((s, r) => s + r.escalated, 0) };
  }
}
