import { Injectable } from '@nestjs/common';
import { execute, likeContaining, Params, prepared, readPage, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { TeamFacts } from '../domain/volunteer-access';
import type { VolunteerRow, VolunteerTeamRow } from './volunteer-views';

type Queryable = Pick<EntityManager, 'query'>;

const TEAM_COLUMNS = `t.*, o.name AS organisation_name, o.org_path,
  (SELECT count(*)::int FROM "incubator".volunteer_team_member m WHERE m.team_id = t.id) AS members`;
const TEAM_FROM = `"incubator".volunteer_team t LEFT JOIN "incubator".organisation o ON o.id = t.organisation_id`;

export type NewTeam = Omit<VolunteerTeamRow, 'organisation_name' | 'org_path' | 'members'>;

/** Volunteer teams and their members. */
@Injectable()
export class VolunteerTeamStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, t: NewTeam): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".volunteer_team
        (id, name, street_code, community_path, organisation_id, organiser_ids, purpose, version, created_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
      [
        t.id,
        t.name,
        t.street_code,
        t.community_path,
        t.organisation_id,
        t.organiser_ids,
        t.purpose,
        t.version,
        t.created_by,
        t.created_at,
        t.updated_at,
      ],
    );
  }

  async get(m: Queryable, id: string): Promise<VolunteerTeamRow | undefined> {
    const rows: VolunteerTeamRow[] = await m.query(
      prepared(`SELECT ${TEAM_COLUMNS} FROM ${TEAM_FROM} WHERE t.id = $1`),
      [id],
    );
    return rows[0];
  }

  /** Writes the changed fields and bumps the version when it is still `version`; false when it is not. */
  async update(
    m: Queryable,
    id: string,
    version: number,
    set: Partial<Pick<VolunteerTeamRow, 'name' | 'organiser_ids' | 'purpose'>>,
    at: Date,
  ): Promise<boolean> {
    const p = new Params([id, version, at]);
    const sets = Object.entries(set).map(([column, value]) => `${column} = ${p.add(value)}`);
    const n = await execute(
      m,
      `UPDATE "incubator".volunteer_team SET ${[...sets, 'version = version + 1', 'updated_at = $3'].join(', ')}
        WHERE id = $1 AND version = $2`,
      p.values,
    );
    return n === 1;
  }

  /**
   * Teams within the scopes, or run by the caller: named among the organisers, or of an
   * organisation under one of the org scopes (its staff). One page.
   */
  async list(
    where: {
      scopes: readonly string[];
      orgScopes: readonly string[];
      userId: string | null;
      within?: string;
      organisationId?: string;
      q?: string;
    },
    page: number,
    pageSize: number,
  ): Promise<{ rows: VolunteerTeamRow[]; total: number }> {
    const p = new Params();
    const access = [withinScopes('t.community_path', where.scopes, p), withinScopes('o.org_path', where.orgScopes, p)];
    if (where.userId) access.push(`${p.add(where.userId)}::uuid = ANY(t.organiser_ids)`);
    const filters = [`(${access.join(' OR ')})`];
    if (where.within) filters.push(withinPath('t.community_path', where.within, p));
    if (where.organisationId) filters.push(`t.organisation_id = ${p.add(where.organisationId)}`);
    if (where.q) filters.push(`t.name LIKE ${p.add(likeContaining(where.q))}`);
    return readPage<VolunteerTeamRow>(this.dataSource, {
      columns: TEAM_COLUMNS,
      from: `FROM ${TEAM_FROM} WHERE ${filters.join(' AND ')}`,
      orderBy: 't.community_path, t.name, t.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** Adds the volunteer to the team; false when they are on it already. */
  async addMember(m: Queryable, teamId: string, volunteerId: string, by: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO "incubator".volunteer_team_member (team_id, volunteer_id, joined_at, added_by)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING team_id`,
      [teamId, volunteerId, at, by],
    );
    return rows.length === 1;
  }

  /** The team's volunteers, one page, in the order they joined. */
  async members(teamId: string, page: number, pageSize: number): Promise<{ rows: VolunteerRow[]; total: number }> {
    return readPage<VolunteerRow>(this.dataSource, {
      columns: 'v.*',
      from: `FROM "incubator".volunteer_team_member m JOIN "incubator".volunteer v ON v.id = m.volunteer_id WHERE m.team_id = $1`,
      orderBy: 'm.joined_at, v.id',
      params: [teamId],
      page,
      pageSize,
    });
  }

  /**
   * The facts of every team the volunteer has to do with (a member of it, or signed up for one of its
   * activities), to tell whether the caller runs one of them.
   */
  async teamsOfVolunteer(m: Queryable, volunteerId: string): Promise<TeamFacts[]> {
    const rows: Array<{ community_path: string; organiser_ids: string[]; org_path: string | null }> = await m.query(
      `SELECT t.community_path, t.organiser_ids, o.org_path FROM ${TEAM_FROM}
        WHERE t.id IN (SELECT team_id FROM "incubator".volunteer_team_member WHERE volunteer_id = $1
                       UNION SELECT a.team_id FROM "incubator".activity_sign_up s
                         JOIN "incubator".volunteer_activity a ON a.id = s.activity_id WHERE s.volunteer_id = $1)`,
      [volunteerId],
    );
    return rows.map((r) => ({ communityPath: r.community_path, organiserIds: r.organiser_ids, orgPath: r.org_path }));
  }
}
