import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Actor, DefineIndicatorCommand, IndicatorListQuery, IndicatorView } from '@gz/contracts';
import { Clock, conflict, forbidden, requireActor, unprocessable } from '@gz/platform';
import { districtOf, isDistrictAdmin, isStaff } from '../domain/access';
import { BUILTIN_INDICATORS, indicatorProblem, ruleText, type IndicatorDef } from '../domain/indicators';
import { DefinitionsStore, type IndicatorRow } from '../persistence/definitions.store';

function view(r: IndicatorRow): IndicatorView {
  const d = r.definition;
  return {
    code: d.code,
    version: d.version,
    district: d.district,
    name: d.name,
    description: d.description,
    ruleText: ruleText(d),
    unitKinds: d.unitKinds,
    rule: { ...d.rule, denominator: d.rule.denominator ?? null },
    higherIsBetter: d.higherIsBetter,
    decimals: d.decimals,
    unit: d.unit,
    whenDenominatorZero: 'not_applicable',
    days: 'Asia/Shanghai',
    definedAt: new Date(r.defined_at).toISOString(),
  };
}

/** The indicators: built-in ones stored as data at start, a district's own added as versions. */
@Injectable()
export class CatalogueService implements OnApplicationBootstrap {
  private readonly logger = new Logger('EvaluationIndicators');

  constructor(
    private readonly store: DefinitionsStore,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const builtins: IndicatorDef[] = BUILTIN_INDICATORS.map((b) => ({ ...b, version: 1, district: null }));
    const differing = await this.store.ensureBuiltins(builtins, this.clock.now());
    for (const d of differing)
      this.logger.warn(
        `built-in indicator ${d.code} v${d.version} differs from the stored one: give the change a new version`,
      );
  }

  /** Every version a district may use, by code (ascending versions). */
  async versions(district: string): Promise<Map<string, IndicatorDef[]>> {
    const out = new Map<string, IndicatorDef[]>();
    for (const r of await this.store.indicators(district))
      out.set(r.definition.code, [...(out.get(r.definition.code) ?? []), r.definition]);
    return out;
  }

  /** One version (the latest when not given). */
  async resolve(district: string, code: string, version?: number): Promise<IndicatorDef> {
    const list = (await this.versions(district)).get(code) ?? [];
    const found = version === undefined ? list[list.length - 1] : list.find((d) => d.version === version);
    if (!found)
      throw unprocessable(`Unknown indicator ${code}${version ? ` version ${version}` : ''}`, {
        fields: { indicator: ['unknown'] },
      });
    return found;
  }

  async list(q: IndicatorListQuery, actor?: Actor): Promise<IndicatorView[]> {
    const a = requireActor(actor);
    if (!isStaff(a)) throw forbidden('Only staff read the indicators');
    const district = q.district ?? districtOf(a);
    return (await this.store.indicators(district)).map(view);
  }

  async define(cmd: DefineIndicatorCommand, actor?: Actor): Promise<IndicatorView> {
    const a = requireActor(actor);
    if (!isDistrictAdmin(a, cmd.district))
      throw forbidden("This needs the district's admin", { district: cmd.district });
    const def: IndicatorDef = {
      code: cmd.code,
      version: 0,
      district: cmd.district,
      name: cmd.name,
      description: cmd.description,
      unitKinds: [...new Set(cmd.unitKinds)],
      rule: {
        kind: cmd.rule.kind,
        numerator: { ...cmd.rule.numerator },
        denominator: cmd.rule.denominator ? { ...cmd.rule.denominator } : null,
        scale: cmd.rule.scale,
        ...(cmd.rule.percentile ? { percentile: cmd.rule.percentile } : {}),
        ...(cmd.rule.divisor && cmd.rule.divisor !== 1 ? { divisor: cmd.rule.divisor } : {}),
      },
      higherIsBetter: cmd.higherIsBetter,
      decimals: cmd.decimals,
      unit: cmd.unit,
    };
    const problem = indicatorProblem(def);
    if (problem) throw unprocessable(problem, { fields: { rule: [problem] } });
    if (
      (await this.store.indicators(cmd.district)).some(
        (r) => r.definition.code === cmd.code && r.definition.district === null,
      )
    )
      throw conflict(`${cmd.code} is a built-in indicator; choose another code`, { code: cmd.code });
    return view(await this.store.addIndicator(def, a.id, this.clock.now()));
  }
}
