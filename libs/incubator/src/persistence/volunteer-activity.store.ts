import { Injectable } from '@nestjs/common';
import type { EventPerson, SignUpStatus } from '@gz/contracts';
import { execute, Params, prepared, readPage, updateReturning, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActivityRow, SignUpRow } from './volunteer-views';

type Queryable = Pick<EntityManager, 'query'>;

const ACTIVITY_COLUMNS = `a.*, t.name AS team_name, t.community_path AS team_community_path, t.organiser_ids,
  t.organisation_id, o.org_path`;
const ACTIVITY_FROM = `"incubator".volunteer_activity a JOIN "incubator".volunteer_team t ON t.id = a.team_id
  LEFT JOIN "incubator".organisation o ON o.id = t.organisation_id`;

const SIGN_UP_COLUMNS = `s.*, v.name_masked, v.user_id,
  CASE WHEN s.status = 'waiting' THEN (SELECT count(*)::int FROM "incubator".activity_sign_up w
    WHERE w.activity_id = s.activity_id AND w.status = 'waiting' AND w.seq <= s.seq) END AS position`;
const SIGN_UP_FROM = `"incubator".activity_sign_up s JOIN "incubator".volunteer v ON v.id = s.volunteer_id`;

export type NewActivity = Omit<
  ActivityRow,
  'team_name' | 'team_community_path' | 'organiser_ids' | 'organisation_id' | 'org_path' | 'confirmed' | 'waiting'
>;

