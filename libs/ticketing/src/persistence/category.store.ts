import { Injectable } from '@nestjs/common';
import type { CategoryKind } from '@gz/contracts';
import { Params } from '@gz/platform';
import { DataSource } from 'typeorm';
import type { CategoryRow } from './views';

/** The category catalogue's store. */
@Injectable()
export class CategoryStore {
  constructor(private readonly dataSource: DataSource) {}

  async byCode(code: string): Promise<CategoryRow | undefined> {
    const rows: CategoryRow[] = await this.dataSource.query(`SELECT * FROM "ticketing".category WHERE code = $1`, [
      code,
    ]);
    return rows[0];
  }

  /** The national categories and those of the given districts, by kind and code. */
  async list(f: { districts: string[]; kind?: CategoryKind; majorCode?: string }): Promise<CategoryRow[]> {
    const p = new Params();
    const where = [`(district IS NULL OR district = ANY(${p.add(f.districts)}::text[]))`];
    if (f.kind) where.push(`kind = ${p.add(f.kind)}`);
    if (f.majorCode) where.push(`major_code = ${p.add(f.majorCode)}`);
    return this.dataSource.query(
      `SELECT * FROM "ticketing".category WHERE ${where.join(' AND ')} ORDER BY kind, code`,
      p.values,
    );
  }

  /** Adds a category; undefined when its code exists already. */
  async add(c: Omit<CategoryRow, 'district'> & { district: string }): Promise<CategoryRow | undefined> {
    const rows: CategoryRow[] = await this.dataSource.query(
      `INSERT INTO "ticketing".category (code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable, district)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING RETURNING *`,
      [
        c.code,
        c.kind,
        c.major_code,
        c.major_name,
        c.name,
        c.ack_minutes,
        c.handle_minutes,
        c.severity,
        c.grid_closable,
        c.district,
      ],
    );
    return rows[0];
  }
}
