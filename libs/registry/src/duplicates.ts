import { RegistryLifeEvents, type Actor } from '@gz/contracts';
import type { Outbox } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { escapeLike } from './domain/access';
import { communityOf } from './domain/life-events';

/**
 * Flags likely duplicates of a person just registered: the same name and birth date in the same
 * community, where at least one of the two has no identity number (two identity numbers are
 * unique already). One flag per pair; in the registration's transaction.
 */
export async function flagLikelyDuplicates(
  m: EntityManager,
  outbox: Outbox,
  actor: Actor,
  person: { id: string; path: string; street: string; name: string; birthDate: string; hasIdNumber: boolean },
): Promise<number> {
  const community = communityOf(person.path);
  const rows: Array<{ id: string; person_a: string; person_b: string }> = await m.query(
    `INSERT INTO "registry".duplicate_flag (id, person_a, person_b, community, street_code)
     SELECT gen_random_uuid(), least($1::uuid, o.id), greatest($1::uuid, o.id), $2, $3
       FROM "registry".person o
      WHERE o.id <> $1 AND o.name = $4 AND o.birth_date = $5::date AND o.merged_into IS NULL
        AND (o.path = $2 OR o.path LIKE $6)
        AND (NOT $7::boolean OR o.id_number_index IS NULL)
     ON CONFLICT (person_a, person_b) DO NOTHING
     RETURNING id, person_a, person_b`,
    [
      person.id,
      community,
      person.street,
      person.name,
      person.birthDate,
      `${escapeLike(community)}.%`,
      person.hasIdNumber,
    ],
  );
  await outbox.addMany(
    m,
    rows.map((r) => ({
      type: RegistryLifeEvents.duplicateFlagged,
      street: person.street,
      actor,
      data: { flagId: r.id, personIds: [r.person_a, r.person_b], community },
    })),
  );
  return rows.length;
}
