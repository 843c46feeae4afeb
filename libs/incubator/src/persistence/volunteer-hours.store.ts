import { Injectable } from '@nestjs/common';
import type { CorrectionStatus, EventPerson } from '@gz/contracts';
import { execute, Params, prepared, readPage, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CorrectionRow, HoursEntryReadRow, HoursEntryRow } from './volunteer-views';

type Queryable = Pick<EntityManager, 'query'>;

const ENTRY_COLUMNS = `e.*, e.served_on::text AS served_on, a.title, a.content, a.place, a.in_charge, v.name_masked,
  t.name AS team_name, o.name AS organisation_name`;
const ENTRY_FROM = `"incubator".volunteer_hours_entry e
  JOIN "incubator".volunteer_activity a ON a.id = e.activity_id
  JOIN "incubator".volunteer v ON v.id = e.volunteer_id
  JOIN "incubator".volunteer_team t ON t.id = e.team_id
  LEFT JOIN "incubator".organisation o ON o.id = e.organisation_id`;

/** A period of Asia/Shanghai days, both ends included, either open. */
export interface DayPeriod {
  from?: string;
  to?: string;
}

/** Sums of whole minutes (bigint in SQL) as exact numbers. */
const exact = (n: string | number): number => {
  const v = Number(n);
  if (!Number.isSafeInteger(v)) throw new Error(`a sum of minutes beyond 2^53: ${n}`);
  return v;
};

function period(column: string, p: Params, d: DayPeriod): string {
  const parts: string[] = [];
  if (d.from) parts.push(`${column} >= ${p.add(d.from)}::date`);
  if (d.to) parts.push(`${column} <= ${p.add(d.to)}::date`);
  return parts.length ? ` AND ${parts.join(' AND ')}` : '';
}

export interface MinutesSum {
  minutes: number;
  activities: number;
  volunteers: number;
}

