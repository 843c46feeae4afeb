import { Injectable } from '@nestjs/common';
import type { RoundCriterionView, RoundStatus, RoundTrack } from '@gz/contracts';
import { Params, prepared, readPage, updateReturning, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { RoundReviewerRow, RoundRow } from './round-views';

type Queryable = Pick<EntityManager, 'query'>;

/** The columns a round's transition stamps. */
const STAMPS: Partial<Record<RoundStatus, string>> = {
  open: 'opened_at',
  reviewing: 'call_closed_at',
  awarded: 'review_closed_at',
  closed: 'closed_at',
};

/** Venture-philanthropy rounds and their review panels. */
@Injectable()
export class RoundStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    m: Queryable,
    r: Omit<
      RoundRow,
      | 'opened_at'
      | 'call_closed_at'
      | 'review_closed_at'
      | 'closed_at'
      | 'budget_fen'
      | 'remaining_fen'
      | 'award_cap_fen'
    > & {
      budget_fen: number;
      award_cap_fen: number | null;
    },
  ): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".round
        (id, street_code, place_path, title, call_text, track, status, budget_fen, remaining_fen, award_cap_fen,
         min_sheets, eligible_statuses, eligible_fields, eligible_communities, criteria, opens_at, closes_at,
         review_by, version, created_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`),
      [
        r.id,
        r.street_code,
        r.place_path,
        r.title,
        r.call_text,
        r.track,
        r.status,
        r.budget_fen,
        r.award_cap_fen,
        r.min_sheets,
        r.eligible_statuses,
        r.eligible_fields,
        r.eligible_communities,
        JSON.stringify(r.criteria),
        r.opens_at,
        r.closes_at,
        r.review_by,
        r.version,
        r.created_by,
        r.created_at,
        r.updated_at,
      ],
    );
  }

  async get(m: Queryable, id: string): Promise<RoundRow | undefined> {
    const rows: RoundRow[] = await m.query(prepared(`SELECT * FROM "incubator".round WHERE id = $1`), [id]);
    return rows[0];
  }

  /**
   * The round, share-locked for the rest of the transaction: a write that depends on its status
   * (an application, a score sheet, a conflict) waits for a transition under way, and a transition
   * waits for those writes.
   */
  async share(m: Queryable, id: string): Promise<RoundRow | undefined> {
    const rows: RoundRow[] = await m.query(prepared(`SELECT * FROM "incubator".round WHERE id = $1 FOR SHARE`), [id]);
    return rows[0];
  }

  /** Rounds the caller may see, one page: every published round, and drafts within the caller's scopes. */
  async list(
    where: { scopes: readonly string[]; status?: RoundStatus; track?: RoundTrack; within?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: RoundRow[]; total: number }> {
    const p = new Params();
    const filters = [`(r.status <> 'draft' OR ${withinScopes('r.place_path', where.scopes, p)})`];
    if (where.status) filters.push(`r.status = ${p.add(where.status)}`);
    if (where.track) filters.push(`r.track = ${p.add(where.track)}`);
    if (where.within) filters.push(withinPath('r.place_path', where.within, p));
    return readPage<RoundRow>(this.dataSource, {
      columns: 'r.*',
      from: `FROM "incubator".round r WHERE ${filters.join(' AND ')}`,
      orderBy: 'r.created_at DESC, r.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** Replaces a draft's criteria when the caller read its current version. */
  async setCriteria(
    m: Queryable,
    id: string,
    version: number,
    criteria: RoundCriterionView[],
    at: Date,
  ): Promise<RoundRow | undefined> {
    const rows = await updateReturning<RoundRow>(
      m,
      `UPDATE "incubator".round SET criteria = $3, version = version + 1, updated_at = $4
        WHERE id = $1 AND version = $2 AND status = 'draft' RETURNING *`,
      [id, version, JSON.stringify(criteria), at],
    );
    return rows[0];
  }

  /** Moves the round from one status to the next in one conditional statement (none when it is not in `from`). */
  async transition(
    m: Queryable,
    id: string,
    from: RoundStatus,
    to: RoundStatus,
    at: Date,
  ): Promise<RoundRow | undefined> {
    const stamp = STAMPS[to];
    const rows = await updateReturning<RoundRow>(
      m,
      `UPDATE "incubator".round SET status = $3, ${stamp ? `${stamp} = $4, ` : ''}version = version + 1, updated_at = $4
        WHERE id = $1 AND status = $2 RETURNING *`,
      [id, from, to, at],
    );
    return rows[0];
  }

  /**
   * Takes an award's amount from the round's remaining budget, in one conditional statement: two
   * awards at the same moment queue on the row, and the second finds what the first left. None when
   * the round takes no awards now or has less left than `amountFen`.
   */
  async takeBudget(
    m: Queryable,
    id: string,
    amountFen: number,
    at: Date,
  ): Promise<{ remaining_fen: string } | undefined> {
    const rows = await updateReturning<{ remaining_fen: string }>(
      m,
      prepared(`UPDATE "incubator".round SET remaining_fen = remaining_fen - $2, version = version + 1, updated_at = $3
        WHERE id = $1 AND status = 'awarded' AND remaining_fen >= $2 RETURNING remaining_fen`),
      [id, amountFen, at],
    );
    return rows[0];
  }

  /** Names a reviewer of the round; undefined when they already are one. */
  async addReviewer(m: Queryable, r: RoundReviewerRow): Promise<RoundReviewerRow | undefined> {
    const rows: RoundReviewerRow[] = await m.query(
      `INSERT INTO "incubator".round_reviewer (round_id, user_id, name, added_by, added_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING *`,
      [r.round_id, r.user_id, r.name, r.added_by, r.added_at],
    );
    return rows[0];
  }

  async isReviewer(m: Queryable, roundId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      prepared(`SELECT 1 FROM "incubator".round_reviewer WHERE round_id = $1 AND user_id = $2`),
      [roundId, userId],
    );
    return rows.length > 0;
  }

  async reviewers(
    roundId: string,
    page: number,
    pageSize: number,
  ): Promise<{ rows: RoundReviewerRow[]; total: number }> {
    return readPage<RoundReviewerRow>(this.dataSource, {
      columns: 'v.*',
      from: `FROM "incubator".round_reviewer v WHERE v.round_id = $1`,
      orderBy: 'v.added_at, v.user_id',
      params: [roundId],
      page,
      pageSize,
    });
  }
}
