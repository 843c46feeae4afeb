import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  type Actor,
  type ApproveSpendingCommand,
  type EventPerson,
  type FundSpendingView,
  type Page,
  type PaySpendingCommand,
  type RejectSpendingCommand,
  type RequestSpendingCommand,
  type SpendingListQuery,
} from '@gz/contracts';
import { Clock, conflict, forbidden, newId, notFound, Outbox, requireActor, shanghaiDay } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { FundLedgerStore } from '../persistence/fund-ledger.store';
import { FundStore } from '../persistence/fund.store';
import { fundSpendingView, type FundRow, type FundSpendingRow } from '../persistence/fund-views';
import { fenOf } from '../persistence/purchased-services-views';
import { balanceConflict, fundPlace } from './fund-ledger.service';
import { FundsService } from './funds.service';

const who = (a: Actor) => a.username ?? a.id;
const person = (id: string, name: string): EventPerson => ({ id, kind: 'user', name });

/**
 * Spending out of a fund: requested by a manager (or a keeper of its place), approved or
 * rejected by someone else, then paid. Paying books the ledger entry, and only when the balance
 * stays at zero or more (one conditional update of the fund's row, which concurrent payments
 * wait on); that is also when the spending is published.
 */
@Injectable()
export class FundSpendingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsService,
    private readonly fundStore: FundStore,
    private readonly ledger: FundLedgerStore,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async request(cmd: RequestSpendingCommand, actor: Actor | undefined): Promise<FundSpendingView> {
    const a = requireActor(actor);
    const f = await this.funds.fund(cmd.fundId, a, 'manage');
    const id = newId();
    await this.fundStore.insertSpending(this.dataSource, {
      id,
      fund_id: f.id,
      purpose: cmd.purpose.trim(),
      payee: cmd.payee.trim(),
      amount_fen: cmd.amountFen,
      requested_by: who(a),
      requested_by_id: a.id,
      requested_at: this.clock.now(),
    });
    return this.view(id);
  }

  async list(query: SpendingListQuery, actor: Actor | undefined): Promise<Page<FundSpendingView>> {
    const f = await this.funds.fund(query.fundId, actor, 'read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.fundStore.spendingOf(f.id, query.status, page, pageSize);
    return { items: rows.map(fundSpendingView), total, page, pageSize };
  }

  async approve(cmd: ApproveSpendingCommand, actor: Actor | undefined): Promise<FundSpendingView> {
    return this.decide(cmd.id, 'approved', cmd.note?.trim() ?? null, actor);
  }

  async reject(cmd: RejectSpendingCommand, actor: Actor | undefined): Promise<FundSpendingView> {
    return this.decide(cmd.id, 'rejected', cmd.reason.trim(), actor);
  }

  /**
   * Pays an approved spending: 409 before approval, once paid, or when the balance cannot cover
   * it. A balance already too low when asked is refused before any lock is taken; the booking
   * itself checks again under the fund's row lock.
   */
  async pay(cmd: PaySpendingCommand, actor: Actor | undefined): Promise<FundSpendingView> {
    const a = requireActor(actor);
    const { s, f } = await this.managed(cmd.id, a);
    const amount = fenOf(s.amount_fen);
    if (s.status === 'approved' && fenOf(f.balance_fen) < amount) throw balanceConflict(fenOf(f.balance_fen), amount);
    const at = this.clock.now();
    const entryId = newId();
    const paid = await this.dataSource.transaction(async (m) => {
      const paid = await this.fundStore.markPaid(m, s.id, {
        by: who(a),
        byId: a.id,
        reference: cmd.reference?.trim() ?? null,
        at,
      });
      if (!paid) throw await this.stateConflict(m, s.id, 'only an approved spending is paid');
      await this.outbox.add(m, {
        type: IncubatorEvents.fundSpendingPublished,
        street: f.street_code,
        actor: a,
        occurredAt: at,
        data: {
          ...fundPlace(f),
          spendingId: s.id,
          entryId,
          purpose: paid.purpose,
          amountFen: amount,
          requestedBy: person(paid.requested_by_id, paid.requested_by),
          approvedBy: person(paid.decided_by_id ?? '', paid.decided_by ?? ''),
          by: personOf(a),
          at: at.toISOString(),
        },
      });
      // the fund's row is locked from here to the commit: the booking comes last
      const booked = await this.ledger.append(m, {
        id: entryId,
        fund_id: f.id,
        kind: 'spending',
        amount_fen: amount,
        delta_fen: -amount,
        day: shanghaiDay(at),
        booked_at: at,
        spending_id: s.id,
        by_name: who(a),
        by_id: a.id,
      });
      if (!booked) throw balanceConflict(fenOf((await this.fundStore.balance(m, f.id)) ?? '0'), amount);
      return paid;
    });
    return fundSpendingView({ ...paid, entry_id: entryId });
  }

  /** Four eyes: whoever asked for a spending neither approves nor rejects it (403; the database refuses it too). */
  private async decide(
    id: string,
    status: 'approved' | 'rejected',
    note: string | null,
    actor: Actor | undefined,
  ): Promise<FundSpendingView> {
    const a = requireActor(actor);
    const { s } = await this.managed(id, a);
    if (s.requested_by_id === a.id)
      throw forbidden('You asked for this spending: someone else decides on it', { requestedBy: s.requested_by });
    const done = await this.fundStore.decide(this.dataSource, s.id, {
      status,
      by: who(a),
      byId: a.id,
      note,
      at: this.clock.now(),
    });
    if (!done)
      throw await this.stateConflict(this.dataSource, s.id, 'only a requested spending is approved or rejected');
    return this.view(s.id);
  }

  private async managed(id: string, a: Actor): Promise<{ s: FundSpendingRow; f: FundRow }> {
    const s = await this.fundStore.spending(this.dataSource, id);
    if (!s) throw notFound('spending', { id });
    return { s, f: await this.funds.fund(s.fund_id, a, 'manage') };
  }

  private async stateConflict(m: Pick<EntityManager, 'query'>, id: string, rule: string) {
    const now = await this.fundStore.spending(m, id);
    return conflict(`The spending is ${now?.status ?? 'gone'}: ${rule}`, { status: now?.status });
  }

  private async view(id: string): Promise<FundSpendingView> {
    const s = await this.fundStore.spending(this.dataSource, id);
    if (!s) throw notFound('spending', { id });
    return fundSpendingView(s);
  }
}
