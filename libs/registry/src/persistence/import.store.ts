import type { ExportPage, ExportPageQuery, ExportRow, HouseholdType, Relation, ResidenceType } from '@gz/contracts';
import { Params, updateReturning, withinPath } from '@gz/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { StoredPii } from './person.store';
import type { Registered } from './duplicate.store';

export interface BatchBuilding {
  id: string;
  street: string;
  path: string;
  address: string;
  name: string | null;
  units: number;
  floors: number;
}

export interface BatchHousehold {
  id: string;
  buildingId: string;
  street: string;
  path: string;
  doorNumber: string;
  type: HouseholdType;
}

export interface BatchPerson {
  id: string;
  street: string;
  path: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  idNumber: StoredPii | null;
  phone: StoredPii | null;
  residenceType: ResidenceType;
  employer: string | null;
  tags: string[];
  householdId: string;
  relation: Relation;
}

/** A person as inserted by a batch. */
export interface Inserted extends Registered {
  household_id: string;
  relation: Relation;
  residence_type: ResidenceType;
  tags: string[];
}

/**
 * The set-based statements of bulk import (unnest arrays, IMPORT_BATCH rows per statement) and
 * the pages of export. Used by the service and by the CLI, so it takes its data source as given.
 */
export class ImportStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the buildings not there yet (by grid and address); answers those it created. */
  async insertBuildings(
    m: EntityManager,
    bs: readonly BatchBuilding[],
    by: string,
  ): Promise<Array<{ id: string; path: string; address: string }>> {
    return m.query(
      `INSERT INTO "registry".building (id, street_code, path, address, name, units, floors, created_by)
       SELECT t.* , $8 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) AS t
       ON CONFLICT (path, address) DO NOTHING RETURNING id, path, address`,
      [
        bs.map((b) => b.id),
        bs.map((b) => b.street),
        bs.map((b) => b.path),
        bs.map((b) => b.address),
        bs.map((b) => b.name),
        bs.map((b) => b.units),
        bs.map((b) => b.floors),
        by,
      ],
    );
  }

  /** The buildings at these grids and addresses. */
  async buildingsAt(
    m: EntityManager,
    at: ReadonlyArray<{ path: string; address: string }>,
  ): Promise<Array<{ id: string; path: string; address: string }>> {
    return m.query(
      `SELECT b.id, b.path, b.address FROM "registry".building b JOIN unnest($1::text[], $2::text[]) AS t(path, address) ON b.path = t.path AND b.address = t.address`,
      [at.map((b) => b.path), at.map((b) => b.address)],
    );
  }

  /** Inserts the households not there yet (by building and door); answers those it created. */
  async insertHouseholds(
    m: EntityManager,
    hs: readonly BatchHousehold[],
    by: string,
  ): Promise<Array<{ id: string; building_id: string; path: string; type: HouseholdType }>> {
    return m.query(
      `INSERT INTO "registry".household (id, building_id, street_code, path, door_number, type, created_by)
       SELECT t.*, $7 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t
       ON CONFLICT (building_id, door_number) DO NOTHING RETURNING id, building_id, path, type`,
      [
        hs.map((h) => h.id),
        hs.map((h) => h.buildingId),
        hs.map((h) => h.street),
        hs.map((h) => h.path),
        hs.map((h) => h.doorNumber),
        hs.map((h) => h.type),
        by,
      ],
    );
  }

  /** The households at these doors. */
  async householdsAt(
    m: EntityManager,
    at: ReadonlyArray<{ buildingId: string; doorNumber: string }>,
  ): Promise<Array<{ id: string; building_id: string; door_number: string; path: string }>> {
    return m.query(
      `SELECT h.id, h.building_id, h.door_number, h.path FROM "registry".household h
         JOIN unnest($1::uuid[], $2::text[]) AS t(building_id, door) ON h.building_id = t.building_id AND h.door_number = t.door`,
      [at.map((h) => h.buildingId), at.map((h) => h.doorNumber)],
    );
  }

  /** Of these blind indexes of identity numbers, those registered already. */
  async registeredIdNumbers(m: EntityManager, indexes: readonly string[]): Promise<Set<string>> {
    const rows: Array<{ i: string }> = await m.query(
      `SELECT id_number_index AS i FROM "registry".person WHERE id_number_index = ANY($1::text[])`,
      [indexes],
    );
    return new Set(rows.map((r) => r.i));
  }

  /** The persons without an identity number registered in these households. */
  async registeredWithoutIdNumber(
    m: EntityManager,
    householdIds: readonly string[],
  ): Promise<Array<{ household_id: string; name: string; birth_date: string }>> {
    return m.query(
      `SELECT household_id, name, birth_date::text AS birth_date FROM "registry".person WHERE household_id = ANY($1::uuid[]) AND id_number_index IS NULL`,
      [householdIds],
    );
  }

  /** Inserts the persons (one whose identity number is registered meanwhile is skipped); answers those inserted. */
  async insertPersons(m: EntityManager, ps: readonly BatchPerson[], by: string): Promise<Inserted[]> {
    const sealed = (get: (p: BatchPerson) => StoredPii | null, part: keyof StoredPii) =>
      ps.map((p) => get(p)?.[part] ?? null);
    return m.query(
      `INSERT INTO "registry".person (id, street_code, path, name, gender, birth_date, ethnicity,
         id_number_cipher, id_number_key_id, id_number_index, id_number_masked, phone_cipher, phone_key_id, phone_index, phone_masked,
         residence_type, employer, tags, household_id, relation, present, created_by)
       SELECT t.id, t.street, t.path, t.name, t.gender, t.birth, t.eth, t.idc, t.idk, t.idi, t.idm, t.pc, t.pk, t.pi, t.pm, t.rt, t.emp,
              CASE WHEN t.tags = '' THEN '{}'::text[] ELSE string_to_array(t.tags, ',') END, t.hid, t.rel, true, $21
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::uuid[], $20::text[])
           AS t(id, street, path, name, gender, birth, eth, idc, idk, idi, idm, pc, pk, pi, pm, rt, emp, tags, hid, rel)
       ON CONFLICT (id_number_index) WHERE id_number_index IS NOT NULL DO NOTHING
       RETURNING id, household_id, relation, path, street_code, name, birth_date::text AS birth_date, residence_type, tags,
                 id_number_index IS NOT NULL AS has_id`,
      [
        ps.map((p) => p.id),
        ps.map((p) => p.street),
        ps.map((p) => p.path),
        ps.map((p) => p.name),
        ps.map((p) => p.gender),
        ps.map((p) => p.birthDate),
        ps.map((p) => p.ethnicity),
        sealed((p) => p.idNumber, 'cipher'),
        sealed((p) => p.idNumber, 'keyId'),
        sealed((p) => p.idNumber, 'index'),
        sealed((p) => p.idNumber, 'masked'),
        sealed((p) => p.phone, 'cipher'),
        sealed((p) => p.phone, 'keyId'),
        sealed((p) => p.phone, 'index'),
        sealed((p) => p.phone, 'masked'),
        ps.map((p) => p.residenceType),
        ps.map((p) => p.employer),
        ps.map((p) => p.tags.join(',')),
        ps.map((p) => p.householdId),
        ps.map((p) => p.relation),
        by,
      ],
    );
  }

  /** The residences of persons just inserted, from `movedInOn` (reason: imported). */
  async insertResidences(
    m: EntityManager,
    residenceIds: readonly string[],
    persons: readonly Inserted[],
    movedInOn: string,
    by: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO "registry".residence (id, person_id, household_id, street_code, path, relation, moved_in_on, move_in_reason, recorded_by)
       SELECT t.*, $7::date, 'imported', $8 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) AS t`,
      [
        residenceIds,
        persons.map((p) => p.id),
        persons.map((p) => p.household_id),
        persons.map((p) => p.street_code),
        persons.map((p) => p.path),
        persons.map((p) => p.relation),
        movedInOn,
        by,
      ],
    );
  }

  /**
   * A new version for every household that gained members, and the head where it had none: one
   * statement by primary key (a join on unnest here made the planner scan every household).
   */
  bumpHouseholds(
    m: EntityManager,
    householdIds: readonly string[],
    heads: ReadonlyArray<{ id: string; household_id: string }>,
  ): Promise<Array<{ id: string; path: string; version: number }>> {
    return updateReturning<{ id: string; path: string; version: number }>(
      m,
      `UPDATE "registry".household h SET version = version + 1, updated_at = now(),
              head_person_id = coalesce(h.head_person_id, ($2::uuid[])[array_position($3::uuid[], h.id)])
        WHERE h.id = ANY($1::uuid[]) RETURNING id, path, version`,
      [householdIds, heads.map((p) => p.id), heads.map((p) => p.household_id)],
    );
  }

  /** One page of a scope's present persons for export, masked, in id order from `after`. */
  async exportPage(q: ExportPageQuery, limit: number): Promise<ExportPage> {
    const p = new Params();
    const scope = withinPath('p.path', q.path, p);
    const $after = p.add(q.after ?? null);
    const rows: ExportRow[] = await this.dataSource.query(
      `SELECT p.id, p.path AS "gridPath", coalesce(b.address, '') AS address, h.door_number AS "doorNumber", p.name, p.gender,
              p.birth_date::text AS "birthDate", p.ethnicity, p.id_number_masked AS "idNumberMasked", p.phone_masked AS "phoneMasked",
              p.residence_type AS "residenceType", p.employer, p.relation, p.tags
         FROM "registry".person p
         LEFT JOIN "registry".household h ON h.id = p.household_id
         LEFT JOIN "registry".building b ON b.id = h.building_id
        WHERE ${scope} AND p.present AND (${$after}::uuid IS NULL OR p.id > ${$after}::uuid)
        ORDER BY p.id LIMIT ${p.add(limit)}`,
      p.values,
    );
    return { rows, next: rows.length === limit ? rows[rows.length - 1].id : null };
  }
}
