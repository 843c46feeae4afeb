import { ApiProperty } from '@nestjs/swagger';

/** The kinds of unit evaluation attributes facts to and scores. */
export const UNIT_KINDS = [
  'street',
  'community',
  'grid',
  'department',
  'grid_worker',
  'property_company',
  'social_org',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  department: '职能部门',
  grid_worker: '网格员',
  property_company: '物业公司',
  social_org: '社会组织',
};

/**
 * Which time decides the period a fact counts in: the ticket's report, opening or closing, the
 * work's deadline (`due`), or the moment the counted thing happened (`at`). Days are Asia/Shanghai.
 */
export const PERIOD_BASES = ['reported', 'opened', 'due', 'closed', 'at'] as const;
export type PeriodBasis = (typeof PERIOD_BASES)[number];

export const PERIOD_BASIS_LABELS: Record<PeriodBasis, string> = {
  reported: '按上报时间',
  opened: '按立案时间',
  due: '按应办结时间',
  closed: '按结案时间',
  at: '按发生时间',
};

/**
 * A period: a month `2026-03`, a quarter `2026-Q1`, a year `2026`, or any range of days
 * `2026-01-05..2026-02-10` (Asia/Shanghai days, both ends included).
 */
export const PERIOD =
  /^(\d{4}|\d{4}-(0[1-9]|1[0-2])|\d{4}-Q[1-4]|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\.\.\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))$/;
export const PERIOD_MESSAGE = 'period must be YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD';

/** A unit's key: an org path, or a grid worker's user id. */
export const UNIT_KEY =
  /^([a-z][a-z0-9_-]{0,31}(\.[a-z][a-z0-9_-]{0,31}){0,7}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The days a period covers. */
export class PeriodView {
  @ApiProperty({ example: '2026-03' }) label!: string;
  @ApiProperty({ example: '2026-03-01', description: 'first day (Asia/Shanghai), included' }) from!: string;
  @ApiProperty({ example: '2026-03-31', description: 'last day (Asia/Shanghai), included' }) to!: string;
}

/** A rate or mean kept exact: the integers it comes from and the value rounded half up only here. */
export class ExactValue {
  @ApiProperty({ example: '987/1167', description: 'numerator/denominator as counted, never reduced' })
  fraction!: string;
  @ApiProperty({ example: '84.6', description: 'the value rounded half up to the indicator’s decimals' })
  shown!: string;
}
