import { Injectable } from '@nestjs/common';
import { fastRead, Params, prepared, readPage, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CertificateRow } from './volunteer-views';

type Queryable = Pick<EntityManager, 'query'>;

const COLUMNS = `c.*, c.from_day::text AS from_day, c.to_day::text AS to_day`;

/** Certificates of volunteers' hours as issued: the exact statement each code signs, who issued it, when. */
@Injectable()
export class VolunteerCertificateStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, c: CertificateRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".volunteer_certificate
        (id, volunteer_id, team_id, street_code, community_path, from_day, to_day, minutes, statement, issued_by, issued_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
      [
        c.id,
        c.volunteer_id,
        c.team_id,
        c.street_code,
        c.community_path,
        c.from_day,
        c.to_day,
        c.minutes,
        c.statement,
        JSON.stringify(c.issued_by),
        c.issued_at,
      ],
    );
  }

  /** A certificate by id, read straight on the pool (the public verification's one query). */
  async get(id: string): Promise<CertificateRow | undefined> {
    const rows = await fastRead<CertificateRow>(
      this.dataSource,
      prepared(`SELECT ${COLUMNS} FROM "incubator".volunteer_certificate c WHERE c.id = $1`),
      [id],
    );
    return rows[0];
  }

  /** Certificates issued for volunteers within the scopes (or for one volunteer), newest first. */
  async list(
    where: { scopes: readonly string[]; volunteerId?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: CertificateRow[]; total: number }> {
    const p = new Params();
    let from = `FROM "incubator".volunteer_certificate c WHERE ${withinScopes('c.community_path', where.scopes, p)}`;
    if (where.volunteerId) from += ` AND c.volunteer_id = ${p.add(where.volunteerId)}`;
    return readPage<CertificateRow>(this.dataSource, {
      columns: COLUMNS,
      from,
      orderBy: 'c.issued_at DESC, c.id',
      params: p.values,
      page,
      pageSize,
    });
  }
}
