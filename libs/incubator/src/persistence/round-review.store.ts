import { Injectable } from '@nestjs/common';
import type { RecusalStatus } from '@gz/contracts';
import { fastRead, Params, prepared, readPage, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { visibleTo, type ApplicationViewer } from './round-application.store';
import type { ConflictRow, RankingRow, RecusalRow, ScoreSheetRow } from './round-views';

type Queryable = Pick<EntityManager, 'query'>;

/** A sheet counts unless its reviewer has a conflict of interest with the application (declared after scoring, or a recusal granted). */
const COUNTED = `NOT EXISTS (SELECT 1 FROM "incubator".round_conflict sc
  WHERE sc.application_id = s.application_id AND sc.reviewer_id = s.reviewer_id)`;

/**
 * The ranking of a round's applications as `viewer` may see them: the mean of the counted sheets
 * (compared exactly as sum / count in numeric), highest first; ties by earlier submission, then by
 * id; unscored ones last. Ranks are numbered over what the viewer sees, so a hidden application
 * leaves no gap. The counts are the application's own columns (see `recount`): one scan of the
 * round's applications, whatever the number of sheets.
 */
function rankingFrom(roundId: string, viewer: ApplicationViewer, community: string | undefined, p: Params) {
  const round = p.add(roundId);
  const filters = [`a.round_id = ${round}`, visibleTo(viewer, p)];
  const ranked = `SELECT row_number() OVER (
        ORDER BY (a.score_sum::numeric / nullif(a.sheets, 0)) DESC NULLS LAST, a.submitted_at, a.id) AS rank,
      a.id AS application_id, a.title, a.organisation_id, o.name AS organisation_name, a.community_path, a.amount_fen,
      a.sheets, CASE WHEN a.sheets > 0 THEN a.score_sum END AS score_sum, a.status, a.awarded_fen, a.submitted_at
    FROM "incubator".round_application a
    JOIN "incubator".organisation o ON o.id = a.organisation_id
    WHERE ${filters.join(' AND ')}`;
  return `FROM (${ranked}) k${community ? ` WHERE k.community_path = ${p.add(community)}` : ''}`;
}

/** The review panel's records: conflicts of interest, recusal requests, score sheets, and the ranking they make. */
@Injectable()
export class RoundReviewStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a conflict; undefined when the reviewer already has one with the application. */
  async addConflict(m: Queryable, c: ConflictRow): Promise<ConflictRow | undefined> {
    const rows: ConflictRow[] = await m.query(
      `INSERT INTO "incubator".round_conflict
        (application_id, reviewer_id, round_id, kind, source, left_on, note, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING
       RETURNING application_id, reviewer_id, round_id, kind, source, left_on::text AS left_on, note, recorded_by, recorded_at`,
      [c.application_id, c.reviewer_id, c.round_id, c.kind, c.source, c.left_on, c.note, c.recorded_by, c.recorded_at],
    );
    return rows[0];
  }

  /** The round's conflicts, one page: all of them, or one reviewer's. */
  async conflicts(roundId: string, reviewerId: string | null, page: number, pageSize: number) {
    const p = new Params([roundId]);
    return readPage<ConflictRow>(this.dataSource, {
      columns: `c.application_id, c.reviewer_id, c.round_id, c.kind, c.source, c.left_on::text AS left_on, c.note,
        c.recorded_by, c.recorded_at`,
      from: `FROM "incubator".round_conflict c WHERE c.round_id = $1${reviewerId === null ? '' : ` AND c.reviewer_id = ${p.add(reviewerId)}`}`,
      orderBy: 'c.recorded_at, c.application_id, c.reviewer_id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** Records a recusal request; undefined when the applicant already asked about that reviewer. */
  async addRecusal(m: Queryable, r: RecusalRow): Promise<RecusalRow | undefined> {
    const rows: RecusalRow[] = await m.query(
      `INSERT INTO "incubator".round_recusal
        (id, round_id, application_id, reviewer_id, reason, status, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7) ON CONFLICT DO NOTHING RETURNING *`,
      [r.id, r.round_id, r.application_id, r.reviewer_id, r.reason, r.requested_by, r.requested_at],
    );
    return rows[0];
  }

  async recusal(m: Queryable, id: string): Promise<RecusalRow | undefined> {
    const rows: RecusalRow[] = await m.query(`SELECT * FROM "incubator".round_recusal WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Decides a request still open; undefined when it was decided already. */
  async decideRecusal(
    m: Queryable,
    id: string,
    d: { status: Exclude<RecusalStatus, 'requested'>; by: string; at: Date; note: string | null },
  ): Promise<RecusalRow | undefined> {
    const rows = await updateReturning<RecusalRow>(
      m,
      `UPDATE "incubator".round_recusal SET status = $2, decided_by = $3, decided_at = $4, note = $5
        WHERE id = $1 AND status = 'requested' RETURNING *`,
      [id, d.status, d.by, d.at, d.note],
    );
    return rows[0];
  }

  async recusals(
    where: { roundId?: string; applicationId?: string; status?: RecusalStatus },
    page: number,
    pageSize: number,
  ): Promise<{ rows: RecusalRow[]; total: number }> {
    const p = new Params();
    const filters = ['true'];
    if (where.roundId) filters.push(`x.round_id = ${p.add(where.roundId)}`);
    if (where.applicationId) filters.push(`x.application_id = ${p.add(where.applicationId)}`);
    if (where.status) filters.push(`x.status = ${p.add(where.status)}`);
    return readPage<RecusalRow>(this.dataSource, {
      columns: 'x.*',
      from: `FROM "incubator".round_recusal x WHERE ${filters.join(' AND ')}`,
      orderBy: 'x.requested_at, x.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /**
   * Writes the reviewer's sheet (a new one, or a replacement with its version raised), only while
   * the reviewer sits on the round's panel and has no conflict with the application: the guard is
   * in the statement, so a conflict recorded a moment earlier is respected. Undefined when refused.
   */
  async putSheet(m: Queryable, s: Omit<ScoreSheetRow, 'version'>): Promise<ScoreSheetRow | undefined> {
    const rows: ScoreSheetRow[] = await m.query(
      prepared(`INSERT INTO "incubator".round_score_sheet
        (id, round_id, application_id, reviewer_id, marks, score_h, applicable_weight, comment, version, created_at, updated_at)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9
         WHERE EXISTS (SELECT 1 FROM "incubator".round_reviewer v WHERE v.round_id = $2 AND v.user_id = $4)
           AND NOT EXISTS (SELECT 1 FROM "incubator".round_conflict c WHERE c.application_id = $3 AND c.reviewer_id = $4)
        ON CONFLICT (application_id, reviewer_id) DO UPDATE
          SET marks = EXCLUDED.marks, score_h = EXCLUDED.score_h, applicable_weight = EXCLUDED.applicable_weight,
              comment = EXCLUDED.comment, version = round_score_sheet.version + 1, updated_at = EXCLUDED.updated_at
        RETURNING *`),
      [
        s.id,
        s.round_id,
        s.application_id,
        s.reviewer_id,
        JSON.stringify(s.marks),
        s.score_h,
        s.applicable_weight,
        s.comment,
        s.updated_at,
      ],
    );
    return rows[0];
  }

  /** The application's counted sheets, one page: all of them, or one reviewer's. */
  async sheets(applicationId: string, reviewerId: string | null, page: number, pageSize: number) {
    const p = new Params([applicationId]);
    return readPage<ScoreSheetRow>(this.dataSource, {
      columns: 's.*',
      from: `FROM "incubator".round_score_sheet s WHERE s.application_id = $1 AND ${COUNTED}${
        reviewerId === null ? '' : ` AND s.reviewer_id = ${p.add(reviewerId)}`
      }`,
      orderBy: 's.created_at, s.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /**
   * Recounts the application's counted sheets and their scores into its row, after a sheet or a
   * conflict was written in the same transaction (which holds the row's lock, so two reviewers'
   * sheets written at once are both counted).
   */
  async recount(m: Queryable, applicationId: string): Promise<void> {
    await m.query(
      prepared(`UPDATE "incubator".round_application a SET sheets = c.sheets, score_sum = c.score_sum
        FROM (SELECT count(*)::int AS sheets, coalesce(sum(s.score_h), 0) AS score_sum
                FROM "incubator".round_score_sheet s WHERE s.application_id = $1 AND ${COUNTED}) c
       WHERE a.id = $1`),
      [applicationId],
    );
  }

  /** One page of the ranking (see `rankingFrom`). */
  async ranking(
    roundId: string,
    viewer: ApplicationViewer,
    community: string | undefined,
    page: number,
    pageSize: number,
  ) {
    const p = new Params();
    return readPage<RankingRow>(this.dataSource, {
      columns: 'k.*',
      from: rankingFrom(roundId, viewer, community, p),
      orderBy: 'k.rank',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** The whole ranking, at most `limit` lines (one more tells the caller it was cut). */
  async rankingAll(roundId: string, viewer: ApplicationViewer, limit: number): Promise<RankingRow[]> {
    const p = new Params();
    return fastRead<RankingRow>(
      this.dataSource,
      `SELECT k.* ${rankingFrom(roundId, viewer, undefined, p)} ORDER BY k.rank LIMIT ${limit + 1}`,
      p.values,
    );
  }
}
