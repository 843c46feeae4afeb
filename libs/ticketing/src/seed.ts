import { DataSource } from 'typeorm';
import { DEMO_DISTRICT_CATEGORIES } from './domain/catalogue';

/**
 * Adds the demo district's own categories (the national catalogue comes with the migrations).
 * Idempotent: answers how many were added this time.
 */
export async function seedDemoCatalogue(dataSource: DataSource): Promise<{ added: number }> {
  let added = 0;
  for (const c of DEMO_DISTRICT_CATEGORIES) {
    const rows: unknown[] = await dataSource.query(
      `INSERT INTO "ticketing".category (code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable, district)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [
        c.code,
        c.kind,
        c.majorCode,
        c.majorName,
        c.name,
        c.ackMinutes,
        c.handleMinutes,
        c.severity,
        c.gridClosable,
        c.district,
      ],
    );
    added += rows.length;
  }
  return { added };
}
