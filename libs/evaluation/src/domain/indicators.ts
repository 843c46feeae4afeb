import type { IndicatorKind, PeriodBasis, UnitKind } from '@gz/contracts';
import { div, frac, mul, shown, type Fraction } from './fraction';
import { MEASURES, measureText } from './measures';

export interface MeasureSpec {
  measure: string;
  basis: PeriodBasis;
  facet: string;
}

export interface IndicatorRuleSpec {
  kind: IndicatorKind;
  numerator: MeasureSpec;
  denominator?: MeasureSpec | null;
  scale: number;
  percentile?: number;
  /** a count shown in a larger unit: minutes as hours (60), fen as yuan (100) */
  divisor?: number;
}

export interface IndicatorDef {
  code: string;
  version: number;
  /** null: built in */
  district: string | null;
  name: string;
  description: string;
  unitKinds: UnitKind[];
  rule: IndicatorRuleSpec;
  higherIsBetter: boolean;
  decimals: number;
  unit: string;
}

const m = (measure: string, basis: PeriodBasis, facet = '*'): MeasureSpec => ({ measure, basis, facet });
const PLACES: UnitKind[] = ['street', 'community', 'grid'];

type Builtin = Omit<IndicatorDef, 'version' | 'district'>;
const ratio = (num: MeasureSpec, den: MeasureSpec, scale = 100): IndicatorRuleSpec => ({
  kind: 'ratio',
  numerator: num,
  denominator: den,
  scale,
});
const count = (num: MeasureSpec, divisor?: number): IndicatorRuleSpec => ({
  kind: 'count',
  numerator: num,
  denominator: null,
  scale: 1,
  ...(divisor ? { divisor } : {}),
});
const ORG_PLACES: UnitKind[] = ['street', 'community'];
const p90 = (measure: string, basis: PeriodBasis): IndicatorRuleSpec => ({
  kind: 'percentile',
  numerator: m(measure, basis),
  denominator: null,
  scale: 1,
  percentile: 90,
});

