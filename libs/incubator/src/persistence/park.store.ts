import { Injectable } from '@nestjs/common';
import { Params, prepared, readPage, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParkListRow, ParkRow } from './incubation-views';

type Queryable = Pick<EntityManager, 'query'>;

/** The park's columns with its active incubations and its overdue first reviews at `$1` (now). */
const WITH_COUNTS = `p.*,
  (SELECT count(*) FROM "incubator".incubation i
    WHERE i.park_id = p.id AND i.stage NOT IN ('graduated','left'))::int AS active,
  (SELECT count(*) FROM "incubator".incubation i
    WHERE i.park_id = p.id AND i.stage = 'applied' AND i.first_review_due_at <= $1)::int AS overdue_first_reviews`;

/** Incubation parks (孵化园, 孵化基地). */
@Injectable()
export class ParkStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, p: ParkRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".park
        (id, name, path, street_code, operator, address, created_by_id, created_by_name, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
      [p.id, p.name, p.path, p.street_code, p.operator, p.address, p.created_by_id, p.created_by_name, p.created_at],
    );
  }

  async get(m: Queryable, id: string): Promise<ParkRow | undefined> {
    const rows: ParkRow[] = await m.query(prepared(`SELECT * FROM "incubator".park WHERE id = $1`), [id]);
    return rows[0];
  }

  async getWithCounts(id: string, now: Date): Promise<ParkListRow | undefined> {
    const rows: ParkListRow[] = await this.dataSource.query(
      `SELECT ${WITH_COUNTS} FROM "incubator".park p WHERE p.id = $2`,
      [now, id],
    );
    return rows[0];
  }

  /** Parks within the scopes (and `within`), by path and name, one page. */
  async list(
    where: { scopes: readonly string[]; within?: string; now: Date },
    page: number,
    pageSize: number,
  ): Promise<{ rows: ParkListRow[]; total: number }> {
    const p = new Params([where.now]);
    const filters = [withinScopes('p.path', where.scopes, p)];
    if (where.within) filters.push(withinPath('p.path', where.within, p));
    return readPage<ParkListRow>(this.dataSource, {
      columns: WITH_COUNTS,
      from: `FROM "incubator".park p WHERE ${filters.join(' AND ')}`,
      orderBy: 'p.path, p.name, p.id',
      params: p.values,
      page,
      pageSize,
    });
  }
}
