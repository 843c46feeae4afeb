import { Injectable } from '@nestjs/common';
import {
  districtOfPath,
  type Actor,
  type CategoryQuery,
  type CategoryView,
  type CreateCategoryRequest,
} from '@gz/contracts';
import { conflict, requireActor, requireRole, requireScope } from '@gz/platform';
import { CategoryStore } from '../persistence/category.store';
import { categoryView, type CategoryRow } from '../persistence/views';

/** The category catalogue: the national classification, extended per district. */
@Injectable()
export class CategoriesService {
  /** Categories are never changed once written (only added), so a found one stays true. */
  private readonly known = new Map<string, CategoryRow>();

  constructor(private readonly store: CategoryStore) {}

  /** One category by its code, from memory after the first read. */
  async byCode(code: string): Promise<CategoryRow | undefined> {
    const cached = this.known.get(code);
    if (cached) return cached;
    const row = await this.store.byCode(code);
    if (row && this.known.size < 10_000) this.known.set(code, row);
    return row;
  }

  async list(query: CategoryQuery, actor: Actor | undefined): Promise<CategoryView[]> {
    const a = requireActor(actor);
    const districts = [...new Set(a.scopes.map(districtOfPath))];
    const rows = await this.store.list({ districts, kind: query.kind, majorCode: query.majorCode });
    return rows.map(categoryView);
  }

  async create(req: CreateCategoryRequest, actor: Actor | undefined): Promise<CategoryView> {
    requireRole(actor, 'district_admin');
    requireScope(actor, req.district);
    if (!/-\d{2}$/.test(req.code))
      throw conflict('District categories extend a national one: use a suffixed code such as C0302-01', {
        field: 'code',
      });
    const row = await this.store.add({
      code: req.code,
      kind: req.code.startsWith('C') ? 'component' : 'event',
      major_code: req.majorCode,
      major_name: req.majorName,
      name: req.name,
      ack_minutes: req.ackMinutes,
      handle_minutes: req.handleMinutes,
      severity: req.severity,
      grid_closable: req.gridClosable,
      district: req.district,
    });
    if (!row) throw conflict(`The category ${req.code} exists already`, { code: req.code });
    return categoryView(row);
  }
}