/** The built-in indicators (version 1 each); a district adds its own from the same measures. */
export const BUILTIN_INDICATORS: readonly Builtin[] = [
  {
    code: 'reported',
    name: '上报数',
    description: '期内上报的问题件数。',
    unitKinds: PLACES,
    rule: count(m('ticket.reported', 'reported')),
    higherIsBetter: true,
    decimals: 0,
    unit: '件',
  },
  {
    code: 'opened',
    name: '立案数',
    description: '期内核实立案的件数。',
    unitKinds: PLACES,
    rule: count(m('ticket.opened', 'opened')),
    higherIsBetter: true,
    decimals: 0,
    unit: '件',
  },
  {
    code: 'closed',
    name: '结案数',
    description: '期内结案的件数。',
    unitKinds: PLACES,
    rule: count(m('ticket.closed', 'closed')),
    higherIsBetter: true,
    decimals: 0,
    unit: '件',
  },
  {
    code: 'resolution_rate',
    name: '办结率',
    description: '期内立案的件中已结案的比例（办结率 = 结案数 ÷ 立案数）。',
    unitKinds: PLACES,
    rule: ratio(m('ticket.closed', 'opened'), m('ticket.opened', 'opened')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'ack_on_time_rate',
    name: '按时签收率',
    description: '签收时限落在期内的派遣中，按时签收的比例（退回的不计）。',
    unitKinds: ['department'],
    rule: ratio(m('assignment.ack_on_time', 'due'), m('assignment.ack_due', 'due')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'handle_on_time_rate',
    name: '按期办结率',
    description: '办结时限落在期内的派遣中，在时限内办理完成的比例（退回的不计）。',
    unitKinds: ['department'],
    rule: ratio(m('assignment.handled_on_time', 'due'), m('assignment.handle_due', 'due')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'rework_rate',
    name: '返工率',
    description: '期内办理完成的件中，核查不通过被重办的比例（返工率 = 返工数 ÷ 办理数）。',
    unitKinds: ['department'],
    rule: ratio(m('assignment.reworked', 'at'), m('assignment.handled', 'at')),
    higherIsBetter: false,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'hand_back_rate',
    name: '退单率',
    description: '期内派遣的件中，部门以“非本部门职责”退回的比例。',
    unitKinds: ['department'],
    rule: ratio(m('assignment.handed_back', 'at'), m('assignment.assigned', 'at')),
    higherIsBetter: false,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'escalations',
    name: '超时升级数',
    description: '期内因超时未签收或未办结被升级到街道或区的件次。',
    unitKinds: ['department'],
    rule: count(m('assignment.escalated', 'at')),
    higherIsBetter: false,
    decimals: 0,
    unit: '件次',
  },
  {
    code: 'mean_handling_minutes',
    name: '平均处理时长',
    description: '期内办理完成的件从派遣到办理完成的平均分钟数。',
    unitKinds: ['department'],
    rule: ratio(m('assignment.handling_minutes', 'at'), m('assignment.handling_count', 'at'), 1),
    higherIsBetter: false,
    decimals: 0,
    unit: '分钟',
  },
  {
    code: 'p90_handling_minutes',
    name: '处理时长（90分位）',
    description: '期内办理完成的件中，90%在此分钟数内办完（最近秩法）。',
    unitKinds: ['department'],
    rule: p90('assignment.handling_minutes', 'at'),
    higherIsBetter: false,
    decimals: 0,
    unit: '分钟',
  },
  {
    code: 'mean_closing_minutes',
    name: '平均结案时长',
    description: '期内结案的件从立案到结案的平均分钟数。',
    unitKinds: PLACES,
    rule: ratio(m('ticket.handling_minutes', 'closed'), m('ticket.handling_count', 'closed'), 1),
    higherIsBetter: false,
    decimals: 0,
    unit: '分钟',
  },
  {
    code: 'p90_closing_minutes',
    name: '结案时长（90分位）',
    description: '期内结案的件中，90%在此分钟数内结案（最近秩法）。',
    unitKinds: PLACES,
    rule: p90('ticket.handling_minutes', 'closed'),
    higherIsBetter: false,
    decimals: 0,
    unit: '分钟',
  },
  {
    code: 'mean_rating',
    name: '平均评分',
    description: '期内评价的平均星数（1–5星）。',
    unitKinds: [...PLACES, 'department'],
    rule: ratio(m('ticket.stars', 'at'), m('ticket.rated', 'at'), 1),
    higherIsBetter: true,
    decimals: 2,
    unit: '星',
  },
  {
    code: 'high_rating_share',
    name: '满意率（4–5星）',
    description: '期内评价中4星、5星所占比例。',
    unitKinds: [...PLACES, 'department'],
    rule: ratio(m('ticket.rated_high', 'at'), m('ticket.rated', 'at')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'reports_per_grid_worker',
    name: '网格员上报数',
    description: '网格员期内巡查上报的件数。',
    unitKinds: ['grid_worker'],
    rule: count(m('ticket.reported', 'reported')),
    higherIsBetter: true,
    decimals: 0,
    unit: '件',
  },
  {
    code: 'must_visit_visits',
    name: '六必访走访户次',
    description: '期内对六必访对象的走访户次（覆盖目标如每人每年100户在方案的计分规则中设定）。',
    unitKinds: [...PLACES, 'grid_worker'],
    rule: count(m('visit.must_visit', 'at')),
    higherIsBetter: true,
    decimals: 0,
    unit: '户次',
  },
  {
    code: 'red_rentals_remediated',
    name: '红色出租房整改数',
    description: '期内由红色评定为黄色或绿色的出租房数。',
    unitKinds: PLACES,
    rule: count(m('rental.red_remediated', 'at')),
    higherIsBetter: true,
    decimals: 0,
    unit: '户',
  },
  {
    code: 'topics_resolved_on_time_rate',
    name: '议题按期解决率',
    description: '解决时限落在期内的协商议题中，按期经回访评估解决的比例。',
    unitKinds: ['street', 'community'],
    rule: ratio(m('topic.resolved_on_time', 'due'), m('topic.due', 'due')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'vote_participation',
    name: '业主表决参与率',
    description: '期内结束的业主表决中，参与表决的业主人数占应参与人数的比例。',
    unitKinds: ['street', 'community'],
    rule: ratio(m('vote.participants', 'at'), m('vote.electorate', 'at')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'property_company_score',
    name: '物业服务评分',
    description: '居民和业委会对物业五个方面（1–5分）的评价折算为百分制：每份评价(各项得分−1)之和 ÷ 20。',
    unitKinds: ['property_company'],
    rule: ratio(m('property.points', 'at'), m('property.points_max', 'at')),
    higherIsBetter: true,
    decimals: 1,
    unit: '分',
  },
  {
    code: 'grave_incidents',
    name: '重大事件数',
    description: '期内记录的重大事件（一票否决依据）。',
    unitKinds: ['street', 'community', 'grid', 'department', 'grid_worker', 'property_company', 'social_org'],
    rule: count(m('incident.grave', 'at')),
    higherIsBetter: false,
    decimals: 0,
    unit: '起',
  },
  {
    code: 'street_rating',
    name: '街道评价',
    description: '街道对部门的月度评价（0–100分）的平均分。',
    unitKinds: ['department'],
    rule: ratio(m('street_rating.points', 'at'), m('street_rating.max', 'at')),
    higherIsBetter: true,
    decimals: 1,
    unit: '分',
  },
  {
    code: 'survey_satisfaction',
    name: '问卷满意率',
    description: '期内问卷答卷中平均分不低于4分（满分5分）的比例。',
    unitKinds: PLACES,
    rule: ratio(m('survey.satisfied', 'at'), m('survey.answers', 'at')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'third_party_satisfaction',
    name: '第三方测评满意率',
    description: '第三方测评中满意样本占样本总数的比例。',
    unitKinds: PLACES,
    rule: ratio(m('third_party.satisfied', 'at'), m('third_party.sample', 'at')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'organisations_incubated',
    name: '入孵社会组织数',
    description: '期内经初审入驻孵化园的社会组织数（按组织所在社区、街道计）。',
    unitKinds: ORG_PLACES,
    rule: count(m('incubation.admitted', 'at')),
    higherIsBetter: true,
    decimals: 0,
    unit: '家',
  },
  {
    code: 'first_review_on_time_rate',
    name: '入孵初审及时率',
    description: '期内入孵的社会组织中，申请后5个工作日内完成初审的比例。',
    unitKinds: ORG_PLACES,
    rule: ratio(m('incubation.reviewed_on_time', 'at'), m('incubation.admitted', 'at')),
    higherIsBetter: true,
    decimals: 1,
    unit: '%',
  },
  {
    code: 'organisations_graduated',
    name: '出壳社会组织数',
    description: '期内从孵化园出壳（结业）的社会组织数。',
    unitKinds: [...ORG_PLACES, 'social_org'],
    rule: count(m('incubation.graduated', 'at')),
    higherIsBetter: true,
    decimals: 0,
    unit: '家',
  },
  {
    code: 'volunteer_hours',
    name: '志愿服务时长',
    description: '期内（按服务日）记录的志愿服务时长，更正后的以更正为准。',
    unitKinds: [...ORG_PLACES, 'social_org'],
    rule: count(m('volunteer.minutes', 'at'), 60),
    higherIsBetter: true,
    decimals: 1,
    unit: '小时',
  },
  {
    code: 'fund_spendings_published',
    name: '社区基金支出公示笔数',
    description: '期内经他人审批后支付并公示的社区基金支出笔数。',
    unitKinds: ORG_PLACES,
    rule: count(m('fund.spendings_published', 'at')),
    higherIsBetter: true,
    decimals: 0,
    unit: '笔',
  },
  {
    code: 'fund_spent',
    name: '社区基金公示支出金额',
    description: '期内公示的社区基金支出金额，扣除冲正。',
    unitKinds: ORG_PLACES,
    rule: count(m('fund.spent_fen', 'at'), 100),
    higherIsBetter: true,
    decimals: 2,
    unit: '元',
  },
];

/** The rule in words. */
export function ruleText(def: Pick<IndicatorDef, 'rule' | 'unit'>): string {
  const r = def.rule;
  if (r.kind === 'count')
    return `${measureText(r.numerator)}${r.divisor ? ` ÷ ${r.divisor}` : ''}；按上海时间（Asia/Shanghai）日历日归期`;
  if (r.kind === 'percentile')
    return `${measureText(r.numerator)}所计各件时长（整分钟）的第${r.percentile ?? 90}百分位（最近秩法）；期内无件时不适用`;
  const den = r.denominator ? measureText(r.denominator) : '—';
  const times = r.scale === 100 ? ' × 100%' : '';
  return `${measureText(r.numerator)} ÷ ${den}${times}；分母为零时不适用（单列，不计0%或100%）；按上海时间日历日归期，展示时四舍五入`;
}

/** Why a district's own indicator cannot be defined, or null. */
export function indicatorProblem(def: Omit<IndicatorDef, 'version' | 'district'>): string | null {
  const refs = [def.rule.numerator, ...(def.rule.denominator ? [def.rule.denominator] : [])];
  for (const ref of refs) {
    const known = MEASURES[ref.measure];
    if (!known) return `Unknown measure ${ref.measure}`;
    if (!known.bases.includes(ref.basis))
      return `${ref.measure} is counted by ${known.bases.join(', ')}, not by ${ref.basis}`;
    if (ref.facet !== '*' && !known.facets) return `${ref.measure} has no facets (only *)`;
    for (const kind of def.unitKinds)
      if (!known.unitKinds.includes(kind)) return `${ref.measure} is not attributed to ${kind} units`;
  }
  if (def.rule.kind === 'ratio' && !def.rule.denominator) return 'A ratio needs a denominator';
  if (def.rule.kind !== 'ratio' && def.rule.denominator) return `A ${def.rule.kind} has no denominator`;
  if (def.rule.kind !== 'ratio' && def.rule.scale !== 1) return `A ${def.rule.kind} has scale 1`;
  if (def.rule.kind === 'percentile' && !def.rule.percentile) return 'A percentile says which one (percentile: 90)';
  if (def.rule.divisor !== undefined && def.rule.divisor !== 1 && def.rule.kind !== 'count')
    return 'Only a count has a divisor';
  if (def.rule.kind === 'percentile' && !def.rule.numerator.measure.endsWith('_minutes'))
    return 'A percentile is taken of durations (a *_minutes measure)';
  return null;
}

export interface Figure {
  applicable: boolean;
  numerator: bigint | null;
  denominator: bigint | null;
  /** in the indicator's unit (percent for a rate) */
  value: Fraction | null;
  /** with its unit (`84.6%`), or 不适用 */
  shown: string;
  /** the value alone, rounded half up (`84.6`); empty when not applicable */
  valueText: string;
  fraction: string;
  explanation: string;
}

export const NOT_APPLICABLE = '不适用';

/** Reads the sums the rule needs and makes the figure: exact, rounded only in `shown`. */
export function figureOf(
  def: IndicatorDef,
  sum: (ref: MeasureSpec) => bigint,
  percentileOf: (ref: MeasureSpec, p: number) => { value: number | null; count: bigint },
): Figure {
  const r = def.rule;
  const label = (v: string) => `${v}${def.unit}`;
  if (r.kind === 'count') {
    const n = sum(r.numerator);
    const divisor = r.divisor ?? 1;
    const value = divisor === 1 ? frac(n) : div(frac(n), frac(divisor));
    const text = divisor === 1 ? n.toString() : shown(value, def.decimals);
    return {
      applicable: true,
      numerator: n,
      denominator: null,
      value,
      shown: label(text),
      valueText: text,
      fraction: divisor === 1 ? n.toString() : `${n}/${divisor}`,
      explanation:
        divisor === 1 ? `${measureText(r.numerator)} ${n}` : `${measureText(r.numerator)} ${n} ÷ ${divisor} = ${label(text)}`,
    };
  }
  if (r.kind === 'percentile') {
    const p = percentileOf(r.numerator, r.percentile ?? 90);
    if (p.value === null)
      return {
        applicable: false,
        numerator: null,
        denominator: null,
        value: null,
        shown: NOT_APPLICABLE,
        valueText: '',
        fraction: '',
        explanation: '期内无计时的件，不适用',
      };
    return {
      applicable: true,
      numerator: null,
      denominator: p.count,
      value: frac(p.value),
      shown: label(String(p.value)),
      valueText: String(p.value),
      fraction: String(p.value),
      explanation: `${p.count}件中第${r.percentile ?? 90}百分位为${p.value}分钟`,
    };
  }
  const n = sum(r.numerator);
  const d = sum(r.denominator as MeasureSpec);
  if (d === 0n)
    return {
      applicable: false,
      numerator: n,
      denominator: d,
      value: null,
      shown: NOT_APPLICABLE,
      valueText: '',
      fraction: `${n}/0`,
      explanation: `${measureText(r.denominator as MeasureSpec)}为0，不适用`,
    };
  const value = mul(div(frac(n), frac(d)), frac(r.scale));
  const text = shown(value, def.decimals);
  return {
    applicable: true,
    numerator: n,
    denominator: d,
    value,
    shown: label(text),
    valueText: text,
    fraction: `${n}/${d}`,
    explanation: `${measureText(r.numerator)} ${n} ÷ ${measureText(r.denominator as MeasureSpec)} ${d}${r.scale === 100 ? ' × 100%' : ''} = ${label(text)}`,
  };
}

/** Nearest-rank percentile of durations grouped as (minutes, count), ascending by minutes. */
export function nearestRank(
  rows: ReadonlyArray<{ minutes: number; count: bigint }>,
  p: number,
): { value: number | null; count: bigint } {
  const total = rows.reduce((a, r) => a + r.count, 0n);
  if (total === 0n) return { value: null, count: 0n };
  // rank = ceil(p/100 × total), exactly
  const rank = (BigInt(p) * total + 99n) / 100n;
  let seen = 0n;
  for (const r of rows) {
    seen += r.count;
    if (seen >= rank) return { value: r.minutes, count: total };
  }
  return { value: rows[rows.length - 1].minutes, count: total };
}
