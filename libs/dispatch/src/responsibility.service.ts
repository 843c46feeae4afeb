import { Injectable } from '@nestjs/common';
import {
  streetOfPath,
  type Actor,
  type DepartmentRef,
  type PublishResponsibilityRequest,
  type ResponsibilityImportCommand,
  type ResponsibilityImportReport,
  type ResponsibilityListView,
} from '@gz/contracts';
import { canReach, forbidden, newId, notFound, prepared, requireActor, requireRole, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from './clock';
import type { Rule } from './domain/matching';
import { checkSheet, type ValidRow } from './domain/responsibility-import';

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

/** The report lists at most this many errors (it is one bus message), and says how many more there are. */
export const MAX_REPORTED_ERRORS = 500;

/** Responsibility lists (责任清单): per street, versioned; the newest version is in force. */
@Injectable()
export class ResponsibilityService {
  private readonly published = new Map<string, Rule[]>();

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
      prepared(`SELECT * FROM "dispatch".responsibility_list WHERE street_code = $1 ORDER BY version DESC LIMIT 1`),
      [street],
    );
    if (lists.length === 0) return { version: null, rules: [] };
    return { version: lists[0].version, list: lists[0], rules: await this.rulesOf(m, lists[0].id) };
  }

  /** A published list's rules; a list never changes once published (a change is a new version). */
  private async rulesOf(m: Pick<EntityManager, 'query'>, listId: string): Promise<Rule[]> {
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
    return ds.transaction((m) => this.insert(m, req, streetPath, by));
  }

  /** Writes a new version of a street's list inside the caller's transaction (no checks). */
  private async insert(
    m: EntityManager,
    req: PublishResponsibilityRequest,
    streetPath: string,
    by: string,
  ): Promise<ResponsibilityListView> {
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
  }

  /**
   * Imports a responsibility list sheet (XLSX read by the gateway): every street in the file
   * gets a new version of its list holding exactly the file's rows for it. Any bad row rejects
   * the whole file (422 with the row report) unless mode is valid-rows; a dry run only checks.
   */
  async import(cmd: ResponsibilityImportCommand, actor: Actor | undefined): Promise<ResponsibilityImportReport> {
    const a = requireRole(actor, 'street_admin', 'district_admin');
    const district = a.scopes.map((s) => s.split('.')[0])[0] ?? 'd01';
    const names = await this.knownDepartments();
    const check = checkSheet(cmd.header, cmd.rows, {
      names,
      streetPath: (street) => (canReach(a, `${district}.${street}`) ? `${district}.${street}` : null),
    });
    const byStreet = new Map<string, ValidRow[]>();
    for (const v of check.valid) {
      const rows = byStreet.get(v.street);
      if (rows) rows.push(v);
      else byStreet.set(v.street, [v]);
    }
    const report: ResponsibilityImportReport = {
      dryRun: cmd.dryRun,
      mode: cmd.mode,
      rows: check.rows,
      validRows: check.valid.length,
      imported: 0,
      errors:
        check.errors.length > MAX_REPORTED_ERRORS
          ? [
              ...check.errors.slice(0, MAX_REPORTED_ERRORS),
              { row: 0, reason: `and ${check.errors.length - MAX_REPORTED_ERRORS} more errors` },
            ]
          : check.errors,
      lists: [...byStreet].map(([street, rows]) => ({ street, version: null, rules: rows.length })),
    };
    const rejected =
      check.fatal || check.valid.length === 0 || (cmd.mode === 'all-or-nothing' && check.errors.length > 0);
    if (rejected && !cmd.dryRun)
      throw unprocessable(
        check.fatal || check.valid.length === 0
          ? 'The file holds no valid row: nothing was imported'
          : `${check.errors.length} error(s) in the file: nothing was imported`,
        { report },
      );
    if (cmd.dryRun) return report;
    const by = a.username ?? a.id;
    const lists = await this.dataSource.transaction(async (m) => {
      const out: ResponsibilityListView[] = [];
      for (const [street, rows] of [...byStreet].sort(([x], [y]) => x.localeCompare(y)))
        out.push(await this.insert(m, { street, rules: rows.map((r) => r.rule) }, `${district}.${street}`, by));
      return out;
    });
    return {
      ...report,
      imported: check.valid.length,
      lists: lists.map((l) => ({ street: l.street, version: l.version, rules: l.rules.length })),
    };
  }

  /** Department names in the lists in force, so that a sheet may name a department by path alone. */
  private async knownDepartments(): Promise<Map<string, string>> {
    const rows: Array<{ lead: DepartmentRef; co: DepartmentRef[] }> = await this.dataSource.query(
      `SELECT r.lead, r.co FROM "dispatch".responsibility_rule r
         JOIN (SELECT DISTINCT ON (street_code) id FROM "dispatch".responsibility_list
               ORDER BY street_code, version DESC) l ON l.id = r.list_id`,
    );
    const names = new Map<string, string>();
    for (const r of rows) for (const d of [r.lead, ...r.co]) names.set(d.path, d.name);
    return names;
  }
}
