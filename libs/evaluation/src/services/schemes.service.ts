import { Injectable } from '@nestjs/common';
import type {
  Actor,
  DefineSchemeCommand,
  ReviseSchemeCommand,
  SchemeListCommand,
  SchemeVersionRequest,
  SchemeView,
} from '@gz/contracts';
import { Clock, conflict, forbidden, notFound, requireActor, unprocessable } from '@gz/platform';
import { isDistrictAdmin, isStaff } from '../domain/access';
import type { IndicatorDef } from '../domain/indicators';
import { defaultGrades, schemeProblem, type SchemeDef } from '../domain/scoring';
import { DefinitionsStore, type SchemeRow } from '../persistence/definitions.store';
import { CatalogueService } from './catalogue.service';

/**
 * Scoring schemes per district and unit kind, versioned: a new definition of a code is its next
 * version; a version no scorecard has used may be corrected in place, one in use never changes.
 */
@Injectable()
export class SchemesService {
  constructor(
    private readonly store: DefinitionsStore,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {}

  view(r: SchemeRow, defs: ReadonlyMap<string, IndicatorDef>): SchemeView {
    const s = r.definition;
    return {
      district: s.district,
      code: s.code,
      version: s.version,
      name: s.name,
      unitKind: s.unitKind,
      total: s.total,
      items: s.items.map((i) => ({ ...i, indicatorName: defs.get(i.indicator)?.name ?? i.indicator })),
      vetoes: s.vetoes,
      grades: s.grades,
      inUse: r.in_use,
      definedAt: new Date(r.defined_at).toISOString(),
    };
  }

  /** The indicator versions a scheme uses, by code. */
  async definitionsOf(s: Pick<SchemeDef, 'district' | 'items' | 'vetoes'>): Promise<Map<string, IndicatorDef>> {
    const versions = await this.catalogue.versions(s.district);
    const out = new Map<string, IndicatorDef>();
    for (const i of s.items) {
      const d = versions.get(i.indicator)?.find((v) => v.version === i.indicatorVersion);
      if (d) out.set(i.indicator, d);
    }
    for (const v of s.vetoes) {
      const list = versions.get(v.indicator) ?? [];
      if (!out.has(v.indicator) && list.length > 0) out.set(v.indicator, list[list.length - 1]);
    }
    return out;
  }

  /** The definition a command describes, its indicator versions pinned (the latest where it names none), checked. */
  private async checked(cmd: DefineSchemeCommand, version: number): Promise<SchemeDef> {
    const versions = await this.catalogue.versions(cmd.district);
    const total = cmd.total ?? 100;
    const def: SchemeDef = {
      district: cmd.district,
      code: cmd.code,
      version,
      name: cmd.name,
      unitKind: cmd.unitKind,
      total,
      items: cmd.items.map((i) => {
        const list = versions.get(i.indicator) ?? [];
        return {
          indicator: i.indicator,
          indicatorVersion: i.indicatorVersion ?? list[list.length - 1]?.version ?? 0,
          weight: i.weight,
          points: JSON.parse(JSON.stringify(i.points)),
        };
      }),
      vetoes: (cmd.vetoes ?? []).map((v) => ({ indicator: v.indicator, atLeast: v.atLeast, reason: v.reason })),
      grades: cmd.grades ? cmd.grades.map((g) => ({ grade: g.grade, min: g.min })) : defaultGrades(total),
    };
    const problem = schemeProblem(def, await this.definitionsOf(def));
    if (problem) throw unprocessable(problem.message, { fields: { [problem.field]: [problem.message] } });
    return def;
  }

  async define(cmd: DefineSchemeCommand, actor?: Actor): Promise<SchemeView> {
    const a = requireActor(actor);
    if (!isDistrictAdmin(a, cmd.district))
      throw forbidden("This needs the district's admin", { district: cmd.district });
    const def = await this.checked(cmd, 0);
    const { version: _version, ...rest } = def;
    const row = await this.store.addScheme(rest, a.id, this.clock.now());
    return this.view(row, await this.definitionsOf(row.definition));
  }

  async revise(cmd: ReviseSchemeCommand, actor?: Actor): Promise<SchemeView> {
    const a = requireActor(actor);
    if (!isDistrictAdmin(a, cmd.district))
      throw forbidden("This needs the district's admin", { district: cmd.district });
    const current = await this.store.scheme(cmd.district, cmd.code, cmd.version);
    if (!current) throw notFound('Scheme', { code: cmd.code, version: cmd.version });
    if (current.in_use) throw this.inUse(cmd);
    const def = await this.checked(cmd, cmd.version);
    const row = await this.store.reviseScheme(def, a.id, this.clock.now());
    if (!row) throw this.inUse(cmd); // a scorecard used it meanwhile
    return this.view(row, await this.definitionsOf(row.definition));
  }

  private inUse(cmd: { code: string; version: number }) {
    return conflict(
      `Scheme ${cmd.code} version ${cmd.version} is in use by scorecards and cannot change; define a new version`,
      {
        code: cmd.code,
        version: cmd.version,
      },
    );
  }

  async get(req: SchemeVersionRequest, actor?: Actor): Promise<SchemeView> {
    const a = requireActor(actor);
    if (!isStaff(a)) throw forbidden('Only staff read the schemes');
    const row = await this.store.scheme(req.district, req.code, req.version);
    if (!row) throw notFound('Scheme', { code: req.code, version: req.version });
    return this.view(row, await this.definitionsOf(row.definition));
  }

  async list(q: SchemeListCommand, actor?: Actor): Promise<SchemeView[]> {
    const a = requireActor(actor);
    if (!isStaff(a)) throw forbidden('Only staff read the schemes');
    const rows = await this.store.schemes(q.district, q.unitKind);
    return Promise.all(rows.map(async (r) => this.view(r, await this.definitionsOf(r.definition))));
  }

  /** The scheme a scorecard uses (latest version when not named); 404 when missing. */
  async resolve(district: string, code: string, version?: number): Promise<SchemeRow> {
    const row = await this.store.scheme(district, code, version);
    if (!row) throw notFound('Scheme', { code, version });
    return row;
  }
}
