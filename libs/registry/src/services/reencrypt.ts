import { unprocessable } from '@gz/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { CHANGE_REQUEST_FIELD } from '../domain/change-requests';
import { PiiKeysStore, type PersonPii } from '../persistence/pii-keys.store';
import type { PersonalData } from '../crypto/personal-data';

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

const FIRST = '00000000-0000-0000-0000-000000000000';
const store = new PiiKeysStore();

/** Key ids in use anywhere in the registry, with how many values each seals. */
export function keysInUse(m: Pick<EntityManager, 'query'>): Promise<Record<string, number>> {
  return store.keysInUse(m);
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
  const unknown = Object.keys(await store.keysInUse(ds)).filter((k) => !pii.cipher.hasKey(k));
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
  let rewritten = 0;
  for (let after = FIRST; ;) {
    const done = await ds.transaction(async (m) => {
      const rows = await store.lockPersons(m, after, batch, o.reindex ? 'everyone' : { current });
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
        const owner = await store.holdersOf(m, changed);
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
      if (dirty.length > 0) rewritten += await store.rewritePersons(m, dirty);
      return false;
    });
    if (done) break;
    o.onProgress?.({ persons: summary.personsScanned, rewritten });
  }

  // pending and decided change requests keep the requested values sealed
  for (let after = FIRST; ;) {
    const done = await ds.transaction(async (m) => {
      const rows = await store.lockRequests(m, after, batch, current);
      if (rows.length === 0) return true;
      after = rows[rows.length - 1].id;
      const sealed = rows.map((r) =>
        pii.cipher.seal(
          pii.cipher.open({ cipher: r.values_cipher, keyId: r.values_key_id }, CHANGE_REQUEST_FIELD, r.id),
          CHANGE_REQUEST_FIELD,
          r.id,
        ),
      );
      await store.rewriteRequests(
        m,
        rows.map((r) => r.id),
        sealed.map((s) => s.cipher),
        current,
      );
      summary.changeRequests += rows.length;
      return false;
    });
    if (done) break;
  }
  summary.remaining = Object.fromEntries(Object.entries(await store.keysInUse(ds)).filter(([k]) => k !== current));
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
