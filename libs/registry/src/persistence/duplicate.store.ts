import { Injectable } from '@nestjs/common';
import {
  communityOfPath,
  RegistryEvents,
  streetOfPath,
  type Actor,
  type DuplicateStatus,
  type DuplicateView,
  type Page,
} from '@gz/contracts';
import { Outbox, Params, withinPath, withinScopes, type NewEvent } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { FLAG_COLUMNS, FLAG_FROM, flagView, type FlagRow } from './duplicate.views';
import { readViews, type PageWanted } from './lists';

/** A person just registered, as the duplicate check compares them. */
export interface Registered {
  id: string;
  path: string;
  street_code: string;
  name: string;
  birth_date: string;
  has_id: boolean;
}

/**
 * Likely duplicates: the same name and birth date in the same community, where at least one of
 * the two has no identity number (two identity numbers are unique already). One flag per pair.
 */
@Injectable()
export class DuplicateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Flags the likely duplicates of a person just registered, with their events, in the registration's transaction. */
  async flagLikely(m: EntityManager, actor: Actor, person: Registered): Promise<number> {
    const community = communityOfPath(person.path) ?? person.path;
    const p = new Params();
    const $id = p.add(person.id);
    const $community = p.add(community);
    const rows: Array<{ id: string; person_a: string; person_b: string }> = await m.query(
      `INSERT INTO "registry".duplicate_flag (id, person_a, person_b, community, street_code)
       SELECT gen_random_uuid(), least(${$id}::uuid, o.id), greatest(${$id}::uuid, o.id), ${$community}, ${p.add(person.street_code)}
         FROM "registry".person o
        WHERE o.id <> ${$id} AND o.name = ${p.add(person.name)} AND o.birth_date = ${p.add(person.birth_date)}::date AND o.merged_into IS NULL
          AND ${withinPath('o.path', community, p)}
          AND (NOT ${p.add(person.has_id)}::boolean OR o.id_number_index IS NULL)
       ON CONFLICT (person_a, person_b) DO NOTHING
       RETURNING id, person_a, person_b`,
      p.values,
    );
    await this.outbox.addMany(
      m,
      rows.map((r) => ({
        type: RegistryEvents.duplicateFlagged,
        street: person.street_code,
        actor,
        data: { flagId: r.id, personIds: [r.person_a, r.person_b], community },
      })),
    );
    return rows.length;
  }

  /**
   * The same for a batch of persons just inserted (an import), in one statement; pairs within the
   * batch are flagged once. Answers their events, for the batch's one outbox write.
   */
  async flagBatch(m: EntityManager, actor: Actor, persons: readonly Registered[]): Promise<NewEvent[]> {
    const community = persons.map((p) => communityOfPath(p.path) ?? p.path);
    const flags: Array<{ id: string; person_a: string; person_b: string; community: string }> = await m.query(
      `INSERT INTO "registry".duplicate_flag (id, person_a, person_b, community, street_code)
       SELECT DISTINCT ON (least(t.id, o.id), greatest(t.id, o.id)) gen_random_uuid(), least(t.id, o.id), greatest(t.id, o.id), t.community, t.street
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::boolean[]) AS t(id, community, street, name, birth, has_id)
         JOIN "registry".person o ON o.name = t.name AND o.birth_date = t.birth AND o.id <> t.id AND o.merged_into IS NULL
          AND (o.path = t.community OR starts_with(o.path, t.community || '.'))
          AND (NOT t.has_id OR o.id_number_index IS NULL)
        ORDER BY least(t.id, o.id), greatest(t.id, o.id)
       ON CONFLICT (person_a, person_b) DO NOTHING
       RETURNING id, person_a, person_b, community`,
      [
        persons.map((p) => p.id),
        community,
        persons.map((p) => p.street_code),
        persons.map((p) => p.name),
        persons.map((p) => p.birth_date),
        persons.map((p) => p.has_id),
      ],
    );
    return flags.map((f) => ({
      type: RegistryEvents.duplicateFlagged,
      street: streetOfPath(f.community),
      actor,
      data: { flagId: f.id, personIds: [f.person_a, f.person_b], community: f.community },
    }));
  }

  /** Flags of a status that show to whoever reaches their community or either person (a grid worker sees those of the grid). */
  page(scopes: readonly string[], status: DuplicateStatus, want: PageWanted): Promise<Page<DuplicateView>> {
    const p = new Params();
    const where = [
      `(${withinScopes('f.community', scopes, p)} OR ${withinScopes('a.path', scopes, p)} OR ${withinScopes('b.path', scopes, p)})`,
      `f.status = ${p.add(status)}`,
    ];
    return readViews(
      this.dataSource,
      {
        columns: FLAG_COLUMNS,
        from: `FROM ${FLAG_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'f.flagged_at, f.id',
        params: p.values,
      },
      want,
      flagView,
    );
  }

  async row(m: Pick<EntityManager, 'query'>, id: string): Promise<FlagRow | undefined> {
    const [row]: FlagRow[] = await m.query(`SELECT ${FLAG_COLUMNS} FROM ${FLAG_FROM} WHERE f.id = $1`, [id]);
    return row;
  }

  /** The flag locked for a decision, as read after the lock; undefined when there is none. */
  async lock(m: EntityManager, id: string): Promise<FlagRow | undefined> {
    const [locked]: Array<{ id: string }> = await m.query(
      `SELECT id FROM "registry".duplicate_flag WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return locked ? this.row(m, id) : undefined;
  }

  async resolve(
    m: EntityManager,
    id: string,
    status: 'merged' | 'kept_apart',
    kept: string | null,
    by: string,
  ): Promise<void> {
    await m.query(
      `UPDATE "registry".duplicate_flag SET status = $2, kept_person_id = $3, decided_by = $4, decided_at = now() WHERE id = $1`,
      [id, status, kept, by],
    );
  }
}
