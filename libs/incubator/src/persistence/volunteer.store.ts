import { Injectable } from '@nestjs/common';
import type { VolunteerPiiField } from '@gz/contracts';
import { Params, prepared, readPage, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { VolunteerRow } from './volunteer-views';

type Queryable = Pick<EntityManager, 'query'>;

export interface VolunteerPiiReadRow {
  id: string;
  subject_id: string;
  field: VolunteerPiiField;
  reason: string;
  actor_id: string;
  actor_name: string | null;
  at: Date;
}

/** Volunteers (their basic data sealed) and the audit of full reads of it. */
@Injectable()
export class VolunteerStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, v: VolunteerRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".volunteer
        (id, name_sealed, name_masked, phone_sealed, phone_masked, phone_index, id_number_sealed, id_number_masked,
         id_number_index, street_code, community_path, user_id, consent_at, consent_method, consent_note,
         consent_recorded_by, version, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`),
      [
        v.id,
        v.name_sealed,
        v.name_masked,
        v.phone_sealed,
        v.phone_masked,
        v.phone_index,
        v.id_number_sealed,
        v.id_number_masked,
        v.id_number_index,
        v.street_code,
        v.community_path,
        v.user_id,
        v.consent_at,
        v.consent_method,
        v.consent_note,
        JSON.stringify(v.consent_recorded_by),
        v.version,
        v.created_at,
        v.updated_at,
      ],
    );
  }

  async get(m: Queryable, id: string): Promise<VolunteerRow | undefined> {
    const rows: VolunteerRow[] = await m.query(prepared(`SELECT * FROM "incubator".volunteer WHERE id = $1`), [id]);
    return rows[0];
  }

  /** The volunteer record linked to a user's account. */
  async ofUser(m: Queryable, userId: string): Promise<VolunteerRow | undefined> {
    const rows: VolunteerRow[] = await m.query(prepared(`SELECT * FROM "incubator".volunteer WHERE user_id = $1`), [
      userId,
    ]);
    return rows[0];
  }

  /**
   * Volunteers within the scopes, the caller's own record, and the members of the teams the caller
   * runs (named among the organisers, or staff of the team's organisation). One page.
   */
  async list(
    where: {
      scopes: readonly string[];
      orgScopes: readonly string[];
      userId: string | null;
      within?: string;
      teamId?: string;
      phoneIndex?: string;
    },
    page: number,
    pageSize: number,
  ): Promise<{ rows: VolunteerRow[]; total: number }> {
    const p = new Params();
    const access = [withinScopes('v.community_path', where.scopes, p)];
    if (where.userId) {
      const me = p.add(where.userId);
      access.push(`v.user_id = ${me}`);
      access.push(`EXISTS (SELECT 1 FROM "incubator".volunteer_team_member m JOIN "incubator".volunteer_team t ON t.id = m.team_id
        LEFT JOIN "incubator".organisation o ON o.id = t.organisation_id
        WHERE m.volunteer_id = v.id AND (${me}::uuid = ANY(t.organiser_ids) OR ${withinScopes('o.org_path', where.orgScopes, p)}))`);
    }
    const filters = [`(${access.join(' OR ')})`];
    if (where.within) filters.push(withinPath('v.community_path', where.within, p));
    if (where.teamId)
      filters.push(
        `EXISTS (SELECT 1 FROM "incubator".volunteer_team_member m WHERE m.volunteer_id = v.id AND m.team_id = ${p.add(where.teamId)})`,
      );
    if (where.phoneIndex) filters.push(`v.phone_index = ${p.add(where.phoneIndex)}`);
    return readPage<VolunteerRow>(this.dataSource, {
      columns: 'v.*',
      from: `FROM "incubator".volunteer v WHERE ${filters.join(' AND ')}`,
      orderBy: 'v.community_path, v.created_at, v.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** Records full reads of the volunteer's fields: one row per field, with the reason. */
  async auditReads(
    m: Queryable,
    read: {
      volunteerId: string;
      fields: readonly VolunteerPiiField[];
      reason: string;
      actorId: string;
      actorName: string | null;
      street: string;
      at: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO "incubator".pii_access (subject_kind, subject_id, field, reason, actor_id, actor_name, street_code, at)
       SELECT 'volunteer', $1::uuid, unnest($2::text[]), $3::text, $4::text, $5::text, $6::text, $7::timestamptz`,
      [read.volunteerId, read.fields, read.reason, read.actorId, read.actorName, read.street, read.at],
    );
  }

  /** Full reads of volunteers' data, newest first, for volunteers within the scopes. */
  async piiReads(
    where: { scopes: readonly string[]; volunteerId?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: VolunteerPiiReadRow[]; total: number }> {
    const p = new Params();
    let from = `FROM "incubator".pii_access a JOIN "incubator".volunteer v ON v.id = a.subject_id
      WHERE a.subject_kind = 'volunteer' AND ${withinScopes('v.community_path', where.scopes, p)}`;
    if (where.volunteerId) from += ` AND a.subject_id = ${p.add(where.volunteerId)}`;
    return readPage<VolunteerPiiReadRow>(this.dataSource, {
      columns: 'a.id::text AS id, a.subject_id, a.field, a.reason, a.actor_id, a.actor_name, a.at',
      from,
      orderBy: 'a.at DESC, a.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }
}
