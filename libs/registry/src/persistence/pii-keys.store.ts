import { Params, updateReturning } from '@gz/platform';
import type { EntityManager } from 'typeorm';

/** A person's sealed personal data and blind indexes, as re-encryption reads and rewrites them. */
export interface PersonPii {
  id: string;
  id_number_cipher: string | null;
  id_number_key_id: string | null;
  id_number_index: string | null;
  phone_cipher: string | null;
  phone_key_id: string | null;
  phone_index: string | null;
}

/** A change request's sealed values. */
export interface SealedRequest {
  id: string;
  values_cipher: string;
  values_key_id: string;
}

/** The sealed values of the registry by key: what a key rotation reads and rewrites, batch by batch. */
export class PiiKeysStore {
  /** Key ids in use anywhere in the registry, with how many values each seals. */
  async keysInUse(m: Pick<EntityManager, 'query'>): Promise<Record<string, number>> {
    const rows: Array<{ k: string; n: number }> = await m.query(
      `SELECT k, count(*)::int AS n FROM (
         SELECT id_number_key_id AS k FROM "registry".person WHERE id_number_key_id IS NOT NULL
         UNION ALL SELECT phone_key_id FROM "registry".person WHERE phone_key_id IS NOT NULL
         UNION ALL SELECT values_key_id FROM "registry".change_request) x
       GROUP BY k ORDER BY k`,
    );
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  }

  /**
   * The next persons after `after` (id order), locked: those with a value under another key than
   * `current`, or (`everyone`) every person with personal data.
   */
  async lockPersons(
    m: EntityManager,
    after: string,
    limit: number,
    which: { current: string } | 'everyone',
  ): Promise<PersonPii[]> {
    const filter =
      which === 'everyone'
        ? `(id_number_cipher IS NOT NULL OR phone_cipher IS NOT NULL)`
        : `(id_number_key_id <> $3 OR phone_key_id <> $3)`;
    return m.query(
      `SELECT id, id_number_cipher, id_number_key_id, id_number_index, phone_cipher, phone_key_id, phone_index
         FROM "registry".person WHERE id > $1 AND ${filter} ORDER BY id LIMIT $2 FOR UPDATE`,
      which === 'everyone' ? [after, limit] : [after, limit, which.current],
    );
  }

  /** Who holds each of these blind indexes of identity numbers. */
  async holdersOf(m: EntityManager, indexes: readonly string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; i: string }> = await m.query(
      `SELECT id, id_number_index AS i FROM "registry".person WHERE id_number_index = ANY($1::text[])`,
      [indexes],
    );
    return new Map(rows.map((t) => [t.i, t.id]));
  }

  /** Writes the persons' sealed values and indexes, by primary key; answers how many rows changed. */
  async rewritePersons(m: EntityManager, rows: readonly PersonPii[]): Promise<number> {
    // each row's new values picked by its position in the arrays
    const p = new Params();
    const $ids = p.add(rows.map((r) => r.id));
    const col = (values: Array<string | null>) => `(${p.add(values)}::text[])[array_position(${$ids}::uuid[], p.id)]`;
    const updated = await updateReturning<{ id: string }>(
      m,
      `UPDATE "registry".person p SET id_number_cipher = ${col(rows.map((r) => r.id_number_cipher))},
              id_number_key_id = ${col(rows.map((r) => r.id_number_key_id))},
              id_number_index = ${col(rows.map((r) => r.id_number_index))},
              phone_cipher = ${col(rows.map((r) => r.phone_cipher))},
              phone_key_id = ${col(rows.map((r) => r.phone_key_id))},
              phone_index = ${col(rows.map((r) => r.phone_index))}
        WHERE p.id = ANY(${$ids}::uuid[]) RETURNING p.id`,
      p.values,
    );
    return updated.length;
  }

  /** The next change requests after `after` (id order) sealed under another key than `current`, locked. */
  async lockRequests(m: EntityManager, after: string, limit: number, current: string): Promise<SealedRequest[]> {
    return m.query(
      `SELECT id, values_cipher, values_key_id FROM "registry".change_request WHERE id > $1 AND values_key_id <> $3 ORDER BY id LIMIT $2 FOR UPDATE`,
      [after, limit, current],
    );
  }

  async rewriteRequests(
    m: EntityManager,
    ids: readonly string[],
    ciphers: readonly string[],
    keyId: string,
  ): Promise<void> {
    await m.query(
      `UPDATE "registry".change_request c SET values_cipher = ($2::text[])[array_position($1::uuid[], c.id)], values_key_id = $3 WHERE c.id = ANY($1::uuid[])`,
      [ids, ciphers, keyId],
    );
  }
}
