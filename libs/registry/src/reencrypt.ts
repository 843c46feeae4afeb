import { unprocessable, updateReturning } from '@gz/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { CHANGE_REQUEST_FIELD } from './change-requests';
import { openRegistrySchema, personalDataFromEnv } from './import-cli';
import { PersonalData } from './personal-data';

export interface ReencryptOptions {
  /** rows per transaction (default 1000) */
  batchSize?: number;
  /** also recompute every blind index under the current PII_INDEX_KEY (after changing it) */
  reindex?: boolean;
  onProgress?: (p: ReencryptProgress) => void;
}

export interface ReencryptProgress {
  /** persons looked at so far, and of those rewritten */
  persons: number;
  rewritten: number;
}

export interface ReencryptSummary {
  currentKeyId: string;
  /** persons looked at (those under an older key, or every person with personal data when re-indexing) */
  personsScanned: number;
  /** values sealed again under the current key */
  idNumbers: number;
  phones: number;
  changeRequests: number;
  /** blind indexes that changed (only when re-indexing) */
  indexes: number;
  /** persons whose identity number, indexed under the new key, is already another person's: left for a reviewer */
  conflicts: string[];
  /** values still under another key after the run, by key id (written meanwhile by an instance with the old key) */
  remaining: Record<string, number>;
}

interface PersonPii {
  id: string;
  id_number_cipher: string | null;
  id_number_key_id: string | null;
  id_number_index: string | null;
  phone_cipher: string | null;
  phone_key_id: string | null;
  phone_index: string | null;
}

/** Key ids in use anywhere in the registry, with how many values each seals. */
export async function keysInUse(m: Pick<EntityManager, 'query'>): Promise<Record<string, number>> {
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
 * After a key rotation (PII_KEY_ID / PII_ENCRYPTION_KEY new, the old key in PII_PREVIOUS_KEYS),
 * seals every identity number, phone and change request still under another key again under the
 * current one, so the old key can be dropped. Batches of `batchSize` rows, each its own
 * transaction with the rows locked (a concurrent change waits, none is lost); resumable and
 * idempotent: what is done is under the current key and is not looked at again. Person versions
 * and trails are left alone: the values do not change, only their sealing.
 *
 * With `reindex`, every person's blind indexes are recomputed under the current PII_INDEX_KEY
 * (the index carries no key id, so every row is read; only changed ones are written). Until it
 * has finished, exact search misses the rows not yet re-indexed: change PII_INDEX_KEY in a quiet
 * hour. A person whose identity number is, under the new key, already another person's (both
 * registered during that window) keeps the old index and is reported in `conflicts`.
 */
