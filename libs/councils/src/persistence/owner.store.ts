import { Injectable } from '@nestjs/common';
import type { OwnerFieldChange } from '@gz/contracts';
import { execute, newId, Params, prepared, readPage, updateReturning, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { HoldingRow, OwnerChangeRow, OwnerRow } from './views';

type Queryable = Pick<EntityManager, 'query'>;

export interface PiiAccessRow {
  id: string;
  owner_id: string;
  compound_id: string;
  reader: string;
  reader_id: string;
  reason: string;
  at: Date;
}

export interface OwnerChange {
  ownerId: string;
  change: 'added' | 'updated' | 'linked' | 'imported';
  fields: OwnerFieldChange[];
  by: string;
  at: Date;
}

/** The owners' roll: owners, the units they hold, the roll's history, link codes, reads of full phones. */
@Injectable()
export class OwnerStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertMany(m: Queryable, owners: readonly OwnerRow[]): Promise<void> {
    for (let i = 0; i < owners.length; i += 500) {
      const p = new Params();
      const values = owners
        .slice(i, i + 500)
        .map(
          (o) =>
            `(${p.add(o.id)}::uuid, ${p.add(o.compound_id)}::uuid, ${p.add(o.name)}, ${p.add(o.phone_sealed)}, ${p.add(o.phone_masked)}, ` +
            `${p.add(o.phone_index)}, ${p.add(o.developer)}::boolean, ${p.add(o.user_id)}::uuid, ${p.add(o.version)}::int, ` +
            `${p.add(o.created_at)}::timestamptz, ${p.add(o.updated_at)}::timestamptz)`,
        );
      await m.query(
        `INSERT INTO "councils".owner (id, compound_id, name, phone_sealed, phone_masked, phone_index, developer, user_id,
           version, created_at, updated_at) VALUES ${values.join(', ')}`,
        p.values,
      );
    }
  }

  async get(m: Queryable, id: string): Promise<OwnerRow | undefined> {
    const rows: OwnerRow[] = await m.query(prepared(`SELECT * FROM "councils".owner WHERE id = $1`), [id]);
    return rows[0];
  }

  async lock(m: Queryable, id: string): Promise<OwnerRow | undefined> {
    const rows: OwnerRow[] = await m.query(prepared(`SELECT * FROM "councils".owner WHERE id = $1 FOR UPDATE`), [id]);
    return rows[0];
  }

  /** Every owner of the compound (the import matches its rows against them). */
  async ownersOf(m: Queryable, compoundId: string): Promise<OwnerRow[]> {
    return m.query(`SELECT * FROM "councils".owner WHERE compound_id = $1`, [compoundId]);
  }

  async list(compoundId: string, page: number, pageSize: number): Promise<{ rows: OwnerRow[]; total: number }> {
    return readPage<OwnerRow>(this.dataSource, {
      columns: 'o.*',
      from: `FROM "councils".owner o WHERE o.compound_id = $1`,
      orderBy: 'o.developer DESC, o.name, o.id',
      params: [compoundId],
      page,
      pageSize,
    });
  }

  /** The owners a resident's account is linked to (one per compound at most). */
  async ofUser(m: Queryable, userId: string): Promise<OwnerRow[]> {
    return m.query(`SELECT * FROM "councils".owner WHERE user_id = $1 ORDER BY compound_id`, [userId]);
  }

  /** Writes the changed fields and bumps the version, when the version is still `version`; false when it is not. */
  async update(
    m: Queryable,
    id: string,
    version: number,
    set: Partial<Pick<OwnerRow, 'name' | 'phone_sealed' | 'phone_masked' | 'phone_index' | 'user_id'>>,
    at: Date,
  ): Promise<boolean> {
    const p = new Params([id, version, at]);
    const sets = Object.entries(set).map(([column, value]) => `${column} = ${p.add(value)}`);
    const n = await execute(
      m,
      `UPDATE "councils".owner SET ${[...sets, 'version = version + 1', 'updated_at = $3'].join(', ')} WHERE id = $1 AND version = $2`,
      p.values,
    );
    return n === 1;
  }

  /** The units each owner holds, by owner id. */
  async holdings(m: Queryable, ownerIds: readonly string[]): Promise<Map<string, HoldingRow[]>> {
    const out = new Map<string, HoldingRow[]>();
    if (ownerIds.length === 0) return out;
    const rows: HoldingRow[] = await m.query(
      `SELECT s.owner_id, u.id AS unit_id, b.name AS building_name, u.number, u.area, u.area_source
         FROM "councils".ownership s JOIN "councils".unit u ON u.id = s.unit_id JOIN "councils".building b ON b.id = u.building_id
        WHERE s.owner_id = ANY($1::uuid[]) ORDER BY b.name, u.number`,
      [ownerIds],
    );
    for (const r of rows) out.set(r.owner_id, [...(out.get(r.owner_id) ?? []), r]);
    return out;
  }

  /** Adds these (unit, owner) pairs; pairs already there are left alone. Answers how many were added. */
  async addOwnerships(
    m: Queryable,
    pairs: ReadonlyArray<{ unitId: string; ownerId: string }>,
    at: Date,
  ): Promise<number> {
    let added = 0;
    for (let i = 0; i < pairs.length; i += 1000) {
      const slice = pairs.slice(i, i + 1000);
      const rows: unknown[] = await m.query(
        `INSERT INTO "councils".ownership (unit_id, owner_id, since)
         SELECT unnest($1::uuid[]), unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING RETURNING unit_id`,
        [slice.map((s) => s.unitId), slice.map((s) => s.ownerId), at],
      );
      added += rows.length;
    }
    return added;
  }

  /** Makes the owner hold exactly these units. */
  async setUnits(m: Queryable, ownerId: string, unitIds: readonly string[], at: Date): Promise<void> {
    await m.query(`DELETE FROM "councils".ownership WHERE owner_id = $1 AND NOT (unit_id = ANY($2::uuid[]))`, [
      ownerId,
      unitIds,
    ]);
    await this.addOwnerships(
      m,
      unitIds.map((unitId) => ({ unitId, ownerId })),
      at,
    );
  }

  async addChanges(m: Queryable, changes: readonly OwnerChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += 1000) {
      const slice = changes.slice(i, i + 1000);
      await m.query(
        `INSERT INTO "councils".owner_change (id, owner_id, change, fields, by, at)
         SELECT unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::text[]), unnest($4::jsonb[]), unnest($5::text[]), unnest($6::timestamptz[])`,
        [
          slice.map(() => newId()),
          slice.map((c) => c.ownerId),
          slice.map((c) => c.change),
          slice.map((c) => JSON.stringify(c.fields)),
          slice.map((c) => c.by),
          slice.map((c) => c.at),
        ],
      );
    }
  }

  async changes(m: Queryable, ownerId: string): Promise<OwnerChangeRow[]> {
    return m.query(`SELECT * FROM "councils".owner_change WHERE owner_id = $1 ORDER BY at, id`, [ownerId]);
  }

  async insertLinkCode(
    m: Queryable,
    hash: string,
    ownerId: string,
    expiresAt: Date,
    by: string,
    at: Date,
  ): Promise<void> {
    // A new code replaces the owner's codes not yet redeemed.
    await m.query(`DELETE FROM "councils".owner_link_code WHERE owner_id = $1 AND redeemed_at IS NULL`, [ownerId]);
    await m.query(
      `INSERT INTO "councils".owner_link_code (code_hash, owner_id, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [hash, ownerId, expiresAt, by, at],
    );
  }

  /** Marks a code redeemed by `userId` when it is unredeemed and unexpired; answers its owner's id. */
  async redeemLinkCode(m: Queryable, hash: string, userId: string, at: Date): Promise<string | undefined> {
    const rows = await updateReturning<{ owner_id: string }>(
      m,
      `UPDATE "councils".owner_link_code SET redeemed_at = $3, redeemed_by = $2
        WHERE code_hash = $1 AND redeemed_at IS NULL AND expires_at > $3 RETURNING owner_id`,
      [hash, userId, at],
    );
    return rows[0]?.owner_id;
  }

  /** Reads of full phones, newest first, within the compounds of these community scopes (all: district-wide). */
  async readsOfPhones(
    where: { scopes: readonly string[]; compoundId?: string; ownerId?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: PiiAccessRow[]; total: number }> {
    const p = new Params();
    let from = `FROM "councils".pii_access a JOIN "councils".compound c ON c.id = a.compound_id WHERE ${withinScopes('c.community_path', where.scopes, p)}`;
    if (where.compoundId) from += ` AND a.compound_id = ${p.add(where.compoundId)}`;
    if (where.ownerId) from += ` AND a.owner_id = ${p.add(where.ownerId)}`;
    return readPage<PiiAccessRow>(this.dataSource, {
      columns: 'a.*',
      from,
      orderBy: 'a.at DESC, a.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }

  async auditRead(
    m: Queryable,
    read: { ownerId: string; compoundId: string; reader: string; readerId: string; reason: string; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO "councils".pii_access (id, owner_id, compound_id, reader, reader_id, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [newId(), read.ownerId, read.compoundId, read.reader, read.readerId, read.reason, read.at],
    );
  }
}
