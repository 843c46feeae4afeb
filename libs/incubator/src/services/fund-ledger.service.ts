import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  type Actor,
  type DonorPhoneView,
  type FundEntryListQuery,
  type FundEntryView,
  type FundPiiAccessEntry,
  type FundPiiAccessQuery,
  type Page,
  type RecordDonationCommand,
  type RevealDonorPhoneCommand,
  type ReverseFundEntryCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  FieldSealer,
  forbidden,
  isUniqueViolation,
  maskPhone,
  newId,
  notFound,
  Outbox,
  requireActor,
  requireRole,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { keeps } from '../domain/access';
import { donationProblems, fundCommunity } from '../domain/fund-rules';
import { FundLedgerStore } from '../persistence/fund-ledger.store';
import { FundStore } from '../persistence/fund.store';
import { fundEntryView, type FundEntryRow, type FundRow } from '../persistence/fund-views';
import { fenOf } from '../persistence/purchased-services-views';
import { FundsService } from './funds.service';

const who = (a: Actor) => a.username ?? a.id;

/** The context a donor's phone is sealed under: it opens only as the phone of that entry. */
const phoneContext = (entryId: string) => `donor-phone:${entryId}`;

/** What every fund event says of its fund. */
export const fundPlace = (f: FundRow) => ({
  fundId: f.id,
  fundKind: f.kind,
  street: f.street_code,
  placePath: f.place_path,
  communityPath: fundCommunity(f.place_path),
});

/** 409 naming the balance that `needFen` would have taken below zero. */
export function balanceConflict(balanceFen: number, needFen: number) {
  return conflict(`The fund's balance is ${balanceFen} fen: ${needFen} fen would take it below zero`, {
    balanceFen,
    neededFen: needFen,
  });
}

/**
 * A fund's ledger: donations in, corrections (a reversing entry, once per entry), the donors'
 * phones sealed and read in full only by the place's keepers with a reason, every read audited.
 */
