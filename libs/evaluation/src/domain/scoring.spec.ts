import { shown } from './fraction';
import { BUILTIN_INDICATORS, figureOf, type IndicatorDef } from './indicators';
import { defaultGrades, definitionsHash, schemeProblem, scoreCard, type SchemeDef } from './scoring';

const defs = new Map<string, IndicatorDef>(
  BUILTIN_INDICATORS.map((b) => [b.code, { ...b, version: 1, district: null }]),
);
const scheme = (items: SchemeDef['items'], extra: Partial<SchemeDef> = {}): SchemeDef => ({
  district: 'd01',
  code: 'dept',
  version: 1,
  name: '部门',
  unitKind: 'department',
  total: 100,
  items,
  vetoes: [{ indicator: 'grave_incidents', atLeast: 1, reason: '重大事件' }],
  grades: defaultGrades(100),
  ...extra,
});
const ITEMS: SchemeDef['items'] = [
  { indicator: 'handle_on_time_rate', indicatorVersion: 1, weight: 60, points: { kind: 'proportional' } },
  {
    indicator: 'ack_on_time_rate',
    indicatorVersion: 1,
    weight: 30,
    points: { kind: 'linear', target: 100, deduct: 1, floor: 0 },
  },
  { indicator: 'rework_rate', indicatorVersion: 1, weight: 10, points: { kind: 'proportional' } },
];

function figures(sums: Record<string, number>) {
  const out = new Map();
  for (const [code, def] of defs)
    out.set(
      code,
      figureOf(
        def,
        (ref) => BigInt(sums[`${ref.measure}@${ref.basis}`] ?? 0),
        () => ({ value: null, count: 0n }),
      ),
    );
  return out;
}

describe('scoring schemes', () => {
  it('refuses weights that do not add up to the total, saying by how much', () => {
    const bad = scheme([{ ...ITEMS[0], weight: 55 }, ITEMS[1], ITEMS[2]]);
    expect(schemeProblem(bad, defs)?.message).toBe("The weights add up to 95, not to the scheme's total 100");
    expect(schemeProblem(scheme(ITEMS), defs)).toBeNull();
    expect(
      schemeProblem(
        scheme(
          ITEMS.map((i) => ({ ...i, weight: i.weight / 2 })),
          { total: 50, grades: defaultGrades(50) },
        ),
        defs,
      ),
    ).toBeNull();
  });

  it('scores a department: on-time rate × 60, a point off per point below 100% on acknowledgement, (1 − rework) × 10', () => {
    const card = scoreCard(
      scheme(ITEMS),
      defs,
      figures({
        'assignment.handled_on_time@due': 45,
        'assignment.handle_due@due': 50,
        'assignment.ack_on_time@due': 48,
        'assignment.ack_due@due': 50,
        'assignment.reworked@at': 1,
        'assignment.handled@at': 20,
      }),
    );
    // 60 × 0.9 = 54; 30 − 4 = 26; 10 × 0.95 = 9.5
    expect(card.lines.map((l) => shown(l.points!, 2))).toEqual(['54.00', '26.00', '9.50']);
    expect(shown(card.score!, 2)).toBe('89.50');
    expect(card.grade).toBe('B');
  });

  it('lists a zero denominator apart and shares its weight; a unit with nothing due is not applicable', () => {
    const card = scoreCard(
      scheme(ITEMS),
      defs,
      figures({ 'assignment.handled_on_time@due': 9, 'assignment.handle_due@due': 10 }),
    );
    expect(card.notApplicable.map((l) => l.def.code)).toEqual(['ack_on_time_rate', 'rework_rate']);
    expect(shown(card.score!, 2)).toBe('90.00');
    const none = scoreCard(scheme(ITEMS), defs, figures({}));
    expect(none.applicable).toBe(false);
    expect(none.score).toBeNull();
  });

  it('sets the score to zero on one grave incident (一票否决)', () => {
    const card = scoreCard(
      scheme(ITEMS),
      defs,
      figures({ 'assignment.handled_on_time@due': 10, 'assignment.handle_due@due': 10, 'incident.grave@at': 1 }),
    );
    expect(shown(card.score!, 2)).toBe('0.00');
    expect(card.veto).toEqual({ indicator: 'grave_incidents', count: 1, reason: '重大事件' });
    expect(card.grade).toBe('E');
  });

  it('hashes the same definitions the same, whatever their key order', () => {
    const a = scheme(ITEMS);
    const b = JSON.parse(
      JSON.stringify({
        ...a,
        items: a.items.map((i) => ({
          points: i.points,
          weight: i.weight,
          indicatorVersion: 1,
          indicator: i.indicator,
        })),
      }),
    );
    expect(definitionsHash(a, [...defs.values()])).toBe(definitionsHash(b, [...defs.values()].reverse()));
  });
});
