import { Injectable } from '@nestjs/common';
import {
  districtOfPath,
  type Actor,
  type SensitiveFieldsQuery,
  type SensitiveFieldsView,
  type SetSensitiveFieldsRequest,
} from '@gz/contracts';
import { DataSource } from 'typeorm';
import { checkWritePath, requireDistrict, requireReader, requireRoles } from '../domain/actors';
import { SensitiveFieldStore } from '../persistence/sensitive-field.store';

/** The person fields each district marks sensitive: a grid worker's change to one waits for approval. */
@Injectable()
export class SensitiveFieldsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly fields: SensitiveFieldStore,
  ) {}

  async get(query: SensitiveFieldsQuery, actor: Actor | undefined): Promise<SensitiveFieldsView> {
    const a = requireReader(actor);
    const district = requireDistrict(a, query.district);
    return { district, fields: await this.fields.of(district) };
  }

  /** Replaces the district's list of sensitive fields (district admins). */
  async set(req: SetSensitiveFieldsRequest, actor: Actor | undefined): Promise<SensitiveFieldsView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = req.district ?? districtOfPath(a.scopes[0] ?? '');
    checkWritePath(a, district);
    await this.dataSource.transaction((m) => this.fields.replace(m, district, req.fields, a.id));
    return { district, fields: await this.fields.of(district) };
  }
}
