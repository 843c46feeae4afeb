import { Injectable, Logger } from '@nestjs/common';
import type {
  Actor,
  IndicatorFigureView,
  IndicatorValueCommand,
  OrgKind,
  RankingCommand,
  RankingView,
  ScorecardCommand,
  ScorecardLine,
  ScorecardView,
  TrendCommand,
  TrendView,
  UnitKind,
} from '@gz/contracts';
import { DomainError, forbidden, OrgUnits, requireActor, unprocessable, type OrgUnitRef } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { mayRank, mayRead } from '../domain/access';
import { monthsFrom, parsePeriod, type Period } from '../domain/days';
import { shown } from '../domain/fraction';
import { figureOf, nearestRank, type Figure, type IndicatorDef } from '../domain/indicators';
import { rank, topAndBottom } from '../domain/ranking';
import { definitionsHash, scoreCard, type Card, type CardLine, type SchemeDef } from '../domain/scoring';
import { DefinitionsStore } from '../persistence/definitions.store';
import { sumKey } from '../domain/batch';
import { FactStore, type DurationRows, type FactSums } from '../persistence/fact.store';
import { CatalogueService } from './catalogue.service';
import { SchemesService } from './schemes.service';

type Mode = 'published' | 'restated';

/** The unit kinds identity's org tree holds, by the same paths (grid workers are people; an organisation is the incubator's id). */
const TREE_KINDS: ReadonlySet<UnitKind> = new Set(['street', 'community', 'grid', 'department', 'property_company']);

/** Period text → days, or 422 naming the field. */
export function periodOf(text: string, field = 'period'): Period {
  const p = parsePeriod(text);
  if (!p)
    throw unprocessable(`${field} is not a real period (or spans more than three years)`, {
      fields: { [field]: ['not a period'] },
    });
  return p;
}

function figuresOf(
  defs: ReadonlyMap<string, IndicatorDef>,
  sums: FactSums | undefined,
  durations: DurationRows | undefined,
  mode: Mode,
): Map<string, Figure> {
  const out = new Map<string, Figure>();
  for (const [code, def] of defs)
    out.set(
      code,
      figureOf(
        def,
        (ref) => {
          const cell = sums?.get(sumKey(ref.measure, ref.basis, ref.facet));
          if (!cell) return 0n;
          return mode === 'published' ? cell.published : cell.published + cell.late;
        },
        (ref, p) =>
          nearestRank(
            (durations?.get(ref.measure) ?? []).map((r) => ({
              minutes: r.minutes,
              count: mode === 'published' ? r.published : r.published + r.late,
            })),
            p,
          ),
      ),
    );
  return out;
}

function lateCount(sums: FactSums | undefined, durations: DurationRows | undefined): number {
  let n = 0;
  for (const c of sums?.values() ?? []) if (c.late !== 0n) n += 1;
  for (const list of durations?.values() ?? []) for (const r of list) if (r.late !== 0n) n += 1;
  return n;
}

function lineView(l: CardLine): ScorecardLine {
  return {
    indicator: l.def.code,
    indicatorVersion: l.def.version,
    name: l.def.name,
    weight: l.item.weight,
    numerator: l.figure.numerator === null ? null : Number(l.figure.numerator),
    denominator: l.figure.denominator === null ? null : Number(l.figure.denominator),
    value: l.figure.value ? { fraction: l.figure.fraction, shown: l.figure.valueText } : null,
    points: l.points ? shown(l.points, 2) : null,
    explanation: l.explanation,
  };
}

const scoreText = (c: Card) => (c.score ? shown(c.score, 2) : null);

interface Computed {
  scheme: SchemeDef;
  defs: Map<string, IndicatorDef>;
  hash: string;
  position: string;
}

