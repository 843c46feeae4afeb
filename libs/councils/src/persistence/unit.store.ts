import { Injectable } from '@nestjs/common';
import type { UnitOwnerRef } from '@gz/contracts';
import { Params, prepared, readPage } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { BuildingRow, UnitRow } from './views';

type Queryable = Pick<EntityManager, 'query'>;

const UNIT_COLUMNS = `u.id, u.compound_id, u.building_id, b.name AS building_name, u.number, u.registered_area,
  u.surveyed_area, u.contract_area, u.area, u.area_source, u.developer_unsold, u.version`;

export interface NewUnit {
  id: string;
  compoundId: string;
  buildingId: string;
  number: string;
  registeredArea: number | null;
  surveyedArea: number | null;
  contractArea: number | null;
  area: number;
  areaSource: string;
  developerUnsold: boolean;
  at: Date;
}

/** Buildings and units (专有部分) of compounds. */
@Injectable()
export class UnitStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertBuilding(m: Queryable, b: BuildingRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "councils".building (id, compound_id, name, created_at) VALUES ($1, $2, $3, $4)`),
      [b.id, b.compound_id, b.name, b.created_at],
    );
  }

  async building(m: Queryable, id: string): Promise<BuildingRow | undefined> {
    const rows: BuildingRow[] = await m.query(prepared(`SELECT * FROM "councils".building WHERE id = $1`), [id]);
    return rows[0];
  }

  async buildingsOf(m: Queryable, compoundId: string): Promise<BuildingRow[]> {
    return m.query(`SELECT * FROM "councils".building WHERE compound_id = $1 ORDER BY name`, [compoundId]);
  }

  async insertUnits(m: Queryable, units: readonly NewUnit[]): Promise<void> {
    for (let i = 0; i < units.length; i += 500) {
      const p = new Params();
      const values = units
        .slice(i, i + 500)
        .map(
          (u) =>
            `(${p.add(u.id)}::uuid, ${p.add(u.compoundId)}::uuid, ${p.add(u.buildingId)}::uuid, ${p.add(u.number)}, ` +
            `${p.add(u.registeredArea)}::int, ${p.add(u.surveyedArea)}::int, ${p.add(u.contractArea)}::int, ${p.add(u.area)}::int, ` +
            `${p.add(u.areaSource)}, ${p.add(u.developerUnsold)}::boolean, ${p.add(u.at)}::timestamptz)`,
        );
      await m.query(
        `INSERT INTO "councils".unit (id, compound_id, building_id, number, registered_area, surveyed_area, contract_area,
           area, area_source, developer_unsold, created_at, updated_at)
         SELECT v.*, v.created_at FROM (VALUES ${values.join(', ')})
           AS v(id, compound_id, building_id, number, registered_area, surveyed_area, contract_area, area, area_source, developer_unsold, created_at)`,
        p.values,
      );
    }
  }

  async unit(m: Queryable, id: string): Promise<UnitRow | undefined> {
    const rows: UnitRow[] = await m.query(
      `SELECT ${UNIT_COLUMNS} FROM "councils".unit u JOIN "councils".building b ON b.id = u.building_id WHERE u.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Every unit of the compound (the import matches its rows against them). */
  async unitsOf(m: Queryable, compoundId: string): Promise<UnitRow[]> {
    return m.query(
      `SELECT ${UNIT_COLUMNS} FROM "councils".unit u JOIN "councils".building b ON b.id = u.building_id WHERE u.compound_id = $1`,
      [compoundId],
    );
  }

  /** How many of these ids are units of the compound. */
  async countIn(m: Queryable, compoundId: string, ids: readonly string[]): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM "councils".unit WHERE compound_id = $1 AND id = ANY($2::uuid[])`,
      [compoundId, ids],
    );
    return n;
  }

  /** One page of a compound's units (`ids`: only those, for a resident's own). */
  async list(
    where: { compoundId: string; buildingId?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: UnitRow[]; total: number }> {
    const p = new Params();
    let from = `FROM "councils".unit u JOIN "councils".building b ON b.id = u.building_id WHERE u.compound_id = ${p.add(where.compoundId)}`;
    if (where.buildingId) from += ` AND u.building_id = ${p.add(where.buildingId)}`;
    return readPage<UnitRow>(this.dataSource, {
      columns: UNIT_COLUMNS,
      from,
      orderBy: 'b.name, u.number, u.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** The owners of each unit, by unit id. */
  async ownersOf(
    m: Queryable,
    unitIds: readonly string[],
  ): Promise<Map<string, Array<UnitOwnerRef & { userId: string | null }>>> {
    const out = new Map<string, Array<UnitOwnerRef & { userId: string | null }>>();
    if (unitIds.length === 0) return out;
    const rows: Array<{ unit_id: string; id: string; name: string; user_id: string | null }> = await m.query(
      `SELECT s.unit_id, o.id, o.name, o.user_id FROM "councils".ownership s JOIN "councils".owner o ON o.id = s.owner_id
        WHERE s.unit_id = ANY($1::uuid[]) ORDER BY o.name, o.id`,
      [unitIds],
    );
    for (const r of rows)
      out.set(r.unit_id, [...(out.get(r.unit_id) ?? []), { id: r.id, name: r.name, userId: r.user_id }]);
    return out;
  }
}