/** Volunteer hours: entries (never edited; a correction adds one that replaces another) and corrections. */
@Injectable()
export class VolunteerHoursStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertEntries(m: Queryable, entries: readonly HoursEntryRow[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO "incubator".volunteer_hours_entry
        (id, activity_id, volunteer_id, team_id, organisation_id, street_code, community_path, served_on, minutes, late,
         due_at, status, supersedes, superseded_by, correction_id, note, recorded_by, recorded_at)
       SELECT (r->>'id')::uuid, (r->>'activity_id')::uuid, (r->>'volunteer_id')::uuid, (r->>'team_id')::uuid,
              (r->>'organisation_id')::uuid, r->>'street_code', r->>'community_path', (r->>'served_on')::date,
              (r->>'minutes')::int, (r->>'late')::boolean, (r->>'due_at')::timestamptz, r->>'status',
              (r->>'supersedes')::uuid, (r->>'superseded_by')::uuid, (r->>'correction_id')::uuid, r->>'note',
              r->'recorded_by', (r->>'recorded_at')::timestamptz
         FROM jsonb_array_elements($1::jsonb) r`,
      [JSON.stringify(entries)],
    );
  }

  /** Locks an entry for its replacement. */
  async lockEntry(m: Queryable, id: string): Promise<HoursEntryRow | undefined> {
    const rows: HoursEntryRow[] = await m.query(
      prepared(
        `SELECT *, served_on::text AS served_on FROM "incubator".volunteer_hours_entry WHERE id = $1 FOR UPDATE`,
      ),
      [id],
    );
    return rows[0];
  }

  async entry(m: Queryable, id: string): Promise<HoursEntryReadRow | undefined> {
    const rows: HoursEntryReadRow[] = await m.query(
      prepared(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id = $1`),
      [id],
    );
    return rows[0];
  }

  /** Entries by id, as read. */
  async entries(m: Queryable, ids: readonly string[]): Promise<HoursEntryReadRow[]> {
    return m.query(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id = ANY($1::uuid[])`, [ids]);
  }

  /** Marks a current entry replaced by `by`; false when it is not current any more. */
  async supersede(m: Queryable, id: string, by: string): Promise<boolean> {
    const n = await execute(
      m,
      `UPDATE "incubator".volunteer_hours_entry SET status = 'superseded', superseded_by = $2 WHERE id = $1 AND status = 'current'`,
      [id, by],
    );
    return n === 1;
  }

  /** Entries of one activity (the current ones, or with history all), one page. */
  async ofActivity(activityId: string, history: boolean, page: number, pageSize: number) {
    return readPage<HoursEntryReadRow>(this.dataSource, {
      columns: ENTRY_COLUMNS,
      from: `FROM ${ENTRY_FROM} WHERE e.activity_id = $1${history ? '' : ` AND e.status = 'current'`}`,
      orderBy: 'e.recorded_at, e.id',
      params: [activityId],
      page,
      pageSize,
    });
  }

  /** A volunteer's entries over a period, newest day first, one page. */
  async ofVolunteer(volunteerId: string, d: DayPeriod, history: boolean, page: number, pageSize: number) {
    const p = new Params([volunteerId]);
    const from = `FROM ${ENTRY_FROM} WHERE e.volunteer_id = $1${history ? '' : ` AND e.status = 'current'`}${period('e.served_on', p, d)}`;
    return readPage<HoursEntryReadRow>(this.dataSource, {
      columns: ENTRY_COLUMNS,
      from,
      orderBy: 'e.served_on DESC, e.recorded_at DESC, e.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** A volunteer's current entries over a period (of one team, if given), oldest first, at most `limit`. */
  async recordOf(m: Queryable, volunteerId: string, d: DayPeriod, teamId: string | undefined, limit: number) {
    const p = new Params([volunteerId]);
    let where = `e.volunteer_id = $1 AND e.status = 'current'${period('e.served_on', p, d)}`;
    if (teamId) where += ` AND e.team_id = ${p.add(teamId)}`;
    const rows: HoursEntryReadRow[] = await m.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE ${where} ORDER BY e.served_on, a.starts_at, e.id LIMIT ${limit}`,
      p.values,
    );
    return rows;
  }

  /** A volunteer's minutes over a period, per team. */
  async volunteerByTeam(
    volunteerId: string,
    d: DayPeriod,
  ): Promise<Array<{ team_id: string; team_name: string; minutes: number; activities: number }>> {
    const p = new Params([volunteerId]);
    const rows: Array<{ team_id: string; team_name: string; minutes: string; activities: number }> =
      await this.dataSource.query(
        // one current entry per volunteer and activity (volunteer_hours_current): count(*) counts activities
        `SELECT e.team_id, t.name AS team_name, sum(e.minutes)::bigint AS minutes, count(*)::int AS activities
           FROM "incubator".volunteer_hours_entry e JOIN "incubator".volunteer_team t ON t.id = e.team_id
          WHERE e.volunteer_id = $1 AND e.status = 'current'${period('e.served_on', p, d)}
          GROUP BY e.team_id, t.name ORDER BY t.name, e.team_id`,
        p.values,
      );
    return rows.map((r) => ({ ...r, minutes: exact(r.minutes) }));
  }

  /** Sums over the current entries matching `column = id` within a period. */
  async sum(column: 'volunteer_id' | 'team_id', id: string, d: DayPeriod): Promise<MinutesSum> {
    const p = new Params([id]);
    const [row]: Array<{ minutes: string; activities: number; volunteers: number }> = await this.dataSource.query(
      `SELECT coalesce(sum(minutes), 0)::bigint AS minutes, count(DISTINCT activity_id)::int AS activities,
              count(DISTINCT volunteer_id)::int AS volunteers
         FROM "incubator".volunteer_hours_entry WHERE ${column} = $1 AND status = 'current'${period('served_on', p, d)}`,
      p.values,
    );
    return { minutes: exact(row.minutes), activities: row.activities, volunteers: row.volunteers };
  }

  /** Per volunteer, their minutes within a team over a period, most first, one page. */
  async teamByVolunteer(teamId: string, d: DayPeriod, page: number, pageSize: number) {
    const p = new Params([teamId]);
    // grouped inside, so that the page's total counts volunteers (also past the last page)
    const { rows, total } = await readPage<{
      volunteer_id: string;
      name_masked: string;
      minutes: string;
      activities: number;
    }>(this.dataSource, {
      // one current entry per volunteer and activity (volunteer_hours_current): count(*) counts activities
      columns: 'x.*, v.name_masked',
      from: `FROM (SELECT e.volunteer_id, sum(e.minutes)::bigint AS minutes, count(*)::int AS activities
                 FROM "incubator".volunteer_hours_entry e
                WHERE e.team_id = $1 AND e.status = 'current'${period('e.served_on', p, d)}
                GROUP BY e.volunteer_id) x
              JOIN "incubator".volunteer v ON v.id = x.volunteer_id`,
      orderBy: 'x.minutes DESC, x.volunteer_id',
      params: p.values,
      page,
      pageSize,
    });
    return { rows: rows.map((r) => ({ ...r, minutes: exact(r.minutes) })), total };
  }

  async insertCorrection(m: Queryable, c: CorrectionRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".volunteer_hours_correction
        (id, entry_id, activity_id, team_id, volunteer_id, from_minutes, minutes, reason, status, requested_by, requested_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
      [
        c.id,
        c.entry_id,
        c.activity_id,
        c.team_id,
        c.volunteer_id,
        c.from_minutes,
        c.minutes,
        c.reason,
        c.status,
        JSON.stringify(c.requested_by),
        c.requested_at,
      ],
    );
  }

  async correction(m: Queryable, id: string): Promise<CorrectionRow | undefined> {
    const rows: CorrectionRow[] = await m.query(
      prepared(`SELECT * FROM "incubator".volunteer_hours_correction WHERE id = $1`),
      [id],
    );
    return rows[0];
  }

  /** Decides a pending correction; false when it is not pending any more (decided meanwhile). */
  async decide(
    m: Queryable,
    id: string,
    d: {
      status: Exclude<CorrectionStatus, 'pending'>;
      by: EventPerson;
      at: Date;
      note: string | null;
      newEntryId: string | null;
    },
  ): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE "incubator".volunteer_hours_correction
          SET status = $2, decided_by = $3, decided_at = $4, note = $5, new_entry_id = $6
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, d.status, JSON.stringify(d.by), d.at, d.note, d.newEntryId],
    );
    return rows.length === 1;
  }

  /** Corrections of an activity or a team, newest first, one page. */
  async corrections(
    column: 'activity_id' | 'team_id',
    id: string,
    status: CorrectionStatus | undefined,
    page: number,
    pageSize: number,
  ) {
    const p = new Params([id]);
    let from = `FROM "incubator".volunteer_hours_correction c WHERE c.${column} = $1`;
    if (status) from += ` AND c.status = ${p.add(status)}`;
    return readPage<CorrectionRow>(this.dataSource, {
      columns: 'c.*',
      from,
      orderBy: 'c.requested_at DESC, c.id',
      params: p.values,
      page,
      pageSize,
    });
  }
}
