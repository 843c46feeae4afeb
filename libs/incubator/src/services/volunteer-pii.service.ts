import { Injectable } from '@nestjs/common';
import {
  VOLUNTEER_PII_FIELDS,
  type Actor,
  type Page,
  type RevealVolunteerCommand,
  type VolunteerPiiAccessEntry,
  type VolunteerPiiAccessQuery,
  type VolunteerPiiView,
} from '@gz/contracts';
import { Clock, FieldSealer, forbidden, notFound, requireActor, requireRole } from '@gz/platform';
import { DataSource } from 'typeorm';
import { keeps } from '../domain/access';
import { VolunteerStore } from '../persistence/volunteer.store';
import { sealContext } from './volunteers.service';

/**
 * Volunteers' basic data in full: only for the keepers of the volunteer's community, with a reason,
 * every field read audited in "incubator".pii_access; auditors and district admins list the reads.
 */
@Injectable()
export class VolunteerPiiService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly volunteers: VolunteerStore,
    private readonly sealer: FieldSealer,
    private readonly clock: Clock,
  ) {}

  async reveal(cmd: RevealVolunteerCommand, actor: Actor | undefined): Promise<VolunteerPiiView> {
    const a = requireActor(actor);
    const v = await this.volunteers.get(this.dataSource, cmd.id);
    if (!v) throw notFound('Volunteer', { id: cmd.id });
    if (!keeps(a, v.community_path))
      throw forbidden("Only the keepers of the volunteer's community read their data in full", { id: cmd.id });
    const fields = cmd.fields ?? [...VOLUNTEER_PII_FIELDS];
    const view: VolunteerPiiView = { volunteerId: v.id };
    for (const field of fields) {
      if (field === 'name') view.name = this.sealer.open(v.name_sealed, sealContext.name(v.id));
      if (field === 'phone') view.phone = this.sealer.open(v.phone_sealed, sealContext.phone(v.id));
      if (field === 'idNumber')
        view.idNumber = v.id_number_sealed ? this.sealer.open(v.id_number_sealed, sealContext.idNumber(v.id)) : null;
    }
    // Audited before it is answered: no full read leaves without its row.
    await this.volunteers.auditReads(this.dataSource, {
      volunteerId: v.id,
      fields,
      reason: cmd.reason.trim(),
      actorId: a.id,
      actorName: a.username ?? null,
      street: v.street_code,
      at: this.clock.now(),
    });
    return view;
  }

  /** Who read whose data in full, when and why: auditors and district admins, within their scopes. */
  async reads(query: VolunteerPiiAccessQuery, actor: Actor | undefined): Promise<Page<VolunteerPiiAccessEntry>> {
    const a = requireRole(actor, 'auditor', 'district_admin');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.volunteers.piiReads(
      { scopes: a.scopes, volunteerId: query.volunteerId },
      page,
      pageSize,
    );
    const items = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      volunteerId: r.subject_id,
      field: r.field,
      reader: r.actor_name ?? r.actor_id,
      readerId: r.actor_id,
      reason: r.reason,
    }));
    return { items, total, page, pageSize };
  }
}
