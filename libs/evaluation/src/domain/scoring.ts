import { createHash } from 'node:crypto';
import type { GradeRule, PointsRule, UnitKind, VetoRule } from '@gz/contracts';
import { add, cmp, div, frac, fromDecimal, max, min, mul, shown, sub, ZERO, type Fraction } from './fraction';
import type { Figure, IndicatorDef } from './indicators';

export interface SchemeItemDef {
  indicator: string;
  indicatorVersion: number;
  weight: number;
  points: PointsRule;
}

export interface SchemeDef {
  district: string;
  code: string;
  version: number;
  name: string;
  unitKind: UnitKind;
  total: number;
  items: SchemeItemDef[];
  vetoes: VetoRule[];
  grades: GradeRule[];
}

/** A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below, of 100 (scaled to a scheme of another total). */
export function defaultGrades(total: number): GradeRule[] {
  const t = fromDecimal(total);
  const at = (n: number) => Number(shown(mul(t, frac(n, 100)), 2));
  return [
    { grade: 'A', min: at(90) },
    { grade: 'B', min: at(75) },
    { grade: 'C', min: at(60) },
    { grade: 'D', min: at(40) },
    { grade: 'E', min: 0 },
  ];
}

/** Why a scheme cannot be defined, or null: the weights must add up to its total, and each rule must fit its indicator. */
export function schemeProblem(
  s: SchemeDef,
  indicators: ReadonlyMap<string, IndicatorDef>,
): { message: string; field: string } | null {
  const total = fromDecimal(s.total);
  const sum = s.items.reduce((a, i) => add(a, fromDecimal(i.weight)), ZERO);
  if (cmp(sum, total) !== 0)
    return {
      message: `The weights add up to ${shown(sum, 2).replace(/\.?0+$/, '')}, not to the scheme's total ${s.total}`,
      field: 'items',
    };
  const seen = new Set<string>();
  for (const [i, item] of s.items.entries()) {
    const field = `items.${i}`;
    if (seen.has(item.indicator)) return { message: `${item.indicator} is listed twice`, field };
    seen.add(item.indicator);
    const def = indicators.get(item.indicator);
    if (!def) return { message: `Unknown indicator ${item.indicator} (version ${item.indicatorVersion})`, field };
    if (!def.unitKinds.includes(s.unitKind))
      return { message: `${item.indicator} is not attributed to ${s.unitKind} units`, field };
    const p = item.points;
    const weight = fromDecimal(item.weight);
    if (p.kind === 'linear') {
      if (p.target === undefined || p.deduct === undefined)
        return { message: 'A linear rule needs a target and a deduction', field: `${field}.points` };
      if (p.cap !== undefined && cmp(fromDecimal(p.cap), weight) > 0)
        return { message: 'The cap is above the weight', field: `${field}.points.cap` };
      if (p.floor !== undefined && cmp(fromDecimal(p.floor), p.cap !== undefined ? fromDecimal(p.cap) : weight) > 0)
        return { message: 'The floor is above the cap', field: `${field}.points.floor` };
    } else if (p.kind === 'proportional') {
      if (def.rule.kind !== 'ratio' || def.rule.scale !== 100)
        return { message: 'A proportional rule needs a rate in percent', field: `${field}.points` };
    } else {
      const bands = p.bands ?? [];
      if (bands.length === 0) return { message: 'A bands rule needs its bands', field: `${field}.points.bands` };
      for (let b = 1; b < bands.length; b++)
        if (bands[b].from <= bands[b - 1].from)
          return { message: 'Bands go up by `from`', field: `${field}.points.bands` };
      if (bands.some((b) => cmp(fromDecimal(b.points), weight) > 0))
        return { message: 'A band gives more than the weight', field: `${field}.points.bands` };
    }
  }
  for (const [i, v] of s.vetoes.entries())
    if (!indicators.get(v.indicator) || indicators.get(v.indicator)?.rule.kind !== 'count')
      return { message: `A veto counts incidents: ${v.indicator} is not a count indicator`, field: `vetoes.${i}` };
  const grades = s.grades;
  for (let g = 1; g < grades.length; g++)
    if (grades[g].min >= grades[g - 1].min) return { message: 'Grades go down by `min`', field: 'grades' };
  if (grades.length > 0 && grades[grades.length - 1].min !== 0)
    return { message: 'The last grade starts at 0', field: 'grades' };
  return null;
}

