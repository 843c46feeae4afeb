import { Injectable } from '@nestjs/common';
import type { Gender, Page, PersonView, Relation, ResidenceType } from '@gz/contracts';
import { likeContaining, Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { FieldChange } from '../domain/changes';
import { readViews, type PageWanted } from './lists';
import { PERSON_COLUMNS, PERSON_FROM, personView, type PersonRow } from './views';

/** The stored form of one personal-data field: sealed, blind-indexed and masked (all null when the field is empty). */
export interface StoredPii {
  cipher: string | null;
  keyId: string | null;
  index: string | null;
  masked: string | null;
}

export const EMPTY_PII: StoredPii = { cipher: null, keyId: null, index: null, masked: null };

/** A person row as locked for a change (with the encrypted fields). */
export interface PersonLock {
  id: string;
  path: string;
  street_code: string;
  name: string;
  gender: Gender;
  birth_date: string;
  ethnicity: string;
  id_number_cipher: string | null;
  id_number_key_id: string | null;
  id_number_masked: string | null;
  phone_cipher: string | null;
  phone_key_id: string | null;
  phone_masked: string | null;
  residence_type: ResidenceType;
  employer: string | null;
  tags: string[];
  household_id: string | null;
  relation: Relation | null;
  present: boolean;
  version: number;
}

/** What a reveal reads: the place and the sealed personal data. */
export type SealedPerson = Pick<
  PersonLock,
  'id' | 'path' | 'street_code' | 'id_number_cipher' | 'id_number_key_id' | 'phone_cipher' | 'phone_key_id'
>;

export interface NewPerson {
  id: string;
  street: string;
  path: string;
  name: string;
  gender: Gender;
  birthDate: string;
  ethnicity: string;
  idNumber: StoredPii;
  phone: StoredPii;
  residenceType: ResidenceType;
  employer: string | null;
  tags: string[];
  householdId: string | null;
  relation: Relation | null;
  createdBy: string;
}

/** The person search, with exact personal data already turned into blind indexes. */
export interface PersonFilter {
  idNumberIndex?: string;
  phoneIndex?: string;
  /** part of the name, trimmed */
  name?: string;
  /** part of the address, trimmed */
  address?: string;
  tag?: string;
  residenceType?: ResidenceType;
  householdId?: string;
  includeMovedOut: boolean;
}

/** Where a person lives, as a move or a merge sets it. */
export interface PersonPlace {
  household_id: string | null;
  relation: Relation | null;
  path: string;
  street_code: string;
  present: boolean;
}

/** Columns of the plain fields a person change may set. */
const COLUMNS: Record<string, string> = {
  name: 'name',
  gender: 'gender',
  birthDate: 'birth_date',
  ethnicity: 'ethnicity',
  residenceType: 'residence_type',
  employer: 'employer',
  relation: 'relation',
};

const NO_PERSON = '00000000-0000-0000-0000-000000000000';

/** Persons: the one place their SQL is written. */
@Injectable()
export class PersonStore {
  constructor(private readonly dataSource: DataSource) {}

  async lock(m: EntityManager, id: string): Promise<PersonLock | undefined> {
    const [row]: PersonLock[] = await m.query(
      `SELECT id, path, street_code, name, gender, birth_date::text AS birth_date, ethnicity,
              id_number_cipher, id_number_key_id, id_number_masked, phone_cipher, phone_key_id, phone_masked,
              residence_type, employer, tags, household_id, relation, present, version
         FROM "registry".person WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  async view(id: string): Promise<PersonView | undefined> {
    const [row]: PersonRow[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE p.id = $1`,
      [id],
    );
    return row ? personView(row) : undefined;
  }

  /** Where the person lives (for a scope check), undefined when there is no such person. */
  async placeOf(id: string): Promise<{ path: string } | undefined> {
    const [row]: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path FROM "registry".person WHERE id = $1`,
      [id],
    );
    return row;
  }

  async sealed(id: string): Promise<SealedPerson | undefined> {
    const [row]: SealedPerson[] = await this.dataSource.query(
      `SELECT id, path, street_code, id_number_cipher, id_number_key_id, phone_cipher, phone_key_id FROM "registry".person WHERE id = $1`,
      [id],
    );
    return row;
  }

  async exists(m: EntityManager, id: string): Promise<boolean> {
    const rows: Array<{ id: string }> = await m.query(`SELECT id FROM "registry".person WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Whether another person (than `except`) holds this blind index of an identity number. */
  async idNumberTaken(
    index: string,
    except?: string,
    m: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<boolean> {
    const [{ taken }]: Array<{ taken: boolean }> = await m.query(
      `SELECT EXISTS (SELECT 1 FROM "registry".person WHERE id_number_index = $1 AND id <> $2) AS taken`,
      [index, except ?? NO_PERSON],
    );
    return taken;
  }

  async insert(m: EntityManager, p: NewPerson): Promise<void> {
    await m.query(
      `INSERT INTO "registry".person (id, street_code, path, name, gender, birth_date, ethnicity,
         id_number_cipher, id_number_key_id, id_number_index, id_number_masked,
         phone_cipher, phone_key_id, phone_index, phone_masked,
         residence_type, employer, tags, household_id, relation, present, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, true, $21)`,
      [
        p.id,
        p.street,
        p.path,
        p.name,
        p.gender,
        p.birthDate,
        p.ethnicity,
        p.idNumber.cipher,
        p.idNumber.keyId,
        p.idNumber.index,
        p.idNumber.masked,
        p.phone.cipher,
        p.phone.keyId,
        p.phone.index,
        p.phone.masked,
        p.residenceType,
        p.employer,
        p.tags,
        p.householdId,
        p.relation,
        p.createdBy,
      ],
    );
  }

  /** Writes the changed plain fields and personal data (sealed anew), with a new version. */
  async update(
    m: EntityManager,
    id: string,
    changes: readonly FieldChange[],
    pii: { idNumber?: StoredPii; phone?: StoredPii },
  ): Promise<void> {
    const p = new Params([id]);
    const sets: string[] = [];
    const set = (column: string, value: unknown) => sets.push(`${column} = ${p.add(value)}`);
    for (const c of changes) if (COLUMNS[c.field]) set(COLUMNS[c.field], c.after);
    for (const [prefix, stored] of [
      ['id_number', pii.idNumber],
      ['phone', pii.phone],
    ] as const) {
      if (!stored) continue;
      set(`${prefix}_cipher`, stored.cipher);
      set(`${prefix}_key_id`, stored.keyId);
      set(`${prefix}_index`, stored.index);
      set(`${prefix}_masked`, stored.masked);
    }
    await m.query(
      `UPDATE "registry".person SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
      p.values,
    );
  }

  async setTags(m: EntityManager, id: string, tags: readonly string[]): Promise<void> {
    await m.query(`UPDATE "registry".person SET tags = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
      tags,
    ]);
  }

  /** The person now lives in the household (present again). */
  async moveInto(
    m: EntityManager,
    id: string,
    household: { id: string; path: string; street_code: string },
    relation: Relation,
  ): Promise<void> {
    await m.query(
      `UPDATE "registry".person SET household_id = $2, relation = $3, path = $4, street_code = $5, present = true,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id, household.id, relation, household.path, household.street_code],
    );
  }

  /** The person moved out and lives in no household of the registry. */
  async moveOut(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE "registry".person SET household_id = NULL, relation = NULL, present = false, version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The kept person of a merge: the tags of both and the place it keeps. */
  async keepMerged(m: EntityManager, id: string, tags: readonly string[], place: PersonPlace): Promise<void> {
    await m.query(
      `UPDATE "registry".person SET tags = $2, household_id = $3, relation = $4, path = $5, street_code = $6, present = $7,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id, tags, place.household_id, place.relation, place.path, place.street_code, place.present],
    );
  }

  /** The other person of a merge: merged into the kept one, living nowhere. */
  async markMerged(m: EntityManager, id: string, into: string): Promise<void> {
    await m.query(
      `UPDATE "registry".person SET merged_into = $2, household_id = NULL, relation = NULL, present = false, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, into],
    );
  }

  /** Persons within `scopes` matching the filter, by name. */
  search(scopes: readonly string[], filter: PersonFilter, want: PageWanted): Promise<Page<PersonView>> {
    const p = new Params();
    const where = [withinScopes('p.path', scopes, p)];
    if (filter.idNumberIndex) where.push(`p.id_number_index = ${p.add(filter.idNumberIndex)}`);
    if (filter.phoneIndex) where.push(`p.phone_index = ${p.add(filter.phoneIndex)}`);
    if (filter.name !== undefined) {
      where.push(`p.name LIKE ${p.add(likeContaining(filter.name))}`);
      // Two characters have no trigram: the pair index finds them (see the name-bigrams migration).
      if ([...filter.name].length === 2)
        where.push(`"registry".name_bigrams(p.name) @> ARRAY[${p.add(filter.name)}]::text[]`);
    }
    if (filter.address !== undefined) where.push(`b.address LIKE ${p.add(likeContaining(filter.address))}`);
    if (filter.tag) where.push(`p.tags @> ARRAY[${p.add(filter.tag)}]::text[]`);
    if (filter.residenceType) where.push(`p.residence_type = ${p.add(filter.residenceType)}`);
    if (filter.householdId) where.push(`p.household_id = ${p.add(filter.householdId)}`);
    if (!filter.includeMovedOut) where.push('p.present');
    return readViews(
      this.dataSource,
      {
        columns: PERSON_COLUMNS,
        from: `FROM ${PERSON_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'p.name, p.id',
        params: p.values,
      },
      want,
      personView,
    );
  }
}
