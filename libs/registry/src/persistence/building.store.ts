import { Injectable } from '@nestjs/common';
import type { BuildingListQuery, BuildingView, Page } from '@gz/contracts';
import { likeContaining, Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { readViews, type PageWanted } from './lists';
import { BUILDING_COLUMNS, buildingView, type BuildingRow } from './views';

/** A building as locked for a change. */
export interface BuildingLock {
  id: string;
  path: string;
  street_code: string;
  address: string;
  name: string | null;
  units: number;
  floors: number;
  version: number;
}

export interface NewBuilding {
  id: string;
  street: string;
  path: string;
  address: string;
  name: string | null;
  units: number;
  floors: number;
  createdBy: string;
}

/** Buildings: the one place their SQL is written. */
@Injectable()
export class BuildingStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, b: NewBuilding): Promise<void> {
    await m.query(
      `INSERT INTO "registry".building (id, street_code, path, address, name, units, floors, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [b.id, b.street, b.path, b.address, b.name, b.units, b.floors, b.createdBy],
    );
  }

  /** Whether any building is registered (the demo loads into an empty registry only). */
  async anyRegistered(m: Pick<EntityManager, 'query'>): Promise<boolean> {
    const [{ any }]: Array<{ any: boolean }> = await m.query(
      `SELECT EXISTS (SELECT 1 FROM "registry".building) AS any`,
    );
    return any;
  }

  /** Holds off another loading of the demo until this transaction ends. */
  async lockSeeding(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-registry-seed']);
  }

  /** The building, locked for a change of its own (`update`) or while a household is added to it (`share`). */
  async lock(m: EntityManager, id: string, mode: 'update' | 'share' = 'update'): Promise<BuildingLock | undefined> {
    const [row]: BuildingLock[] = await m.query(
      `SELECT id, path, street_code, address, name, units, floors, version FROM "registry".building WHERE id = $1 FOR ${mode === 'share' ? 'SHARE' : 'UPDATE'}`,
      [id],
    );
    return row;
  }

  async update(
    m: EntityManager,
    id: string,
    next: { address: string; name: string | null; units: number; floors: number },
  ): Promise<void> {
    await m.query(
      `UPDATE "registry".building SET address = $2, name = $3, units = $4, floors = $5, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, next.address, next.name, next.units, next.floors],
    );
  }

  async view(id: string): Promise<BuildingView | undefined> {
    const [row]: BuildingRow[] = await this.dataSource.query(
      `SELECT ${BUILDING_COLUMNS} FROM "registry".building b WHERE b.id = $1`,
      [id],
    );
    return row ? buildingView(row) : undefined;
  }

  /** Buildings within `scopes`, optionally by part of the address. */
  page(
    scopes: readonly string[],
    filter: Pick<BuildingListQuery, 'address'>,
    want: PageWanted,
  ): Promise<Page<BuildingView>> {
    const p = new Params();
    const where = [withinScopes('b.path', scopes, p)];
    if (filter.address) where.push(`b.address LIKE ${p.add(likeContaining(filter.address))}`);
    return readViews(
      this.dataSource,
      {
        columns: BUILDING_COLUMNS,
        from: `FROM "registry".building b WHERE ${where.join(' AND ')}`,
        orderBy: 'b.path, b.address, b.id',
        params: p.values,
      },
      want,
      buildingView,
    );
  }
}
