import { Injectable } from '@nestjs/common';
import type { Actor, ChangeView, Page } from '@gz/contracts';
import { newId, Params } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { who } from '../domain/actors';
import type { FieldChange } from '../domain/changes';
import { readViews, type PageWanted } from './lists';
import { changeView } from './views';

/** The field-by-field history of persons: who changed what, when, from what to what. */
@Injectable()
export class PersonChangeStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes the changes of one person in the caller's transaction. */
  async record(
    m: EntityManager,
    person: { id: string; path: string; street_code: string },
    actor: Actor,
    changes: readonly FieldChange[],
  ): Promise<void> {
    if (changes.length === 0) return;
    const w = who(actor);
    const p = new Params();
    const rows = changes.map((c) => {
      const values = [newId(), person.id, person.street_code, person.path, w.id, w.name, w.roles, c.field].map(p.add);
      return `(${values.join(', ')}, ${p.add(JSON.stringify(c.before ?? null))}::jsonb, ${p.add(JSON.stringify(c.after ?? null))}::jsonb)`;
    });
    await m.query(
      `INSERT INTO "registry".person_change (id, person_id, street_code, path, actor_id, actor_name, actor_roles, field, before, after)
       VALUES ${rows.join(', ')}`,
      p.values,
    );
  }

  /** A person's changes, newest first. */
  page(personId: string, want: PageWanted): Promise<Page<ChangeView>> {
    const p = new Params();
    return readViews(
      this.dataSource,
      {
        columns: 'id, person_id, at, actor_id, actor_name, field, before, after',
        from: `FROM "registry".person_change WHERE person_id = ${p.add(personId)}`,
        orderBy: 'at DESC, id DESC',
        params: p.values,
      },
      want,
      changeView,
    );
  }
}
