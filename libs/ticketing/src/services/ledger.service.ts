import { Injectable } from '@nestjs/common';
import {
  personOf,
  REQUEST_SOURCES,
  TicketingEvents,
  timelineActionOf,
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
import { Clock, conflict, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { checkClaim, checkLedgerRead } from '../domain/ledger-access';
import { OPEN_STATES } from '../domain/state-machine';
import { LedgerStore } from '../persistence/ledger.store';
import { TicketStore } from '../persistence/ticket.store';
import { claimView, ledgerEntryView } from '../persistence/views';

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
    private readonly ledger: LedgerStore,
    private readonly tickets: TicketStore,
    private readonly clock: Clock,
  ) {}

  async list(query: LedgerQuery, actor: Actor | undefined): Promise<Page<LedgerEntry>> {
    const a = requireActor(actor);
    checkLedgerRead(a, query.path);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const claimed = query.claimed === undefined ? undefined : query.claimed === 'true';
    const { rows, total } = await this.ledger.page({ path: query.path, state: query.state, claimed }, page, pageSize);
    const claims = await this.ledger.activeClaims(rows.map((r) => r.id));
    const items = rows.map((t) =>
      ledgerEntryView(
        t,
        claims.filter((c) => c.ticket_id === t.id),
      ),
    );
    return { items, total, page, pageSize };
  }

  /** Per community: requests collected in the period, how many of them are resolved, how many are followed. */
  async stats(query: LedgerStatsQuery, actor: Actor | undefined): Promise<LedgerStats> {
    const a = requireActor(actor);
    checkLedgerRead(a, query.path);
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from >= to) throw unprocessable('from must be before to', { field: 'from' });
    const rows = await this.ledger.figures(query.path, from, to);
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
      const t = await this.tickets.lock(m, cmd.ticketId);
      if (!REQUEST_SOURCES.includes(t.source))
        throw unprocessable('Only residents’ requests (resident, 12345) are in the ledger', { source: t.source });
      checkClaim(a, t.grid_path);
      if (!OPEN_STATES.includes(t.state)) throw conflict('The request is no longer open', { state: t.state });
      const active = await this.ledger.activeClaim(m, t.id, a.id);
      if (active) throw conflict('You follow this request already', { claimId: active.id });
      const at = this.clock.now();
      const by = personOf(a);
      const claim = await this.ledger.addClaim(m, {
        ticket_id: t.id,
        claimer_id: a.id,
        claimer_kind: a.kind,
        claimer_name: by.name ?? null,
        note: cmd.note ?? null,
        claimed_at: at,
      });
      await this.tickets.record(m, t.id, {
        action: timelineActionOf(TicketingEvents.claimed),
        at,
        by,
        note: cmd.note,
        data: { claimId: claim.id },
      });
      await this.tickets.publish(
        m,
        t,
        { type: TicketingEvents.claimed, data: { claimId: claim.id } },
        { from: null, at, by },
      );
      return claimView(claim);
    });
  }

  /** Stop following: releases the caller's active claim. */
  async release(cmd: ReleaseClaimCommand, actor: Actor | undefined): Promise<LedgerClaim> {
    const a = requireActor(actor);
    return this.dataSource.transaction(async (m) => {
      const t = await this.tickets.lock(m, cmd.ticketId);
      const at = this.clock.now();
      const claim = await this.ledger.release(m, t.id, a.id, at);
      if (!claim) throw notFound('Claim', { ticketId: t.id });
      const by = personOf(a);
      await this.tickets.record(m, t.id, {
        action: timelineActionOf(TicketingEvents.claimReleased),
        at,
        by,
        data: { claimId: claim.id },
      });
      await this.tickets.publish(
        m,
        t,
        { type: TicketingEvents.claimReleased, data: { claimId: claim.id } },
        { from: null, at, by },
      );
      return claimView(claim);
    });
  }
}
