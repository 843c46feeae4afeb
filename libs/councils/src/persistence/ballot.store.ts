import { Injectable } from '@nestjs/common';
import type { BallotChannel, BallotChoice } from '@gz/contracts';
import { fastRead, newId, prepared, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { BallotCorrectionRow, BallotRow } from './vote-views';

export interface NewBallot {
  voteId: string;
  electorKey: string;
  ownerId: string | null;
  choice: BallotChoice;
  channel: BallotChannel;
  area: number;
  photoId: string | null;
  castBy: string;
  at: Date;
  idempotencyKey: string | null;
}

/** The sums of a vote's ballots by choice, as the count needs them. */
export interface ChoiceSum {
  choice: BallotChoice;
  area: number;
  n: number;
}

/**
 * Ballots (`councils.ballot`): one per elector per vote whatever the channel (a unique
 * constraint), final once cast; only an entered paper ballot is corrected, before the close, and
 * each correction is kept with who, when and why.
 */
@Injectable()
export class BallotStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, b: NewBallot): Promise<BallotRow> {
    const [row] = await updateReturning<BallotRow>(
      m,
      prepared(
        `INSERT INTO "councils".ballot (id, vote_id, elector_key, owner_id, choice, channel, area, photo_id, cast_by, cast_at, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      ),
      [
        newId(),
        b.voteId,
        b.electorKey,
        b.ownerId,
        b.choice,
        b.channel,
        b.area,
        b.photoId,
        b.castBy,
        b.at,
        b.idempotencyKey,
      ],
    );
    return row;
  }

  /** The ballot an earlier request with this Idempotency-Key cast. */
  async byKey(voteId: string, castBy: string, key: string): Promise<BallotRow | undefined> {
    const rows = await fastRead<BallotRow>(
      this.dataSource,
      prepared(`SELECT * FROM "councils".ballot WHERE vote_id = $1 AND cast_by = $2 AND idempotency_key = $3`),
      [voteId, castBy, key],
    );
    return rows[0];
  }

  async ofElector(voteId: string, electorKey: string): Promise<BallotRow | undefined> {
    const rows = await fastRead<BallotRow>(
      this.dataSource,
      prepared(`SELECT * FROM "councils".ballot WHERE vote_id = $1 AND elector_key = $2`),
      [voteId, electorKey],
    );
    return rows[0];
  }

  async lock(m: EntityManager, voteId: string, ballotId: string): Promise<BallotRow | undefined> {
    const rows: BallotRow[] = await m.query(
      `SELECT * FROM "councils".ballot WHERE id = $1 AND vote_id = $2 FOR UPDATE`,
      [ballotId, voteId],
    );
    return rows[0];
  }

  /** Applies a correction to an entered ballot and keeps it. */
  async correct(
    m: EntityManager,
    ballot: BallotRow,
    to: { choice: BallotChoice; photoId: string | null },
    reason: string,
    by: string,
    at: Date,
  ): Promise<BallotRow> {
    await m.query(
      `INSERT INTO "councils".ballot_correction (id, ballot_id, from_choice, to_choice, from_photo_id, to_photo_id, reason, by, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [newId(), ballot.id, ballot.choice, to.choice, ballot.photo_id, to.photoId, reason, by, at],
    );
    const [row] = await updateReturning<BallotRow>(
      m,
      `UPDATE "councils".ballot SET choice = $2, photo_id = $3, version = version + 1 WHERE id = $1 RETURNING *`,
      [ballot.id, to.choice, to.photoId],
    );
    return row;
  }

  /** The corrections of a ballot, in order (inside the caller's transaction with `m`). */
  async corrections(ballotId: string, m?: EntityManager): Promise<BallotCorrectionRow[]> {
    const sql = `SELECT ballot_id, from_choice, to_choice, reason, by, at FROM "councils".ballot_correction WHERE ballot_id = $1 ORDER BY at, id`;
    return m ? m.query(sql, [ballotId]) : fastRead<BallotCorrectionRow>(this.dataSource, sql, [ballotId]);
  }

  /** The ballots of a vote summed by choice (one index-only scan), outside or inside a transaction. */
  async sums(voteId: string, m?: EntityManager): Promise<ChoiceSum[]> {
    const sql = prepared(
      `SELECT choice, sum(area)::bigint AS area, count(*)::int AS n FROM "councils".ballot WHERE vote_id = $1 GROUP BY choice`,
    );
    const rows: { choice: BallotChoice; area: string; n: number }[] = m
      ? await m.query(sql, [voteId])
      : await fastRead(this.dataSource, sql, [voteId]);
    return rows.map((r) => ({ choice: r.choice, area: Number(r.area), n: r.n }));
  }
}
