import { Injectable } from '@nestjs/common';
import {
  streetOfPath,
  type Actor,
  type DepartmentRef,
  type PublishResponsibilityRequest,
  type ResponsibilityListView,
} from '@gz/contracts';
import { canReach, forbidden, newId, notFound, requireActor, requireRole, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from './clock';
import type { Rule } from './domain/matching';

interface ListRow {
  id: string;
  street_code: string;
  version: number;
  published_at: Date;
  published_by: string;
}
interface RuleRow {
  id: string;
  category: string;
  org_path: string;
  lead: DepartmentRef;
  co: DepartmentRef[];
}

/** Responsibility lists (责任清单): per street, versioned; the newest version is in force. */
@Injectable()
export class ResponsibilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The list in force for a street: its version and rules (version null: none published). */
  async current(
    m: Pick<EntityManager, 'query'>,
    street: string,
  ): Promise<{ version: number | null; rules: Rule[]; list?: ListRow }> {
    const lists: ListRow[] = await m.query(
      `SELECT * FROM "dispatch".responsibility_list WHERE street_code = $1 ORDER BY version DESC LIMIT 1`,
      [street],
    );
    if (lists.length === 0) return { version: null, rules: [] };
    const rows: RuleRow[] = await m.query(
      `SELECT id, category, org_path, lead, co FROM "dispatch".responsibility_rule WHERE list_id = $1 ORDER BY position`,
      [lists[0].id],
    );
    return {
      version: lists[0].version,
      list: lists[0],
      rules: rows.map((r) => ({ id: r.id, category: r.category, orgPath: r.org_path, lead: r.lead, co: r.co })),
    };
  }

  async get(street: string, actor: Actor | undefined): Promise<ResponsibilityListView> {
    const a = requireActor(actor);
    // The street's own people and the district see it; so do departments (a scope outside every street).
    const reads = a.scopes.some((s) => {
      const token = streetOfPath(s);
      return token === street || token === 'all';
    });
    if (!reads) throw forbidden(`Outside your scope: ${street}`, { street });
    const { list, rules } = await this.current(this.dataSource, street);
    if (!list) throw notFound('Responsibility list', { street });
    return this.view(list, rules);
  }

  private view(list: ListRow, rules: Rule[]): ResponsibilityListView {
    return {
      id: list.id,
      street: list.street_code,
      version: list.version,
      publishedAt: list.published_at.toISOString(),
      publishedBy: list.published_by,
      rules: rules.map((r) => ({ id: r.id, category: r.category, orgPath: r.orgPath, lead: r.lead, co: r.co })),
    };
  }

  /** Publishes a new version of a street's list (street admins of the street, district admins). */
  async publish(req: PublishResponsibilityRequest, actor: Actor | undefined): Promise<ResponsibilityListView> {
    const a = requireRole(actor, 'street_admin', 'district_admin');
    const district = a.scopes.map((s) => s.split('.')[0])[0] ?? 'd01';
    const streetPath = `${district}.${req.street}`;
    if (!canReach(a, streetPath)) throw forbidden(`Outside your scope: ${streetPath}`, { path: streetPath });
    return this.write(this.dataSource, req, streetPath, a.username ?? a.id);
  }

  async write(
    ds: DataSource,
    req: PublishResponsibilityRequest,
    streetPath: string,
    by: string,
  ): Promise<ResponsibilityListView> {
    req.rules.forEach((r, i) => {
      const orgPath = r.orgPath ?? streetPath;
      if (orgPath !== streetPath && !orgPath.startsWith(`${streetPath}.`))
        throw unprocessable(`rules[${i}].orgPath must lie within ${streetPath}`, { field: `rules.${i}.orgPath` });
      const paths = [r.lead.path, ...(r.co ?? []).map((c) => c.path)];
      if (new Set(paths).size !== paths.length)
        throw unprocessable(`rules[${i}] names a department twice`, { field: `rules.${i}` });
    });
    return ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gz-responsibility-${req.street}`]);
      const [{ v }]: Array<{ v: number }> = await m.query(
        `SELECT coalesce(max(version), 0)::int AS v FROM "dispatch".responsibility_list WHERE street_code = $1`,
        [req.street],
      );
      const list: ListRow = {
        id: newId(),
        street_code: req.street,
        version: v + 1,
        published_at: this.clock.now(),
        published_by: by,
      };
      await m.query(
        `INSERT INTO "dispatch".responsibility_list (id, street_code, version, published_at, published_by) VALUES ($1,$2,$3,$4,$5)`,
        [list.id, list.street_code, list.version, list.published_at, list.published_by],
      );
      const rules: Rule[] = req.rules.map((r) => ({
        id: newId(),
        category: r.category,
        orgPath: r.orgPath ?? streetPath,
        lead: { path: r.lead.path, name: r.lead.name },
        co: (r.co ?? []).map((c) => ({ path: c.path, name: c.name })),
      }));
      for (let i = 0; i < rules.length; i += 500) {
        const chunk = rules.slice(i, i + 500);
        const params: unknown[] = [];
        const values = chunk.map((r, j) => {
          params.push(r.id, list.id, i + j, r.category, r.orgPath, JSON.stringify(r.lead), JSON.stringify(r.co));
          const b = j * 7;
          return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7})`;
        });
        await m.query(
          `INSERT INTO "dispatch".responsibility_rule (id, list_id, position, category, org_path, lead, co) VALUES ${values.join(',')}`,
          params,
        );
      }
      return this.view(list, rules);
    });
  }
}