@Injectable()
export class FundLedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsService,
    private readonly fundStore: FundStore,
    private readonly ledger: FundLedgerStore,
    private readonly sealer: FieldSealer,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async donate(cmd: RecordDonationCommand, actor: Actor | undefined): Promise<FundEntryView> {
    const a = requireActor(actor);
    const f = await this.funds.fund(cmd.fundId, a, 'manage');
    const at = this.clock.now();
    const day = shanghaiDay(at);
    const problems = donationProblems(cmd, day);
    const [field] = Object.keys(problems);
    if (field) throw unprocessable(`${field}: ${problems[field]}`, { field, problems });
    const id = newId();
    const phone = cmd.donorPhone ?? null;
    try {
      await this.bookDonation(cmd, a, f, id, phone, at, day);
    } catch (error) {
      // a retry with the same Idempotency-Key: the first booking stands and is the answer
      if (cmd.idempotencyKey && isUniqueViolation(error, 'fund_entry_idempotency')) {
        const first = await this.ledger.byKey(this.dataSource, f.id, a.id, cmd.idempotencyKey);
        if (first) return fundEntryView(first);
      }
      throw error;
    }
    return this.entry(f.id, id);
  }

  private async bookDonation(
    cmd: RecordDonationCommand,
    a: Actor,
    f: FundRow,
    id: string,
    phone: string | null,
    at: Date,
    day: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const booked = await this.ledger.append(m, {
        id,
        fund_id: f.id,
        kind: 'donation',
        amount_fen: cmd.amountFen,
        delta_fen: cmd.amountFen,
        day,
        booked_at: at,
        donor_name: cmd.anonymous ? null : (cmd.donorName?.trim() ?? null),
        anonymous: cmd.anonymous ?? false,
        donor_phone_sealed: phone ? this.sealer.seal(phone, phoneContext(id)) : null,
        donor_phone_masked: phone ? maskPhone(phone) : null,
        channel: cmd.channel,
        received_on: cmd.receivedOn,
        note: cmd.note?.trim() ?? null,
        by_name: who(a),
        by_id: a.id,
        idempotency_key: cmd.idempotencyKey ?? null,
      });
      if (!booked) throw notFound('fund', { id: f.id });
      await this.outbox.add(m, {
        type: IncubatorEvents.fundDonationReceived,
        street: f.street_code,
        actor: a,
        occurredAt: at,
        data: {
          ...fundPlace(f),
          entryId: id,
          amountFen: cmd.amountFen,
          channel: cmd.channel,
          anonymous: cmd.anonymous ?? false,
          receivedOn: cmd.receivedOn,
          balanceAfterFen: fenOf(booked.balance_after_fen),
          by: personOf(a),
          at: at.toISOString(),
        },
      });
    });
  }

  async entries(query: FundEntryListQuery, actor: Actor | undefined): Promise<Page<FundEntryView>> {
    const f = await this.funds.fund(query.fundId, actor, 'read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.ledger.list(f.id, query.kind, page, pageSize);
    return { items: rows.map(fundEntryView), total, page, pageSize };
  }

  /**
   * A correction: a new entry moving the opposite way, referring to the one it reverses (once;
   * a reversal is not itself reversed). 409 when it would take the balance below zero.
   */
  async reverse(cmd: ReverseFundEntryCommand, actor: Actor | undefined): Promise<FundEntryView> {
    const a = requireActor(actor);
    const f = await this.funds.fund(cmd.fundId, a, 'manage');
    const original = await this.ledger.get(this.dataSource, f.id, cmd.entryId);
    if (!original) throw notFound('ledger entry', { id: cmd.entryId });
    if (original.kind === 'reversal')
      throw unprocessable('entryId: a reversal is not reversed; book the right entry instead', { field: 'entryId' });
    if (original.reversed_by_id) throw this.alreadyReversed(original);
    const delta = -fenOf(original.delta_fen);
    const at = this.clock.now();
    const id = newId();
    try {
      await this.dataSource.transaction(async (m) => {
        const booked = await this.ledger.append(m, {
          id,
          fund_id: f.id,
          kind: 'reversal',
          amount_fen: Math.abs(delta),
          delta_fen: delta,
          day: shanghaiDay(at),
          booked_at: at,
          reverses_id: original.id,
          reason: cmd.reason.trim(),
          by_name: who(a),
          by_id: a.id,
        });
        if (!booked) throw balanceConflict(fenOf((await this.fundStore.balance(m, f.id)) ?? '0'), -delta);
        await this.outbox.add(m, {
          type: IncubatorEvents.fundEntryReversed,
          street: f.street_code,
          actor: a,
          occurredAt: at,
          data: {
            ...fundPlace(f),
            entryId: id,
            reversesEntryId: original.id,
            reversedKind: original.kind === 'donation' ? 'donation' : 'spending',
            deltaFen: delta,
            balanceAfterFen: fenOf(booked.balance_after_fen),
            by: personOf(a),
            at: at.toISOString(),
          },
        });
      });
    } catch (error) {
      // two corrections of one entry at once: the second finds the first's on commit
      if (isUniqueViolation(error, 'fund_entry_reverses')) throw this.alreadyReversed(original);
      throw error;
    }
    return this.entry(f.id, id);
  }

  /** A donor's full phone, for the keepers of the fund's place, with a reason; every such read is audited. */
  async reveal(cmd: RevealDonorPhoneCommand, actor: Actor | undefined): Promise<DonorPhoneView> {
    const a = requireActor(actor);
    const f = await this.funds.fund(cmd.fundId, a, 'read');
    if (!keeps(a, f.place_path)) throw forbidden("Only the keepers of the fund's place read a donor's full phone", {});
    const e = await this.ledger.get(this.dataSource, f.id, cmd.entryId);
    if (!e || e.kind !== 'donation') throw notFound('donation', { id: cmd.entryId });
    await this.ledger.auditRead(this.dataSource, {
      entryId: e.id,
      field: 'donor_phone',
      reason: cmd.reason.trim(),
      actorId: a.id,
      actorName: who(a),
      street: f.street_code,
      at: this.clock.now(),
    });
    return {
      entryId: e.id,
      phone: e.donor_phone_sealed ? this.sealer.open(e.donor_phone_sealed, phoneContext(e.id)) : null,
    };
  }

  /** Who read which donor's full phone, when and why: auditors and district admins, within their scopes. */
  async donorReads(query: FundPiiAccessQuery, actor: Actor | undefined): Promise<Page<FundPiiAccessEntry>> {
    const a = requireRole(actor, 'auditor', 'district_admin');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.ledger.donorReads({ scopes: a.scopes, fundId: query.fundId }, page, pageSize);
    const items = rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      fundId: r.fund_id,
      entryId: r.subject_id,
      field: r.field,
      reader: r.actor_name ?? r.actor_id,
      readerId: r.actor_id,
      reason: r.reason,
    }));
    return { items, total, page, pageSize };
  }

  private alreadyReversed(e: FundEntryRow) {
    return conflict(`Entry ${e.seq} has been reversed already`, { entryId: e.id });
  }

  private async entry(fundId: string, id: string): Promise<FundEntryView> {
    const e = await this.ledger.get(this.dataSource, fundId, id);
    if (!e) throw notFound('ledger entry', { id });
    return fundEntryView(e);
  }
}
