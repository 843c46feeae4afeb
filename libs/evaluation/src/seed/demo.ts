import type { DataSource } from 'typeorm';
import { defaultGrades, type SchemeDef } from '../domain/scoring';

const VETO = [{ indicator: 'grave_incidents', atLeast: 1, reason: '发生重大事件，一票否决' }];

/** The demo district's schemes: departments as streets hold them to account, communities as residents see them. */
export const DEMO_SCHEMES: SchemeDef[] = [
  {
    district: 'd01',
    code: 'department-2026',
    version: 1,
    name: '职能部门考核方案（2026）',
    unitKind: 'department',
    total: 100,
    items: [
      { indicator: 'handle_on_time_rate', indicatorVersion: 1, weight: 50, points: { kind: 'proportional' } },
      {
        indicator: 'ack_on_time_rate',
        indicatorVersion: 1,
        weight: 20,
        points: { kind: 'linear', target: 100, deduct: 1, floor: 0 },
      },
      { indicator: 'rework_rate', indicatorVersion: 1, weight: 10, points: { kind: 'proportional' } },
      {
        indicator: 'street_rating',
        indicatorVersion: 1,
        weight: 20,
        points: { kind: 'linear', target: 100, deduct: 0.5, floor: 0 },
      },
    ],
    vetoes: VETO,
    grades: defaultGrades(100),
  },
  {
    district: 'd01',
    code: 'community-2026',
    version: 1,
    name: '社区治理考核方案（2026）',
    unitKind: 'community',
    total: 100,
    items: [
      {
        indicator: 'resolution_rate',
        indicatorVersion: 1,
        weight: 40,
        points: { kind: 'linear', target: 100, deduct: 1, floor: 0 },
      },
      { indicator: 'high_rating_share', indicatorVersion: 1, weight: 30, points: { kind: 'proportional' } },
      { indicator: 'topics_resolved_on_time_rate', indicatorVersion: 1, weight: 15, points: { kind: 'proportional' } },
      { indicator: 'survey_satisfaction', indicatorVersion: 1, weight: 15, points: { kind: 'proportional' } },
    ],
    vetoes: VETO,
    grades: defaultGrades(100),
  },
];

/** Loads the demo schemes once; answers whether it did (false: present already). */
export async function seedDemoEvaluation(dataSource: DataSource): Promise<boolean> {
  let added = false;
  for (const s of DEMO_SCHEMES) {
    const rows = await dataSource.query(
      `INSERT INTO "evaluation".scheme (district, code, version, unit_kind, definition, defined_by, defined_at)
       VALUES ($1, $2, $3, $4, $5, 'seed', now()) ON CONFLICT DO NOTHING RETURNING code`,
      [s.district, s.code, s.version, s.unitKind, JSON.stringify(s)],
    );
    added ||= rows.length > 0;
  }
  return added;
}