/** Activities, their sign-ups and the waiting list. */
@Injectable()
export class VolunteerActivityStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, a: NewActivity): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".volunteer_activity
        (id, team_id, title, content, place, street_code, community_path, starts_at, ends_at, capacity, in_charge,
         check_code, hours_due_at, created_by, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`),
      [
        a.id,
        a.team_id,
        a.title,
        a.content,
        a.place,
        a.street_code,
        a.community_path,
        a.starts_at,
        a.ends_at,
        a.capacity,
        a.in_charge,
        a.check_code,
        a.hours_due_at,
        JSON.stringify(a.created_by),
        a.created_at,
      ],
    );
  }

  async get(m: Queryable, id: string): Promise<ActivityRow | undefined> {
    const rows: ActivityRow[] = await m.query(
      prepared(`SELECT ${ACTIVITY_COLUMNS} FROM ${ACTIVITY_FROM} WHERE a.id = $1`),
      [id],
    );
    return rows[0];
  }

  /** Locks the activity's row: sign-ups and cancellations of one activity take their turn on it. */
  async lock(
    m: Queryable,
    id: string,
  ): Promise<Pick<ActivityRow, 'id' | 'capacity' | 'confirmed' | 'waiting'> | undefined> {
    const rows = await m.query(
      prepared(`SELECT id, capacity, confirmed, waiting FROM "incubator".volunteer_activity WHERE id = $1 FOR UPDATE`),
      [id],
    );
    return rows[0];
  }

  /** Moves the activity's counts by these amounts (the capacity CHECK refuses more confirmed than places). */
  async count(m: Queryable, id: string, confirmed: number, waiting: number): Promise<void> {
    await execute(
      m,
      prepared(
        `UPDATE "incubator".volunteer_activity SET confirmed = confirmed + $2, waiting = waiting + $3 WHERE id = $1`,
      ),
      [id, confirmed, waiting],
    );
  }

  /**
   * Activities in the caller's streets, within the reader's scopes, or of the teams the caller runs;
   * soonest first. One page.
   */
  async list(
    where: {
      streets: readonly string[];
      scopes: readonly string[];
      orgScopes: readonly string[];
      userId: string | null;
      teamId?: string;
      within?: string;
      from?: Date;
      to?: Date;
    },
    page: number,
    pageSize: number,
  ): Promise<{ rows: ActivityRow[]; total: number }> {
    const p = new Params();
    const access = [
      withinScopes('a.community_path', where.streets, p),
      withinScopes('a.community_path', where.scopes, p),
      withinScopes('t.community_path', where.scopes, p),
      withinScopes('o.org_path', where.orgScopes, p),
    ];
    if (where.userId) access.push(`${p.add(where.userId)}::uuid = ANY(t.organiser_ids)`);
    const filters = [`(${access.join(' OR ')})`];
    if (where.teamId) filters.push(`a.team_id = ${p.add(where.teamId)}`);
    if (where.within) filters.push(withinPath('a.community_path', where.within, p));
    if (where.from) filters.push(`a.ends_at >= ${p.add(where.from)}`);
    if (where.to) filters.push(`a.starts_at < ${p.add(where.to)}`);
    return readPage<ActivityRow>(this.dataSource, {
      columns: ACTIVITY_COLUMNS,
      from: `FROM ${ACTIVITY_FROM} WHERE ${filters.join(' AND ')}`,
      orderBy: 'a.starts_at, a.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /**
   * Signs a volunteer up in one statement: locks the activity's row, takes a place while the
   * confirmed are fewer than the capacity (else the waiting list), counts it and inserts the
   * sign-up, so the lock is held for one statement only. Answers the status taken (undefined: no
   * such activity); a second sign-up of the volunteer fails on `activity_sign_up_once` and
   * changes nothing.
   */
  async takePlace(
    m: Queryable,
    s: { id: string; activityId: string; volunteerId: string; by: EventPerson; at: Date },
  ): Promise<Exclude<SignUpStatus, 'cancelled'> | undefined> {
    const rows: Array<{ status: Exclude<SignUpStatus, 'cancelled'> }> = await m.query(
      prepared(`WITH cur AS (
          SELECT id, confirmed < capacity AS place FROM "incubator".volunteer_activity WHERE id = $2 FOR UPDATE
        ), counted AS (
          UPDATE "incubator".volunteer_activity a
             SET confirmed = a.confirmed + cur.place::int, waiting = a.waiting + (NOT cur.place)::int
            FROM cur WHERE a.id = cur.id RETURNING cur.place
        )
        INSERT INTO "incubator".activity_sign_up (id, activity_id, volunteer_id, status, signed_up_by, signed_up_at, confirmed_at)
        SELECT $1::uuid, $2::uuid, $3::uuid, CASE WHEN place THEN 'confirmed' ELSE 'waiting' END, $4::jsonb, $5::timestamptz,
               CASE WHEN place THEN $5::timestamptz END
          FROM counted RETURNING status`),
      [s.id, s.activityId, s.volunteerId, JSON.stringify(s.by), s.at],
    );
    return rows[0]?.status;
  }

  async signUp(m: Queryable, activityId: string, signUpId: string): Promise<SignUpRow | undefined> {
    const rows: SignUpRow[] = await m.query(
      prepared(`SELECT ${SIGN_UP_COLUMNS} FROM ${SIGN_UP_FROM} WHERE s.id = $1 AND s.activity_id = $2`),
      [signUpId, activityId],
    );
    return rows[0];
  }

  /** The volunteer's sign-up for the activity that is not cancelled, if any. */
  async activeSignUp(m: Queryable, activityId: string, volunteerId: string): Promise<SignUpRow | undefined> {
    const rows: SignUpRow[] = await m.query(
      prepared(`SELECT ${SIGN_UP_COLUMNS} FROM ${SIGN_UP_FROM}
        WHERE s.activity_id = $1 AND s.volunteer_id = $2 AND s.status <> 'cancelled'`),
      [activityId, volunteerId],
    );
    return rows[0];
  }

  /** Cancels a sign-up that is not cancelled yet; answers the status it had (undefined: it was). */
  async cancel(m: Queryable, signUpId: string, by: EventPerson, at: Date): Promise<SignUpStatus | undefined> {
    const rows = await updateReturning<{ was: SignUpStatus }>(
      m,
      `UPDATE "incubator".activity_sign_up s SET status = 'cancelled', cancelled_at = $3, cancelled_by = $2
        FROM (SELECT id, status AS was FROM "incubator".activity_sign_up WHERE id = $1 FOR UPDATE) old
        WHERE s.id = old.id AND old.was <> 'cancelled' RETURNING old.was`,
      [signUpId, JSON.stringify(by), at],
    );
    return rows[0]?.was;
  }

  /** Confirms the first on the waiting list; answers its id (undefined: nobody waits). */
  async promoteFirstWaiting(m: Queryable, activityId: string, at: Date): Promise<string | undefined> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE "incubator".activity_sign_up SET status = 'confirmed', confirmed_at = $2
        WHERE id = (SELECT id FROM "incubator".activity_sign_up WHERE activity_id = $1 AND status = 'waiting'
                     ORDER BY seq LIMIT 1)
        RETURNING id`,
      [activityId, at],
    );
    return rows[0]?.id;
  }

  /** The activity's sign-ups, confirmed first, then the waiting list in order, then the cancelled. One page. */
  async signUps(
    activityId: string,
    status: SignUpStatus | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ rows: SignUpRow[]; total: number }> {
    const p = new Params([activityId]);
    let from = `FROM ${SIGN_UP_FROM} WHERE s.activity_id = $1`;
    if (status) from += ` AND s.status = ${p.add(status)}`;
    return readPage<SignUpRow>(this.dataSource, {
      columns: SIGN_UP_COLUMNS,
      from,
      orderBy: `CASE s.status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, s.seq`,
      params: p.values,
      page,
      pageSize,
    });
  }

  /** Of these volunteers, those confirmed for the activity. */
  async confirmedAmong(m: Queryable, activityId: string, volunteerIds: readonly string[]): Promise<Set<string>> {
    const rows: Array<{ volunteer_id: string }> = await m.query(
      `SELECT volunteer_id FROM "incubator".activity_sign_up
        WHERE activity_id = $1 AND status = 'confirmed' AND volunteer_id = ANY($2::uuid[])`,
      [activityId, volunteerIds],
    );
    return new Set(rows.map((r) => r.volunteer_id));
  }

  /** Stamps the check-in (or check-out) once; a second one leaves the first time. */
  async check(m: Queryable, signUpId: string, kind: 'in' | 'out', at: Date): Promise<void> {
    const column = kind === 'in' ? 'checked_in_at' : 'checked_out_at';
    await execute(m, `UPDATE "incubator".activity_sign_up SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL`, [
      signUpId,
      at,
    ]);
  }

  /** Counts a wrong code typed for the sign-up. */
  async countWrongCode(m: Queryable, signUpId: string): Promise<void> {
    await execute(m, `UPDATE "incubator".activity_sign_up SET code_failures = code_failures + 1 WHERE id = $1`, [
      signUpId,
    ]);
  }
}
