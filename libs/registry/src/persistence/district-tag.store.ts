import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Tags a district defines beside the built-in ones. */
@Injectable()
export class DistrictTagStore {
  constructor(private readonly dataSource: DataSource) {}

  async ofDistrict(district: string): Promise<Array<{ code: string; name: string }>> {
    return this.dataSource.query(`SELECT code, name FROM "registry".district_tag WHERE district = $1 ORDER BY code`, [
      district,
    ]);
  }

  /** The tags of several districts at once (an import looks up the whole file once). */
  async ofDistricts(districts: readonly string[]): Promise<Array<{ district: string; code: string; name: string }>> {
    return this.dataSource.query(
      `SELECT district, code, name FROM "registry".district_tag WHERE district = ANY($1::text[])`,
      [districts],
    );
  }

  /** Of `codes`, those the district defined. */
  async defined(
    district: string,
    codes: readonly string[],
    m: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<string[]> {
    const rows: Array<{ code: string }> = await m.query(
      `SELECT code FROM "registry".district_tag WHERE district = $1 AND code = ANY ($2)`,
      [district, codes],
    );
    return rows.map((r) => r.code);
  }

  /** A unique violation when the district has defined the code already. */
  async insert(district: string, code: string, name: string, by: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "registry".district_tag (district, code, name, created_by) VALUES ($1, $2, $3, $4)`,
      [district, code, name, by],
    );
  }
}