/** The points a figure earns under an item's rule (exact). */
export function pointsOf(item: SchemeItemDef, def: IndicatorDef, figure: Figure): { points: Fraction; text: string } {
  const weight = fromDecimal(item.weight);
  const value = figure.value as Fraction;
  const p = item.points;
  if (p.kind === 'linear') {
    const target = fromDecimal(p.target ?? 0);
    const full = p.cap !== undefined ? fromDecimal(p.cap) : weight;
    const floor = fromDecimal(p.floor ?? 0);
    const short = def.higherIsBetter ? sub(target, value) : sub(value, target);
    const lost = cmp(short, ZERO) > 0 ? mul(short, fromDecimal(p.deduct ?? 0)) : ZERO;
    const points = max(floor, sub(full, lost));
    const words =
      cmp(lost, ZERO) === 0
        ? `达到目标${p.target}${def.unit}，得满分${shown(full, 2)}`
        : `${def.higherIsBetter ? '低于' : '高于'}目标${p.target}${def.unit}共${shown(short, 2)}，每单位扣${p.deduct}分，得${shown(points, 2)}${cmp(points, floor) === 0 && cmp(floor, sub(full, lost)) > 0 ? '（保底）' : ''}`;
    return { points, text: words };
  }
  if (p.kind === 'proportional') {
    const rate = div(value, frac(100));
    const share = def.higherIsBetter ? rate : sub(frac(1), rate);
    const points = min(weight, max(ZERO, mul(weight, share)));
    return {
      points,
      text: `${item.weight} × ${def.higherIsBetter ? figure.shown : `(100% − ${figure.shown})`} = ${shown(points, 2)}`,
    };
  }
  const bands = p.bands ?? [];
  let points = ZERO;
  let band: { from: number; points: number } | undefined;
  for (const b of bands) if (cmp(value, fromDecimal(b.from)) >= 0) band = b;
  if (band) points = fromDecimal(band.points);
  return { points, text: band ? `达到${band.from}${def.unit}档，得${band.points}分` : `未达最低档，得0分` };
}

export interface CardLine {
  item: SchemeItemDef;
  def: IndicatorDef;
  figure: Figure;
  points: Fraction | null;
  explanation: string;
}

export interface Card {
  lines: CardLine[];
  notApplicable: CardLine[];
  applicable: boolean;
  score: Fraction | null;
  grade: string | null;
  veto: { indicator: string; count: number; reason: string } | null;
  explanation: string;
}

/**
 * A unit's card under a scheme: each applicable indicator's points; the indicators that are not
 * applicable listed apart, their weight shared by the others in proportion (score = points of the
 * applicable ones × total ÷ their weights); a veto sets the score to zero; the grade from the score.
 */
export function scoreCard(
  scheme: SchemeDef,
  defs: ReadonlyMap<string, IndicatorDef>,
  figures: ReadonlyMap<string, Figure>,
): Card {
  const lines: CardLine[] = [];
  const notApplicable: CardLine[] = [];
  let earned = ZERO;
  let weights = ZERO;
  for (const item of scheme.items) {
    const def = defs.get(item.indicator) as IndicatorDef;
    const figure = figures.get(item.indicator) as Figure;
    if (!figure.applicable) {
      notApplicable.push({ item, def, figure, points: null, explanation: figure.explanation });
      continue;
    }
    const p = pointsOf(item, def, figure);
    earned = add(earned, p.points);
    weights = add(weights, fromDecimal(item.weight));
    lines.push({ item, def, figure, points: p.points, explanation: `${figure.explanation}；${p.text}` });
  }
  const total = fromDecimal(scheme.total);
  let veto: Card['veto'] = null;
  for (const v of scheme.vetoes) {
    const f = figures.get(v.indicator);
    const n = f?.numerator ?? 0n;
    if (n >= BigInt(v.atLeast)) {
      veto = { indicator: v.indicator, count: Number(n), reason: v.reason };
      break;
    }
  }
  if (lines.length === 0 && !veto)
    return {
      lines,
      notApplicable,
      applicable: false,
      score: null,
      grade: null,
      veto: null,
      explanation: '期内无应考核事项（各指标均不适用），单列不排名',
    };
  const score = veto ? ZERO : mul(div(earned, weights), total);
  const grades = scheme.grades;
  const grade =
    grades.find((g) => cmp(score, fromDecimal(g.min)) >= 0)?.grade ?? grades[grades.length - 1]?.grade ?? null;
  const scaled =
    cmp(weights, total) !== 0 && lines.length > 0
      ? `；不适用指标的权重按比例分给其余指标（${shown(earned, 2)} ÷ ${shown(weights, 2)} × ${scheme.total}）`
      : '';
  const explanation = veto ? `一票否决：${vetoText(veto)}，本期得分为0` : `得分${shown(score, 2)}，等级${grade}${scaled}`;
  return { lines, notApplicable, applicable: true, score, grade, veto, explanation };
}

function vetoText(v: { indicator: string; count: number; reason: string }): string {
  return `${v.reason}（${v.indicator} ${v.count}）`;
}

/** JSON with keys in sorted order: the same definitions hash the same, whatever order they were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** SHA-256 of the scheme and the indicator definitions it uses. */
export function definitionsHash(scheme: SchemeDef, defs: readonly IndicatorDef[]): string {
  const used = [...defs].sort((a, b) => a.code.localeCompare(b.code));
  return createHash('sha256')
    .update(canonicalJson({ scheme, indicators: used }))
    .digest('hex');
}
