import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type HouseholdListQuery,
  type HouseholdType,
  type HouseholdView,
  type Page,
  type PersonView,
} from '@gz/contracts';
import { Outbox, Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { readViews, type PageWanted } from './lists';
import {
  HOUSEHOLD_COLUMNS,
  householdView,
  PERSON_COLUMNS,
  PERSON_FROM,
  personView,
  type HouseholdRow,
  type PersonRow,
} from './views';

/** A household locked while its members or head change, with whether its head still lives there. */
export interface HouseholdLockRow {
  id: string;
  path: string;
  street_code: string;
  head_person_id: string | null;
  head_present: boolean | null;
  version: number;
}

/** A household locked for a change of its own fields. */
export interface HouseholdFields {
  id: string;
  building_id: string;
  path: string;
  street_code: string;
  door_number: string;
  type: HouseholdType;
  version: number;
}

export interface NewHousehold {
  id: string;
  buildingId: string;
  street: string;
  path: string;
  doorNumber: string;
  unit: number | null;
  floor: number | null;
  type: HouseholdType;
  createdBy: string;
}

const HOUSEHOLD_FROM = `"registry".household h JOIN "registry".building b ON b.id = h.building_id`;

/** Households (the doors of a building): their rows, locks, heads and versions. */
@Injectable()
export class HouseholdStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async insert(m: EntityManager, h: NewHousehold): Promise<void> {
    await m.query(
      `INSERT INTO "registry".household (id, building_id, street_code, path, door_number, unit_no, floor, type, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [h.id, h.buildingId, h.street, h.path, h.doorNumber, h.unit, h.floor, h.type, h.createdBy],
    );
  }

  /** The household locked while its members, head or type change. */
  async lock(m: EntityManager, id: string): Promise<HouseholdLockRow | undefined> {
    const [row]: HouseholdLockRow[] = await m.query(
      `SELECT h.id, h.path, h.street_code, h.head_person_id, h.version,
              (SELECT hp.present AND hp.household_id = h.id FROM "registry".person hp WHERE hp.id = h.head_person_id) AS head_present
         FROM "registry".household h WHERE h.id = $1 FOR UPDATE OF h`,
      [id],
    );
    return row;
  }

  /** The household locked for a change of its own fields. */
  async lockFields(m: EntityManager, id: string): Promise<HouseholdFields | undefined> {
    const [row]: HouseholdFields[] = await m.query(
      `SELECT id, building_id, path, street_code, door_number, type, version FROM "registry".household WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /** The household's place, kept from changing while a visit to it is recorded. */
  async share(m: EntityManager, id: string): Promise<{ id: string; path: string; street_code: string } | undefined> {
    const [row]: Array<{ id: string; path: string; street_code: string }> = await m.query(
      `SELECT id, path, street_code FROM "registry".household WHERE id = $1 FOR SHARE`,
      [id],
    );
    return row;
  }

  async update(m: EntityManager, id: string, next: { type: HouseholdType; doorNumber: string }): Promise<void> {
    await m.query(
      `UPDATE "registry".household SET type = $2, door_number = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, next.type, next.doorNumber],
    );
  }

  async setHead(m: EntityManager, id: string, personId: string | null): Promise<void> {
    await m.query(`UPDATE "registry".household SET head_person_id = $2 WHERE id = $1`, [id, personId]);
  }

  /** Wherever `personId` is the head, `next` becomes it (null: no head). */
  async replaceHead(m: EntityManager, personId: string, next: string | null): Promise<void> {
    if (next === null) {
      await m.query(`UPDATE "registry".household SET head_person_id = NULL WHERE head_person_id = $1`, [personId]);
      return;
    }
    await m.query(`UPDATE "registry".household SET head_person_id = $2 WHERE head_person_id = $1`, [personId, next]);
  }

  async typeOf(m: EntityManager, id: string): Promise<HouseholdType> {
    const [{ type }]: Array<{ type: HouseholdType }> = await m.query(
      `SELECT type FROM "registry".household WHERE id = $1`,
      [id],
    );
    return type;
  }

  async markRental(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE "registry".household SET type = 'rental' WHERE id = $1`, [id]);
  }

  /** The household's members or head changed: a new version and a `household.changed` event. */
  async bump(
    m: EntityManager,
    actor: Actor,
    household: { id: string; path: string; street_code: string; version: number },
    changed: string[],
  ): Promise<void> {
    await m.query(`UPDATE "registry".household SET version = version + 1, updated_at = now() WHERE id = $1`, [
      household.id,
    ]);
    household.version += 1;
    await this.outbox.add(m, {
      type: RegistryEvents.householdChanged,
      street: household.street_code,
      actor,
      data: { householdId: household.id, path: household.path, changed, version: household.version },
    });
  }

  async view(id: string): Promise<HouseholdView | undefined> {
    const [row]: HouseholdRow[] = await this.dataSource.query(
      `SELECT ${HOUSEHOLD_COLUMNS} FROM ${HOUSEHOLD_FROM} WHERE h.id = $1`,
      [id],
    );
    return row ? householdView(row) : undefined;
  }

  /** Everyone registered at the door (the head first), masked. */
  async members(id: string): Promise<PersonView[]> {
    const rows: PersonRow[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE p.household_id = $1 ORDER BY (p.relation = 'head') DESC, p.birth_date, p.id`,
      [id],
    );
    return rows.map(personView);
  }

  /** Households within `scopes`, optionally of one building or type. */
  page(
    scopes: readonly string[],
    filter: Pick<HouseholdListQuery, 'buildingId' | 'type'>,
    want: PageWanted,
  ): Promise<Page<HouseholdView>> {
    const p = new Params();
    const where = [withinScopes('h.path', scopes, p)];
    if (filter.buildingId) where.push(`h.building_id = ${p.add(filter.buildingId)}`);
    if (filter.type) where.push(`h.type = ${p.add(filter.type)}`);
    return readViews(
      this.dataSource,
      {
        columns: HOUSEHOLD_COLUMNS,
        from: `FROM ${HOUSEHOLD_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'h.path, b.address, h.door_number, h.id',
        params: p.values,
      },
      want,
      householdView,
    );
  }
}