export async function reencryptRegistry(
  ds: DataSource,
  pii: PersonalData,
  o: ReencryptOptions = {},
): Promise<ReencryptSummary> {
  const batch = o.batchSize ?? 1000;
  const current = pii.cipher.currentKeyId;
  const unknown = Object.keys(await keysInUse(ds)).filter((k) => !pii.cipher.hasKey(k));
  if (unknown.length > 0) {
    throw unprocessable(
      `values are sealed under ${unknown.join(', ')}, not configured: add ${unknown.length > 1 ? 'them' : 'it'} to PII_PREVIOUS_KEYS`,
      { keyIds: unknown },
    );
  }
  const summary: ReencryptSummary = {
    currentKeyId: current,
    personsScanned: 0,
    idNumbers: 0,
    phones: 0,
    changeRequests: 0,
    indexes: 0,
    conflicts: [],
    remaining: {},
  };
  const filter = o.reindex
    ? `(id_number_cipher IS NOT NULL OR phone_cipher IS NOT NULL)`
    : `(id_number_key_id <> $3 OR phone_key_id <> $3)`;
  let rewritten = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const done = await ds.transaction(async (m) => {
      const rows: PersonPii[] = await m.query(
        `SELECT id, id_number_cipher, id_number_key_id, id_number_index, phone_cipher, phone_key_id, phone_index
           FROM "registry".person WHERE id > $1 AND ${filter} ORDER BY id LIMIT $2 FOR UPDATE`,
        o.reindex ? [after, batch] : [after, batch, current],
      );
      if (rows.length === 0) return true;
      after = rows[rows.length - 1].id;
      summary.personsScanned += rows.length;
      const next = rows.map((r) => ({ ...r }));
      for (const r of next) {
        const id = reseal(pii, 'idNumber', r, current, o.reindex === true);
        const phone = reseal(pii, 'phone', r, current, o.reindex === true);
        summary.idNumbers += id.resealed ? 1 : 0;
        summary.phones += phone.resealed ? 1 : 0;
      }
      if (o.reindex) {
        // an identity number indexed under the new key may already be another person's
        const changed = next
          .filter((r, i) => r.id_number_index !== rows[i].id_number_index)
          .map((r) => r.id_number_index as string);
        const taken: Array<{ id: string; i: string }> = await m.query(
          `SELECT id, id_number_index AS i FROM "registry".person WHERE id_number_index = ANY($1::text[])`,
          [changed],
        );
        const owner = new Map(taken.map((t) => [t.i, t.id]));
        next.forEach((r, i) => {
          const other = r.id_number_index ? owner.get(r.id_number_index) : undefined;
          if (other && other !== r.id && r.id_number_index !== rows[i].id_number_index) {
            summary.conflicts.push(r.id);
            r.id_number_index = rows[i].id_number_index;
          }
        });
        summary.indexes += next.filter((r, i) => r.id_number_index !== rows[i].id_number_index).length;
        summary.indexes += next.filter((r, i) => r.phone_index !== rows[i].phone_index).length;
      }
      const dirty = next.filter((r, i) => JSON.stringify(r) !== JSON.stringify(rows[i]));
      if (dirty.length > 0) {
        // by primary key; each row's new values picked by its position in the arrays
        const col = (n: number) => `($${n}::text[])[array_position($1::uuid[], p.id)]`;
        const updated = await updateReturning<{ id: string }>(
          m,
          `UPDATE "registry".person p SET id_number_cipher = ${col(2)}, id_number_key_id = ${col(3)}, id_number_index = ${col(4)},
                  phone_cipher = ${col(5)}, phone_key_id = ${col(6)}, phone_index = ${col(7)}
            WHERE p.id = ANY($1::uuid[]) RETURNING p.id`,
          [
            dirty.map((r) => r.id),
            dirty.map((r) => r.id_number_cipher),
            dirty.map((r) => r.id_number_key_id),
            dirty.map((r) => r.id_number_index),
            dirty.map((r) => r.phone_cipher),
            dirty.map((r) => r.phone_key_id),
            dirty.map((r) => r.phone_index),
          ],
        );
        rewritten += updated.length;
      }
      return false;
    });
    if (done) break;
    o.onProgress?.({ persons: summary.personsScanned, rewritten });
  }

  // pending and decided change requests keep the requested values sealed
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const done = await ds.transaction(async (m) => {
      const rows: Array<{ id: string; values_cipher: string; values_key_id: string }> = await m.query(
        `SELECT id, values_cipher, values_key_id FROM "registry".change_request WHERE id > $1 AND values_key_id <> $3 ORDER BY id LIMIT $2 FOR UPDATE`,
        [after, batch, current],
      );
      if (rows.length === 0) return true;
      after = rows[rows.length - 1].id;
      const sealed = rows.map((r) =>
        pii.cipher.seal(
          pii.cipher.open({ cipher: r.values_cipher, keyId: r.values_key_id }, CHANGE_REQUEST_FIELD, r.id),
          CHANGE_REQUEST_FIELD,
          r.id,
        ),
      );
      await m.query(
        `UPDATE "registry".change_request c SET values_cipher = ($2::text[])[array_position($1::uuid[], c.id)], values_key_id = $3 WHERE c.id = ANY($1::uuid[])`,
        [rows.map((r) => r.id), sealed.map((s) => s.cipher), current],
      );
      summary.changeRequests += rows.length;
      return false;
    });
    if (done) break;
  }
  summary.remaining = Object.fromEntries(Object.entries(await keysInUse(ds)).filter(([k]) => k !== current));
  return summary;
}

/** Seals one field of `r` again under the current key when it is under another, and (re-indexing) recomputes its index; in place. */
function reseal(
  pii: PersonalData,
  field: 'idNumber' | 'phone',
  r: PersonPii,
  current: string,
  reindex: boolean,
): { resealed: boolean } {
  const prefix = field === 'idNumber' ? 'id_number' : 'phone';
  const cipher = r[`${prefix}_cipher`];
  const keyId = r[`${prefix}_key_id`];
  if (!cipher || !keyId) return { resealed: false };
  const stale = keyId !== current;
  if (!stale && !reindex) return { resealed: false };
  const value = pii.open(field, cipher, keyId, r.id) as string;
  if (stale) {
    const sealed = pii.cipher.seal(value, field, r.id);
    r[`${prefix}_cipher`] = sealed.cipher;
    r[`${prefix}_key_id`] = sealed.keyId;
  }
  if (reindex) r[`${prefix}_index`] = field === 'idNumber' ? pii.idNumberIndex(value) : pii.phoneIndex(value);
  return { resealed: stale };
}

/** `gz reencrypt-registry`: the same on DATABASE_URL, with the keys from the environment (PII_*). */
export async function reencryptRegistryAt(
  url: string,
  env: NodeJS.ProcessEnv,
  o: ReencryptOptions = {},
): Promise<ReencryptSummary> {
  const pii = personalDataFromEnv(env);
  const ds = await openRegistrySchema(url, 2);
  try {
    return await reencryptRegistry(ds, pii, o);
  } finally {
    await ds.destroy();
  }
}
