import { Injectable } from '@nestjs/common';
import type { SensitiveField } from '@gz/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/** The person fields each district marks sensitive. */
@Injectable()
export class SensitiveFieldStore {
  constructor(private readonly dataSource: DataSource) {}

  async of(district: string, m: Pick<EntityManager, 'query'> = this.dataSource): Promise<SensitiveField[]> {
    const rows: Array<{ field: SensitiveField }> = await m.query(
      `SELECT field FROM "registry".sensitive_field WHERE district = $1 ORDER BY field`,
      [district],
    );
    return rows.map((r) => r.field);
  }

  /** The district's list becomes `fields`. */
  async replace(m: EntityManager, district: string, fields: readonly SensitiveField[], by: string): Promise<void> {
    await m.query(`DELETE FROM "registry".sensitive_field WHERE district = $1`, [district]);
    for (const field of fields) {
      await m.query(`INSERT INTO "registry".sensitive_field (district, field, updated_by) VALUES ($1, $2, $3)`, [
        district,
        field,
        by,
      ]);
    }
  }
}
