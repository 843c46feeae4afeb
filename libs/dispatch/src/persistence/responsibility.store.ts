import { Injectable } from '@nestjs/common';
import type { DepartmentRef } from '@gz/contracts';
import { newId, Params, prepared } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { Rule } from '../domain/matching';
import type { ListRow, RuleRow } from './views';

type Queryable = Pick<EntityManager, 'query'>;

/** Rules per insert statement (seven parameters each). */
const RULES_PER_STATEMENT = 500;

/** Responsibility lists (责任清单): per street, versioned; a list never changes once published (a change is a new version). */
@Injectable()
export class ResponsibilityStore {
  private readonly published = new Map<string, Rule[]>();

  constructor(private readonly dataSource: DataSource) {}

  /** The list in force for a street: its version and rules (version null: none published). */
  async current(m: Queryable, street: string): Promise<{ version: number | null; rules: Rule[]; list?: ListRow }> {
    const lists: ListRow[] = await m.query(
      prepared(`SELECT * FROM "dispatch".responsibility_list WHERE street_code = $1 ORDER BY version DESC LIMIT 1`),
      [street],
    );
    if (lists.length === 0) return { version: null, rules: [] };
    return { version: lists[0].version, list: lists[0], rules: await this.rulesOf(m, lists[0].id) };
  }

  /** A published list's rules, read once: a list never changes. */
  private async rulesOf(m: Queryable, listId: string): Promise<Rule[]> {
    const cached = this.published.get(listId);
    if (cached) return cached;
    const rows: RuleRow[] = await m.query(
      `SELECT id, category, org_path, lead, co FROM "dispatch".responsibility_rule WHERE list_id = $1 ORDER BY position`,
      [listId],
    );
    const rules = rows.map((r) => ({ id: r.id, category: r.category, orgPath: r.org_path, lead: r.lead, co: r.co }));
    // A few lists per street are in use at a time; an old version is dropped when the map is full.
    if (this.published.size >= 256) this.published.delete(this.published.keys().next().value as string);
    this.published.set(listId, rules);
    return rules;
  }

  /** Department names in the lists in force, by path. */
  async departmentNames(): Promise<Map<string, string>> {
    const rows: Array<{ lead: DepartmentRef; co: DepartmentRef[] }> = await this.dataSource.query(
      `SELECT r.lead, r.co FROM "dispatch".responsibility_rule r
         JOIN (SELECT DISTINCT ON (street_code) id FROM "dispatch".responsibility_list
               ORDER BY street_code, version DESC) l ON l.id = r.list_id`,
    );
    const names = new Map<string, string>();
    for (const r of rows) for (const d of [r.lead, ...r.co]) names.set(d.path, d.name);
    return names;
  }

  /** True when the street has a list (for the demo seed: a lock keeps two seeds from asking at once). */
  async hasList(street: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-dispatch-seed']);
      const [{ any }]: Array<{ any: boolean }> = await m.query(
        `SELECT EXISTS (SELECT 1 FROM "dispatch".responsibility_list WHERE street_code = $1) AS any`,
        [street],
      );
      return any;
    });
  }

  /**
   * Writes the street's next version with these rules, in the caller's transaction; publishers of
   * one street wait for each other, so versions never collide.
   */
  async insert(m: EntityManager, street: string, rules: readonly Rule[], by: string, now: Date): Promise<ListRow> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gz-responsibility-${street}`]);
    const [{ v }]: Array<{ v: number }> = await m.query(
      `SELECT coalesce(max(version), 0)::int AS v FROM "dispatch".responsibility_list WHERE street_code = $1`,
      [street],
    );
    const list: ListRow = { id: newId(), street_code: street, version: v + 1, published_at: now, published_by: by };
    await m.query(
      `INSERT INTO "dispatch".responsibility_list (id, street_code, version, published_at, published_by) VALUES ($1,$2,$3,$4,$5)`,
      [list.id, list.street_code, list.version, list.published_at, list.published_by],
    );
    for (let i = 0; i < rules.length; i += RULES_PER_STATEMENT) {
      const p = new Params();
      const values = rules
        .slice(i, i + RULES_PER_STATEMENT)
        .map(
          (r, j) =>
            `(${[r.id, list.id, i + j, r.category, r.orgPath, JSON.stringify(r.lead), JSON.stringify(r.co)].map(p.add).join(',')})`,
        );
      await m.query(
        `INSERT INTO "dispatch".responsibility_rule (id, list_id, position, category, org_path, lead, co) VALUES ${values.join(',')}`,
        p.values,
      );
    }
    return list;
  }
}
