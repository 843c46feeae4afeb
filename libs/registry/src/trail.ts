import type { Actor } from '@gz/contracts';
import { newId } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { who } from './actors';
import type { FieldChange } from './domain/changes';

/** Writes field-by-field changes of a person (who, when, before, after) in the caller's transaction. */
export async function recordChanges(
  m: EntityManager,
  person: { id: string; path: string; street_code: string },
  actor: Actor,
  changes: readonly FieldChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const w = who(actor);
  const p: unknown[] = [];
  const rows = changes.map((c) => {
    p.push(
      newId(),
      person.id,
      person.street_code,
      person.path,
      w.id,
      w.name,
      w.roles,
      c.field,
      JSON.stringify(c.before ?? null),
      JSON.stringify(c.after ?? null),
    );
    const n = p.length;
    return `($${n - 9}, $${n - 8}, $${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n}::jsonb)`;
  });
  await m.query(
    `INSERT INTO "registry".person_change (id, person_id, street_code, path, actor_id, actor_name, actor_roles, field, before, after)
     VALUES ${rows.join(', ')}`,
    p,
  );
}