/** Scorecards, rankings and trends: computed from the live projection in one snapshot, exactly, the same every time. */
@Injectable()
export class ScorecardsService {
  private readonly logger = new Logger('EvaluationScorecards');
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactStore,
    private readonly schemes: SchemesService,
    private readonly definitions: DefinitionsStore,
    private readonly catalogue: CatalogueService,
    private readonly orgUnits: OrgUnits,
  ) {}

  /**
   * The units of identity's org tree of a kind it holds (in a street, when given); none for the
   * others. Without identity the answer goes on from the facts alone: the units with figures, no
   * names (logged), as a ranking was before it listed the tree.
   */
  private async treeUnits(district: string, kind: UnitKind, street?: string): Promise<OrgUnitRef[]> {
    if (!TREE_KINDS.has(kind)) return [];
    const units = await this.withoutIdentity(() => this.orgUnits.unitsOf(district, kind as OrgKind), []);
    // departments are the district's: a street ranks all of them by its own work
    return street && kind !== 'department' ? units.filter((u) => u.path.split('.')[1] === street) : units;
  }

  /** A unit's name, when the tree holds it (null without identity). */
  private async nameOf(district: string, kind: UnitKind, unit: string): Promise<string | null> {
    if (!TREE_KINDS.has(kind)) return null;
    const found = await this.withoutIdentity(() => this.orgUnits.find(unit), undefined);
    return found && found.kind === kind && found.path.startsWith(`${district}.`) ? found.name : null;
  }

  private async withoutIdentity<T>(read: () => Promise<T>, otherwise: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`answering without the org tree's units and names: ${error.message}`);
      return otherwise;
    }
  }

  /** One indicator's figures for a unit and period (the seeds' figures are read this way). */
  async figure(cmd: IndicatorValueCommand, actor?: Actor): Promise<IndicatorFigureView> {
    const a = requireActor(actor);
    const street = cmd.unitKind === 'department' ? cmd.street : undefined;
    if (!mayRead(a, cmd.district, cmd.unitKind, cmd.unit, street))
      throw forbidden('Outside your scope', { unit: cmd.unit });
    const period = periodOf(cmd.period);
    const def = await this.catalogue.resolve(cmd.district, cmd.code, cmd.version);
    if (!def.unitKinds.includes(cmd.unitKind))
      throw unprocessable(`${def.code} is not attributed to ${cmd.unitKind} units`, {
        fields: { unitKind: ['not attributed'] },
      });
    const defs = new Map([[def.code, def]]);
    return this.snapshot(async (m) => {
      const live = await this.facts.live(m);
      const selector = { generation: live.id, unitKind: cmd.unitKind, unit: cmd.unit, street };
      const [sums, durations] = await Promise.all([
        this.facts.sums(m, selector, period, this.sumKeys(defs)),
        this.facts.durations(m, selector, period, this.durationMeasures(defs)),
      ]);
      const f = figuresOf(defs, sums.get(cmd.unit), durations.get(cmd.unit), 'published').get(def.code) as Figure;
      return {
        code: def.code,
        version: def.version,
        name: def.name,
        numerator: f.numerator === null ? null : Number(f.numerator),
        denominator: f.denominator === null ? null : Number(f.denominator),
        applicable: f.applicable,
        value: f.value ? { fraction: f.fraction, shown: f.valueText } : null,
        shown: f.shown,
        explanation: f.explanation,
      };
    });
  }

  private async schemeFor(district: string, code: string, version: number | undefined, unitKind: UnitKind) {
    const row = await this.schemes.resolve(district, code, version);
    const scheme = row.definition;
    if (scheme.unitKind !== unitKind)
      throw unprocessable(`Scheme ${code} scores ${scheme.unitKind} units, not ${unitKind}`, {
        fields: { scheme: ['another unit kind'] },
      });
    const defs = await this.schemes.definitionsOf(scheme);
    return { scheme, defs, hash: definitionsHash(scheme, [...defs.values()]) };
  }

  /** Reads in one snapshot (REPEATABLE READ): the position and every fact it reports agree. */
  private snapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /** The figures the indicators add up (`measure|basis|facet`): all a scorecard reads of the facts. */
  private sumKeys(defs: ReadonlyMap<string, IndicatorDef>): string[] {
    const keys = new Set<string>();
    for (const d of defs.values())
      for (const ref of [d.rule.numerator, ...(d.rule.denominator ? [d.rule.denominator] : [])])
        if (d.rule.kind !== 'percentile') keys.add(sumKey(ref.measure, ref.basis, ref.facet));
    return [...keys].sort();
  }

  private durationMeasures(defs: ReadonlyMap<string, IndicatorDef>): string[] {
    return [...defs.values()].filter((d) => d.rule.kind === 'percentile').map((d) => d.rule.numerator.measure);
  }

  async scorecard(cmd: ScorecardCommand, actor?: Actor): Promise<ScorecardView> {
    const a = requireActor(actor);
    const street = cmd.unitKind === 'department' ? cmd.street : undefined;
    if (!mayRead(a, cmd.district, cmd.unitKind, cmd.unit, street))
      throw forbidden('Outside your scope', { unit: cmd.unit });
    const period = periodOf(cmd.period);
    const s = await this.schemeFor(cmd.district, cmd.scheme, cmd.schemeVersion, cmd.unitKind);
    const unitName = await this.nameOf(cmd.district, cmd.unitKind, cmd.unit);
    return this.snapshot(async (m) => {
      const live = await this.facts.live(m);
      const selector = { generation: live.id, unitKind: cmd.unitKind, unit: cmd.unit, street };
      const [sums, durations, closed] = await Promise.all([
        this.facts.sums(m, selector, period, this.sumKeys(s.defs)),
        this.facts.durations(m, selector, period, this.durationMeasures(s.defs)),
        this.facts.closedOverlapping(m, live.id, cmd.district, period),
      ]);
      await this.definitions.markInUse(m, cmd.district, s.scheme.code, s.scheme.version);
      return this.cardView(
        { ...s, position: live.position },
        cmd.unitKind,
        cmd.unit,
        unitName,
        street ?? null,
        period,
        sums.get(cmd.unit),
        durations.get(cmd.unit),
        closed.length > 0,
      );
    });
  }

  private cardView(
    c: Computed,
    unitKind: UnitKind,
    unit: string,
    unitName: string | null,
    street: string | null,
    period: Period,
    sums: FactSums | undefined,
    durations: DurationRows | undefined,
    closed: boolean,
  ): ScorecardView {
    const card = scoreCard(c.scheme, c.defs, figuresOf(c.defs, sums, durations, 'published'));
    const late = lateCount(sums, durations);
    let restatement: ScorecardView['restatement'] = null;
    if (late > 0) {
      const r = scoreCard(c.scheme, c.defs, figuresOf(c.defs, sums, durations, 'restated'));
      restatement = {
        lateFacts: late,
        score: scoreText(r),
        grade: r.grade,
        lines: r.lines.map(lineView),
        notApplicable: r.notApplicable.map(lineView),
      };
    }
    return {
      unitKind,
      unit,
      unitName,
      street,
      period: { label: period.label, from: period.from, to: period.to },
      scheme: c.scheme.code,
      schemeVersion: c.scheme.version,
      total: c.scheme.total,
      definitionsHash: c.hash,
      historyPosition: c.position,
      applicable: card.applicable,
      score: scoreText(card),
      grade: card.grade,
      veto: card.veto,
      lines: card.lines.map(lineView),
      notApplicable: card.notApplicable.map(lineView),
      closed,
      restatement,
      explanation: card.explanation,
    };
  }

  async ranking(cmd: RankingCommand, actor?: Actor): Promise<RankingView> {
    const a = requireActor(actor);
    if (!mayRank(a, cmd.district, cmd.street))
      throw forbidden('Rankings are for district staff, or a street’s staff for its street');
    const period = periodOf(cmd.period);
    const s = await this.schemeFor(cmd.district, cmd.scheme, cmd.schemeVersion, cmd.unitKind);
    const tree = await this.treeUnits(cmd.district, cmd.unitKind, cmd.street);
    return this.snapshot(async (m) => {
      const live = await this.facts.live(m);
      const selector = { generation: live.id, unitKind: cmd.unitKind, district: cmd.district, street: cmd.street };
      const [sums, durations] = await Promise.all([
        this.facts.sums(m, selector, period, this.sumKeys(s.defs)),
        this.facts.durations(m, selector, period, this.durationMeasures(s.defs)),
      ]);
      await this.definitions.markInUse(m, cmd.district, s.scheme.code, s.scheme.version);
      const scored: Array<{ unit: string; score: NonNullable<Card['score']>; item: Card }> = [];
      const nothingDue: string[] = [];
      // the units with figures, and those of the tree without any (nothing due: listed apart)
      for (const unit of [...new Set([...sums.keys(), ...tree.map((u) => u.path)])].sort()) {
        const card = scoreCard(s.scheme, s.defs, figuresOf(s.defs, sums.get(unit), durations.get(unit), 'published'));
        if (card.score === null) nothingDue.push(unit);
        else scored.push({ unit, score: card.score, item: card });
      }
      const ranked = rank(scored).map((u) => ({
        rank: u.rank,
        unit: u.unit,
        score: shown(u.score, 2),
        grade: u.item.grade,
        vetoed: u.item.veto !== null,
        exact: u.score,
      }));
      const lists = topAndBottom(
        ranked.map((r) => ({ ...r, score: r.exact, text: r.score })),
        cmd.top ?? 5,
      );
      const strip = (r: { rank: number; unit: string; text: string; grade: string | null; vetoed: boolean }) => ({
        rank: r.rank,
        unit: r.unit,
        score: r.text,
        grade: r.grade,
        vetoed: r.vetoed,
      });
      return {
        unitKind: cmd.unitKind,
        period: { label: period.label, from: period.from, to: period.to },
        scheme: s.scheme.code,
        schemeVersion: s.scheme.version,
        definitionsHash: s.hash,
        historyPosition: live.position,
        ranked: ranked.map(({ exact: _exact, ...r }) => r),
        nothingDue,
        unitNames: Object.fromEntries(tree.map((u) => [u.path, u.name])),
        top: lists.top.map(strip),
        bottom: lists.bottom.map(strip),
      };
    });
  }

  async trend(cmd: TrendCommand, actor?: Actor): Promise<TrendView> {
    const a = requireActor(actor);
    const street = cmd.unitKind === 'department' ? cmd.street : undefined;
    if (!mayRead(a, cmd.district, cmd.unitKind, cmd.unit, street))
      throw forbidden('Outside your scope', { unit: cmd.unit });
    const first = /^\d{4}-\d{2}$/.exec(cmd.period)?.[0];
    if (!first || first > cmd.until)
      throw unprocessable('A trend runs from a month (period) to a later month (until)', {
        fields: { period: ['a month, YYYY-MM'] },
      });
    const months = monthsFrom(first, cmd.until);
    const s = await this.schemeFor(cmd.district, cmd.scheme, cmd.schemeVersion, cmd.unitKind);
    return this.snapshot(async (m) => {
      const live = await this.facts.live(m);
      const selector = { generation: live.id, unitKind: cmd.unitKind, unit: cmd.unit, street };
      await this.definitions.markInUse(m, cmd.district, s.scheme.code, s.scheme.version);
      const points: TrendView['points'] = [];
      for (const period of months) {
        const [sums, durations] = await Promise.all([
          this.facts.sums(m, selector, period, this.sumKeys(s.defs)),
          this.facts.durations(m, selector, period, this.durationMeasures(s.defs)),
        ]);
        const figures = figuresOf(s.defs, sums.get(cmd.unit), durations.get(cmd.unit), 'published');
        const card = scoreCard(s.scheme, s.defs, figures);
        points.push({
          period: { label: period.label, from: period.from, to: period.to },
          score: scoreText(card),
          grade: card.grade,
          values: Object.fromEntries(s.scheme.items.map((i) => [i.indicator, figures.get(i.indicator)?.shown ?? ''])),
        });
      }
      return { unitKind: cmd.unitKind, unit: cmd.unit, scheme: s.scheme.code, schemeVersion: s.scheme.version, points };
    });
  }
}
