import {
  RegistryEvents,
  SENSITIVE_FIELD_CHOICES,
  type Actor,
  type Role,
  type UpdatePersonCommand,
} from '@gz/contracts';
import { newId, type Outbox } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { who } from './actors';
import { hasAnyRole } from './domain/access';
import type { FieldChange } from './domain/changes';
import type { PersonalData } from './personal-data';

/** Roles that change sensitive fields directly and decide the change requests of others. */
export const CHANGE_APPROVERS: readonly Role[] = ['community_secretary', 'street_admin', 'district_admin'];

export interface PendingChange {
  id: string;
  sensitiveFields: string[];
}

/** A caller without an approver role (a grid worker) needs approval for sensitive fields. */
export function needsApproval(actor: Pick<Actor, 'roles'>): boolean {
  return !hasAnyRole(actor, CHANGE_APPROVERS);
}

/** The district code of an org path (`d01.s01.c01.g01` → `d01`). */
export function districtOf(path: string): string {
  return path.split('.')[0];
}

export async function sensitiveFieldsOf(m: Pick<EntityManager, 'query'>, district: string): Promise<string[]> {
  const rows: Array<{ field: string }> = await m.query(
    `SELECT field FROM "registry".sensitive_field WHERE district = $1 ORDER BY field`,
    [district],
  );
  return rows.map((r) => r.field);
}

/** The associated data the requested values are sealed under (bound to the request row). */
export const CHANGE_REQUEST_FIELD = 'changeRequest';

/**
 * Keeps a change as a pending request instead of applying it: the requested values sealed
 * (they may hold an identity number or phone), the changes as a masked preview.
 */
export async function holdChange(
  m: EntityManager,
  pii: PersonalData,
  outbox: Outbox,
  a: Actor,
  person: { id: string; path: string; street_code: string; version: number },
  cmd: UpdatePersonCommand,
  changes: readonly FieldChange[],
  sensitiveFields: string[],
): Promise<PendingChange> {
  const id = newId();
  const values: Record<string, unknown> = {};
  for (const field of SENSITIVE_FIELD_CHOICES) if (cmd[field] !== undefined) values[field] = cmd[field];
  const sealed = pii.cipher.seal(JSON.stringify(values), CHANGE_REQUEST_FIELD, id);
  const w = who(a);
  await m.query(
    `INSERT INTO "registry".change_request (id, person_id, street_code, path, fields, preview, values_cipher, values_key_id, person_version,
       requested_by, requested_by_name)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)`,
    [
      id,
      person.id,
      person.street_code,
      person.path,
      sensitiveFields,
      JSON.stringify(changes),
      sealed.cipher,
      sealed.keyId,
      person.version,
      w.id,
      w.name,
    ],
  );
  await outbox.add(m, {
    type: RegistryEvents.changeRequested,
    street: person.street_code,
    actor: a,
    data: {
      requestId: id,
      personId: person.id,
      path: person.path,
      fields: changes.map((c) => c.field),
      sensitiveFields,
    },
  });
  return { id, sensitiveFields };
}
