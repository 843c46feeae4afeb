import type { CategoryKind, Severity } from '@gz/contracts';
import { DataSource } from 'typeorm';
import { CategoryStore } from '../persistence/category.store';

const H = 60;
const D = 24 * H;

/** A district's own category, as the demo adds it. */
export interface DemoCategory {
  code: string;
  kind: CategoryKind;
  majorCode: string;
  majorName: string;
  name: string;
  ackMinutes: number;
  handleMinutes: number;
  severity: Severity;
  gridClosable: boolean;
  district: string;
}

/** Additions of the demo district (d01): finer sub-classes the district asked for. */
export const DEMO_DISTRICT_CATEGORIES: DemoCategory[] = [
  {
    code: 'C0302-01',
    kind: 'component',
    majorCode: '03',
    majorName: '市容环境类',
    name: '旱厕墙体破损',
    ackMinutes: 1 * D,
    handleMinutes: 3 * D,
    severity: 'high',
    gridClosable: false,
    district: 'd01',
  },
  {
    code: 'E0603-01',
    kind: 'event',
    majorCode: '06',
    majorName: '其他事件',
    name: '楼道电动车充电',
    ackMinutes: 2 * H,
    handleMinutes: 1 * D,
    severity: 'high',
    gridClosable: true,
    district: 'd01',
  },
];

/**
 * Adds the demo district's own categories (the national catalogue comes with the migrations).
 * Idempotent: answers how many were added this time.
 */
export async function seedDemoCatalogue(dataSource: DataSource): Promise<{ added: number }> {
  const store = new CategoryStore(dataSource);
  let added = 0;
  for (const c of DEMO_DISTRICT_CATEGORIES) {
    const row = await store.add({
      code: c.code,
      kind: c.kind,
      major_code: c.majorCode,
      major_name: c.majorName,
      name: c.name,
      ack_minutes: c.ackMinutes,
      handle_minutes: c.handleMinutes,
      severity: c.severity,
      grid_closable: c.gridClosable,
      district: c.district,
    });
    if (row) added++;
  }
  return { added };
}
