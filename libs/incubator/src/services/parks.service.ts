import { Injectable } from '@nestjs/common';
import {
  streetOfPath,
  type Actor,
  type CreateParkRequest,
  type Page,
  type ParkListQuery,
  type ParkView,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  OrgUnits,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { keeps } from '../domain/access';
import { parkScopes, seesPark } from '../domain/incubation-access';
import { parkView, type ParkRow } from '../persistence/incubation-views';
import { ParkStore } from '../persistence/park.store';

/** Incubation parks (孵化园, 孵化基地) of streets (or communities), kept by the place's keepers. */
@Injectable()
export class ParksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parks: ParkStore,
    private readonly orgs: OrgUnits,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateParkRequest, actor: Actor | undefined): Promise<ParkView> {
    const a = requireActor(actor);
    if (!keeps(a, req.path)) throw forbidden(`Outside your scope: ${req.path}`, { path: req.path });
    const unit = await this.orgs.find(req.path);
    if (!unit || (unit.kind !== 'street' && unit.kind !== 'community'))
      throw unprocessable(`path ${req.path} is not a street or a community of the organisation tree`, {
        field: 'path',
        path: req.path,
      });
    const row: ParkRow = {
      id: newId(),
      name: req.name.trim(),
      path: req.path,
      street_code: streetOfPath(req.path),
      operator: req.operator.trim(),
      address: req.address?.trim() ?? null,
      created_by_id: a.id,
      created_by_name: a.username ?? null,
      created_at: this.clock.now(),
    };
    try {
      await this.parks.insert(this.dataSource, row);
    } catch (error) {
      if (isUniqueViolation(error, 'park_name'))
        throw conflict(`The street already has a park named ${row.name}`, { field: 'name' });
      throw error;
    }
    return this.get(row.id, a);
  }

  async get(id: string, actor: Actor | undefined): Promise<ParkView> {
    const a = requireActor(actor);
    const row = await this.parks.getWithCounts(id, this.clock.now());
    if (!row) throw notFound('park', { id });
    if (!seesPark(a, row.path)) throw forbidden('This park lies outside your scope', { id });
    return parkView(row);
  }

  async list(query: ParkListQuery, actor: Actor | undefined): Promise<Page<ParkView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.parks.list(
      { scopes: parkScopes(a), within: query.within, now: this.clock.now() },
      page,
      pageSize,
    );
    return { items: rows.map(parkView), total, page, pageSize };
  }

  /** The park's row, or 404. */
  async require(id: string): Promise<ParkRow> {
    const row = await this.parks.get(this.dataSource, id);
    if (!row) throw notFound('park', { id });
    return row;
  }
}
