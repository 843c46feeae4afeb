import { Injectable } from '@nestjs/common';
import type { Relation, ResidenceView } from '@gz/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { RESIDENCE_COLUMNS, residenceView, type ResidenceRow } from './views';

/** A residence not closed yet. */
export interface OpenResidence {
  id: string;
  household_id: string;
  moved_in_on: string;
}

export interface NewResidence {
  id: string;
  personId: string;
  householdId: string;
  street: string;
  path: string;
  relation: Relation | null;
  /** YYYY-MM-DD */
  movedInOn: string;
  reason: string | null;
  recordedBy: string;
}

/** Residences: who lived where from when to when; a move never overwrites one. */
@Injectable()
export class ResidenceStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, r: NewResidence): Promise<void> {
    await m.query(
      `INSERT INTO "registry".residence (id, person_id, household_id, street_code, path, relation, moved_in_on, move_in_reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.personId, r.householdId, r.street, r.path, r.relation, r.movedInOn, r.reason, r.recordedBy],
    );
  }

  /** The person's open residence, locked. */
  async lockOpen(m: EntityManager, personId: string): Promise<OpenResidence | undefined> {
    const [row]: OpenResidence[] = await m.query(
      `SELECT id, household_id, moved_in_on::text AS moved_in_on FROM "registry".residence WHERE person_id = $1 AND moved_out_on IS NULL FOR UPDATE`,
      [personId],
    );
    return row;
  }

  async hasOpen(m: EntityManager, personId: string): Promise<boolean> {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT id FROM "registry".residence WHERE person_id = $1 AND moved_out_on IS NULL`,
      [personId],
    );
    return rows.length > 0;
  }

  async close(m: EntityManager, id: string, date: string, reason: string | null, by: string): Promise<void> {
    await m.query(
      `UPDATE "registry".residence SET moved_out_on = $2, move_out_reason = $3, closed_by = $4, closed_at = now() WHERE id = $1`,
      [id, date, reason, by],
    );
  }

  /** Closes a residence on `date`, or on its move-in day if that is later (a merge). */
  async closeNoEarlierThanMoveIn(
    m: EntityManager,
    id: string,
    date: string,
    reason: string,
    by: string,
  ): Promise<void> {
    await m.query(
      `UPDATE "registry".residence SET moved_out_on = greatest($2::date, moved_in_on), move_out_reason = $3, closed_by = $4, closed_at = now() WHERE id = $1`,
      [id, date, reason, by],
    );
  }

  /** The residence becomes another person's (the kept one of a merge). */
  async reassign(m: EntityManager, id: string, personId: string): Promise<void> {
    await m.query(`UPDATE "registry".residence SET person_id = $2 WHERE id = $1`, [id, personId]);
  }

  /** Every residence of the person, oldest first. */
  async list(personId: string): Promise<ResidenceView[]> {
    const rows: ResidenceRow[] = await this.dataSource.query(
      `SELECT ${RESIDENCE_COLUMNS}
         FROM "registry".residence r
         JOIN "registry".household h ON h.id = r.household_id
         JOIN "registry".building b ON b.id = h.building_id
        WHERE r.person_id = $1 ORDER BY r.moved_in_on, r.recorded_at, r.id`,
      [personId],
    );
    return rows.map(residenceView);
  }
}
