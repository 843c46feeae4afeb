import type { PublishResponsibilityRequest, ResponsibilityRuleInput } from '@gz/contracts';
import { SystemClock } from '@gz/platform';
import { DataSource } from 'typeorm';
import { ResponsibilityStore } from '../persistence/responsibility.store';
import { ResponsibilityService } from '../services/responsibility.service';

const sanitation = { path: 'd01.dep-sanitation', name: '区环卫局' };
const urban = { path: 'd01.dep-urban', name: '区城管局' };
const housing = { path: 'd01.dep-housing', name: '区住建局' };
const parks = { path: 'd01.dep-parks', name: '区园林局' };
const civil = { path: 'd01.dep-civil', name: '区民政局' };
const market = { path: 'd01.dep-market', name: '区市场监管局' };
const emergency = { path: 'd01.dep-emergency', name: '区应急管理局' };

type Department = { path: string; name: string };

/** One line of the list per category, as the streets' lists are kept. */
const lines = (lead: Department, co: Department[], codes: string[]) =>
  codes.map((category): ResponsibilityRuleInput => ({ category, lead, ...(co.length ? { co } : {}) }));

/** Sub-class codes `from` to `to` of a major class, e.g. `sub('E01', 8, 10)` → E0108, E0109, E0110. */
const sub = (major: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${major}${String(from + i).padStart(2, '0')}`);

/**
 * The demo district's responsibility list (责任清单), the same for both streets, one line per
 * category like the street in the seeds: 33 component lines and 112 event lines (部件类33项、
 * 事件类112项). Sanitation owns toilets, bins and rubbish; parks own trees and green space; civil
 * affairs own the elderly and people in need; market regulation owns shops and food; emergency
 * management leads fires, leaks and landslides with housing; housing and construction owns
 * utilities and houses, and construction sites and other emergencies jointly with urban
 * management; urban management owns street order, advertising and the rest. A last catch-all
 * line (`*`, 兜底) names urban management for anything without a line of its own, such as 古树名木
 * (C0401, which the parks bureau keeps at district level) or a district's new category. A
 * district's finer sub-class (`C0302-01`) follows its parent's line.
 */
export const DEMO_RESPONSIBILITY_RULES: ResponsibilityRuleInput[] = [
  ...lines(housing, [], [...sub('C01', 1, 7), 'C0113', 'C0114', 'C0118', 'C0121']),
  ...lines(urban, [], ['C0201', 'C0203', 'C0208', 'C0209', 'C0211', 'C0216']),
  ...lines(sanitation, [], sub('C03', 1, 6)),
  ...lines(urban, [], ['C0307']),
  ...lines(parks, [], ['C0402', 'C0403', 'C0405']),
  ...lines(housing, [], sub('C05', 1, 3)),
  ...lines(urban, [], sub('C06', 1, 3)),
  ...lines(urban, [housing], ['E0101']),
  ...lines(sanitation, [], sub('E01', 2, 5)),
  ...lines(parks, [], ['E0106']),
  ...lines(urban, [], ['E0107']),
  ...lines(sanitation, [], sub('E01', 8, 21)),
  ...lines(urban, [], sub('E02', 1, 12)),
  ...lines(housing, [urban], sub('E03', 1, 14)),
  ...lines(housing, [parks], ['E0315']),
  ...lines(housing, [urban], sub('E04', 1, 6)),
  ...lines(emergency, [housing], ['E0407']),
  ...lines(parks, [urban], ['E0408']),
  ...lines(housing, [urban], ['E0409']),
  ...lines(emergency, [housing], ['E0410', 'E0411']),
  ...lines(housing, [urban], sub('E04', 12, 17)),
  ...lines(emergency, [housing], ['E0418']),
  ...lines(urban, [], sub('E05', 1, 22)),
  ...lines(urban, [], ['E0601']),
  ...lines(housing, [], ['E0602']),
  ...lines(urban, [], sub('E06', 3, 6)),
  ...lines(parks, [], ['E0607']),
  ...lines(urban, [], sub('E06', 8, 17)),
  ...lines(civil, [], sub('E06', 18, 20)),
  ...lines(market, [], ['E0621', 'E0622']),
  ...lines(emergency, [], ['E0623']),
  ...lines(urban, [], ['E0624']),
  ...lines(urban, [], ['*']),
];

/** Publishes version 1 of the demo list for streets s01 and s02, once (idempotent). */
export async function seedDemoResponsibilities(dataSource: DataSource): Promise<{ published: string[] }> {
  const store = new ResponsibilityStore(dataSource);
  const service = new ResponsibilityService(dataSource, store, new SystemClock());
  const published: string[] = [];
  for (const street of ['s01', 's02']) {
    if (await store.hasList(street)) continue;
    const req: PublishResponsibilityRequest = { street, rules: DEMO_RESPONSIBILITY_RULES.map((r) => ({ ...r })) };
    await service.write(req, `d01.${street}`, 'seed');
    published.push(street);
  }
  return { published };
}
