import { Injectable } from '@nestjs/common';
import type { DonationChannel, FundEntryKind } from '@gz/contracts';
import { Params, prepared, readPage, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { FundEntryRow } from './fund-views';

type Queryable = Pick<EntityManager, 'query'>;

/** An entry with what the views add: the spending it paid, the entry it reverses, its reversal. */
const ENTRY = `e.*, s.purpose, s.payee, rv.id AS reversed_by_id, orig.seq AS reverses_seq, orig.kind AS reverses_kind`;
const ENTRY_FROM = `"incubator".fund_entry e
  LEFT JOIN "incubator".fund_spending s ON s.id = e.spending_id
  LEFT JOIN "incubator".fund_entry rv ON rv.reverses_id = e.id
  LEFT JOIN "incubator".fund_entry orig ON orig.id = e.reverses_id`;

/** An entry to append: its number and the balance after it come from the fund's row. */
export interface NewEntry {
  id: string;
  fund_id: string;
  kind: FundEntryKind;
  amount_fen: number;
  delta_fen: number;
  day: string;
  booked_at: Date;
  donor_name?: string | null;
  anonymous?: boolean;
  donor_phone_sealed?: string | null;
  donor_phone_masked?: string | null;
  channel?: DonationChannel | null;
  received_on?: string | null;
  note?: string | null;
  spending_id?: string | null;
  reverses_id?: string | null;
  reason?: string | null;
  by_name: string;
  by_id: string;
  idempotency_key?: string | null;
}

export interface DonorReadRow {
  id: string;
  at: Date;
  fund_id: string;
  subject_id: string;
  field: string;
  actor_name: string | null;
  actor_id: string;
  reason: string;
}

/** The kind of subject a donor's phone is audited under in "incubator".pii_access. */
export const DONOR_SUBJECT = 'fund_donation';

/**
 * A fund's ledger: entries are only ever added (the database refuses UPDATE and DELETE), and the
 * reads of donors' full phones are audited.
 */
@Injectable()
export class FundLedgerStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the entry and moves the fund's balance by its delta, in one statement, when the
   * balance stays at zero or more: the UPDATE locks the fund's row, so concurrent bookings wait
   * their turn and none passes another's check; the row also numbers the entries. Answers the
   * entry's number and the balance after it, or undefined when the balance would go below zero.
   */
  async append(m: Queryable, e: NewEntry): Promise<{ seq: number; balance_after_fen: string } | undefined> {
    const rows: Array<{ seq: number; balance_after_fen: string }> = await m.query(
      prepared(`WITH booked AS (
          UPDATE "incubator".fund SET balance_fen = balance_fen + $6, entry_count = entry_count + 1, updated_at = $8
           WHERE id = $2 AND balance_fen + $6 >= 0 RETURNING balance_fen, entry_count)
        INSERT INTO "incubator".fund_entry
          (id, fund_id, seq, kind, amount_fen, delta_fen, balance_after_fen, day, booked_at, donor_name, anonymous,
           donor_phone_sealed, donor_phone_masked, channel, received_on, note, spending_id, reverses_id, reason, by_name, by_id,
           idempotency_key)
        SELECT $1, $2, booked.entry_count, $4, $5, $6, booked.balance_fen, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
               $17, $18, $19, $3, $20
          FROM booked RETURNING seq, balance_after_fen`),
      [
        e.id,
        e.fund_id,
        e.by_id,
        e.kind,
        e.amount_fen,
        e.delta_fen,
        e.day,
        e.booked_at,
        e.donor_name ?? null,
        e.anonymous ?? false,
        e.donor_phone_sealed ?? null,
        e.donor_phone_masked ?? null,
        e.channel ?? null,
        e.received_on ?? null,
        e.note ?? null,
        e.spending_id ?? null,
        e.reverses_id ?? null,
        e.reason ?? null,
        e.by_name,
        e.idempotency_key ?? null,
      ],
    );
    return rows[0];
  }

  /** The entry an earlier request of this caller with this Idempotency-Key booked. */
  async byKey(m: Queryable, fundId: string, byId: string, key: string): Promise<FundEntryRow | undefined> {
    const rows: FundEntryRow[] = await m.query(
      `SELECT ${ENTRY} FROM ${ENTRY_FROM} WHERE e.fund_id = $1 AND e.by_id = $2 AND e.idempotency_key = $3`,
      [fundId, byId, key],
    );
    return rows[0];
  }

  async get(m: Queryable, fundId: string, id: string): Promise<FundEntryRow | undefined> {
    const rows: FundEntryRow[] = await m.query(
      prepared(`SELECT ${ENTRY} FROM ${ENTRY_FROM} WHERE e.id = $1 AND e.fund_id = $2`),
      [id, fundId],
    );
    return rows[0];
  }

  async list(
    fundId: string,
    kind: FundEntryKind | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ rows: FundEntryRow[]; total: number }> {
    const p = new Params([fundId]);
    const byKind = kind ? ` AND e.kind = ${p.add(kind)}` : '';
    return readPage<FundEntryRow>(this.dataSource, {
      columns: ENTRY,
      from: `FROM ${ENTRY_FROM} WHERE e.fund_id = $1${byKind}`,
      orderBy: 'e.seq DESC',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** The balance before `day`: every entry booked earlier, added up. */
  async balanceBefore(m: Queryable, fundId: string, day: string): Promise<string> {
    const [{ sum }]: Array<{ sum: string }> = await m.query(
      `SELECT COALESCE(sum(delta_fen), 0)::bigint AS sum FROM "incubator".fund_entry WHERE fund_id = $1 AND day < $2`,
      [fundId, day],
    );
    return sum;
  }

  /** The entries booked from `from` to `to` (days, both included) in ledger order, at most `limit`. */
  async between(m: Queryable, fundId: string, from: string, to: string, limit: number): Promise<FundEntryRow[]> {
    return m.query(
      `SELECT ${ENTRY} FROM ${ENTRY_FROM} WHERE e.fund_id = $1 AND e.day BETWEEN $2 AND $3 ORDER BY e.seq LIMIT $4`,
      [fundId, from, to, limit],
    );
  }

  async auditRead(
    m: Queryable,
    read: {
      entryId: string;
      field: string;
      reason: string;
      actorId: string;
      actorName: string;
      street: string;
      at: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO "incubator".pii_access (subject_kind, subject_id, field, reason, actor_id, actor_name, street_code, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [DONOR_SUBJECT, read.entryId, read.field, read.reason, read.actorId, read.actorName, read.street, read.at],
    );
  }

  /** Reads of donors' full phones, newest first, of funds within the scopes. */
  async donorReads(
    where: { scopes: readonly string[]; fundId?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: DonorReadRow[]; total: number }> {
    const p = new Params([DONOR_SUBJECT]);
    let from = `FROM "incubator".pii_access a JOIN "incubator".fund_entry e ON e.id = a.subject_id
      JOIN "incubator".fund f ON f.id = e.fund_id
      WHERE a.subject_kind = $1 AND ${withinScopes('f.place_path', where.scopes, p)}`;
    if (where.fundId) from += ` AND f.id = ${p.add(where.fundId)}`;
    return readPage<DonorReadRow>(this.dataSource, {
      columns: 'a.id, a.at, f.id AS fund_id, a.subject_id, a.field, a.actor_name, a.actor_id, a.reason',
      from,
      orderBy: 'a.at DESC, a.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }
}
