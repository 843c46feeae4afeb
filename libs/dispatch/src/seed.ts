import type { PublishResponsibilityRequest, ResponsibilityRuleInput } from '@gz/contracts';
import { DataSource } from 'typeorm';
import { SystemClock } from './clock';
import { ResponsibilityService } from './responsibility.service';

const sanitation = { path: 'd01.dep-sanitation', name: '区环卫局' };
const urban = { path: 'd01.dep-urban', name: '区城管局' };
const housing = { path: 'd01.dep-housing', name: '区住建局' };

/**
 * The demo district's responsibility list (责任清单), the same for both streets: sanitation owns
 * toilets, bins and rubbish; urban management owns street order, advertising and the rest;
 * housing and construction owns utilities, houses and construction sites, jointly with urban
 * management for construction and emergencies.
 */
export const DEMO_RESPONSIBILITY_RULES: ResponsibilityRuleInput[] = [
  { category: '*', lead: urban },
  { category: 'C01*', lead: housing },
  { category: 'C03*', lead: sanitation },
  { category: 'C0307', lead: urban },
  { category: 'C05*', lead: housing },
  { category: 'E01*', lead: sanitation },
  { category: 'E0101', lead: urban, co: [housing] },
  { category: 'E0107', lead: urban },
  { category: 'E02*', lead: urban },
  { category: 'E03*', lead: housing, co: [urban] },
  { category: 'E04*', lead: housing, co: [urban] },
  { category: 'E05*', lead: urban },
  { category: 'E0602', lead: housing },
];

/** Publishes version 1 of the demo list for streets s01 and s02, once (idempotent). */
export async function seedDemoResponsibilities(dataSource: DataSource): Promise<{ published: string[] }> {
  const service = new ResponsibilityService(dataSource, new SystemClock());
  const published: string[] = [];
  for (const street of ['s01', 's02']) {
    const created = await dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-dispatch-seed']);
      const [{ any }]: Array<{ any: boolean }> = await m.query(
        `SELECT EXISTS (SELECT 1 FROM "dispatch".responsibility_list WHERE street_code = $1) AS any`,
        [street],
      );
      return !any;
    });
    if (!created) continue;
    const req: PublishResponsibilityRequest = { street, rules: DEMO_RESPONSIBILITY_RULES.map((r) => ({ ...r })) };
    await service.write(dataSource, req, `d01.${street}`, 'seed');
    published.push(street);
  }
  return { published };
}
