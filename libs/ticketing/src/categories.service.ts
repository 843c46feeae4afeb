import { Injectable } from '@nestjs/common';
import type { Actor, CategoryQuery, CategoryView, CreateCategoryRequest } from '@gz/contracts';
import { conflict, requireActor, requireRole, requireScope } from '@gz/platform';
import { DataSource } from 'typeorm';
import { categoryView, type CategoryRow } from './views';

/** The category catalogue: the national classification, extended per district. */
@Injectable()
export class CategoriesService {
  /** Categories are never changed once written (only added), so a found one stays true. */
  private readonly known = new Map<string, CategoryRow>();

  constructor(private readonly dataSource: DataSource) {}

  /** One category by its code, from memory after the first read. */
  async byCode(code: string): Promise<CategoryRow | undefined> {
    const cached = this.known.get(code);
    if (cached) return cached;
    const rows: CategoryRow[] = await this.dataSource.query(`SELECT * FROM "ticketing".category WHERE code = $1`, [
      code,
    ]);
    if (rows[0] && this.known.size < 10_000) this.known.set(code, rows[0]);
    return rows[0];
  }

  async list(query: CategoryQuery, actor: Actor | undefined): Promise<CategoryView[]> {
    const a = requireActor(actor);
    const districts = [...new Set(a.scopes.map((s) => s.split('.')[0]))];
    const params: unknown[] = [districts];
    const where = ['(district IS NULL OR district = ANY($1::text[]))'];
    if (query.kind) {
      params.push(query.kind);
      where.push(`kind = $${params.length}`);
    }
    if (query.majorCode) {
      params.push(query.majorCode);
      where.push(`major_code = $${params.length}`);
    }
    const rows: CategoryRow[] = await this.dataSource.query(
      `SELECT * FROM "ticketing".category WHERE ${where.join(' AND ')} ORDER BY kind, code`,
      params,
    );
    return rows.map(categoryView);
  }

  async create(req: CreateCategoryRequest, actor: Actor | undefined): Promise<CategoryView> {
    requireRole(actor, 'district_admin');
    requireScope(actor, req.district);
    if (!/-\d{2}$/.test(req.code))
      throw conflict('District categories extend a national one: use a suffixed code such as C0302-01', {
        field: 'code',
      });
    const rows: CategoryRow[] = await this.dataSource.query(
      `INSERT INTO "ticketing".category (code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable, district)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING RETURNING *`,
      [
        req.code,
        req.code.startsWith('C') ? 'component' : 'event',
        req.majorCode,
        req.majorName,
        req.name,
        req.ackMinutes,
        req.handleMinutes,
        req.severity,
        req.gridClosable,
        req.district,
      ],
    );
    if (rows.length === 0) throw conflict(`The category ${req.code} exists already`, { code: req.code });
    return categoryView(rows[0]);
  }
}
