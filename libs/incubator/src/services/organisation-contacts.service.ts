import { Injectable } from '@nestjs/common';
import {
  CONTACT_SUBJECT_KIND,
  pathDepth,
  streetOfPath,
  type Actor,
  type AddContactCommand,
  type ContactListQuery,
  type ContactPhoneView,
  type ContactView,
  type IncubatorPiiAccessEntry,
  type IncubatorPiiAccessQuery,
  type Page,
  type RevealContactCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  FieldSealer,
  forbidden,
  isUniqueViolation,
  maskPhone,
  newId,
  normalisePhone,
  notFound,
  requireActor,
  requireRole,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { actsFor, keeps } from '../domain/access';
import { ContactStore } from '../persistence/contact.store';
import { contactView, piiAccessView, type ContactRow } from '../persistence/organisation-record-views';
import type { OrganisationRow } from '../persistence/views';
import { OrganisationsService } from './organisations.service';

/** The context a contact's phone is sealed under: it opens only as this contact's. */
const phoneContext = (contactId: string) => `contact-phone:${contactId}`;

/**
 * An organisation's contacts: personal data, the phone sealed at rest and answered masked; the
 * full number only for the organisation's keepers, with a reason, each read audited in
 * pii_access, which auditors and district admins list.
 */
@Injectable()
export class OrganisationContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly contacts: ContactStore,
    private readonly sealer: FieldSealer,
    private readonly clock: Clock,
  ) {}

  async add(cmd: AddContactCommand, actor: Actor | undefined): Promise<ContactView> {
    const a = requireActor(actor);
    this.mayChange(a, await this.organisations.visible(cmd.organisationId, a));
    const id = newId();
    const row: ContactRow = {
      id,
      organisation_id: cmd.organisationId,
      name: cmd.name.trim(),
      role: cmd.role.trim(),
      phone_sealed: this.sealer.seal(cmd.phone, phoneContext(id)),
      phone_masked: maskPhone(cmd.phone),
      phone_index: this.sealer.index(normalisePhone(cmd.phone)),
      added_by_id: a.id,
      added_by_name: a.username ?? null,
      added_at: this.clock.now(),
    };
    try {
      await this.contacts.insert(this.dataSource, row);
    } catch (error) {
      if (isUniqueViolation(error, 'organisation_contact_phone'))
        throw conflict('The organisation already has a contact with this phone', { field: 'phone' });
      throw error;
    }
    return contactView(row);
  }

  async list(query: ContactListQuery, actor: Actor | undefined): Promise<Page<ContactView>> {
    await this.organisations.visible(query.organisationId, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.contacts.list(query.organisationId, page, pageSize);
    return { items: rows.map(contactView), total, page, pageSize };
  }

  async remove(id: string, actor: Actor | undefined): Promise<ContactView> {
    const a = requireActor(actor);
    const c = await this.contacts.get(this.dataSource, id);
    if (!c) throw notFound('contact', { id });
    this.mayChange(a, await this.organisations.visible(c.organisation_id, a));
    if (!(await this.contacts.remove(this.dataSource, id))) throw notFound('contact', { id });
    return contactView(c);
  }

  /** The full phone, for the organisation's keepers, with a reason; the read is audited first. */
  async reveal(cmd: RevealContactCommand, actor: Actor | undefined): Promise<ContactPhoneView> {
    const a = requireActor(actor);
    const c = await this.contacts.get(this.dataSource, cmd.id);
    if (!c) throw notFound('contact', { id: cmd.id });
    const o = await this.organisations.visible(c.organisation_id, a);
    if (!keeps(a, o.community_path))
      throw forbidden("Only the organisation's keepers see a contact's full phone", { id: cmd.id });
    await this.contacts.auditRead(this.dataSource, {
      subject_kind: CONTACT_SUBJECT_KIND,
      subject_id: c.id,
      field: 'phone',
      reason: cmd.reason.trim(),
      actor_id: a.id,
      actor_name: a.username ?? null,
      street_code: o.street_code,
      at: this.clock.now(),
    });
    return { contactId: c.id, phone: this.sealer.open(c.phone_sealed, phoneContext(c.id)) };
  }

  /**
   * Who read which personal data in full, when and why: auditors and district admins. A
   * district-wide scope reads every street's audit (the service serves one district); a street
   * scope reads its street's.
   */
  async piiAccess(query: IncubatorPiiAccessQuery, actor: Actor | undefined): Promise<Page<IncubatorPiiAccessEntry>> {
    const a = requireRole(actor, 'auditor', 'district_admin');
    const districtWide = a.scopes.some((s) => pathDepth(s) === 1);
    const scoped = districtWide ? undefined : [...new Set(a.scopes.map(streetOfPath).filter((s) => s !== 'all'))];
    const streets = query.street ? (scoped && !scoped.includes(query.street) ? [] : [query.street]) : scoped;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.contacts.reads(
      { streets, subjectKind: query.subjectKind, subjectId: query.subjectId },
      page,
      pageSize,
    );
    return { items: rows.map(piiAccessView), total, page, pageSize };
  }

  private mayChange(a: Actor, o: OrganisationRow): void {
    if (!keeps(a, o.community_path) && !actsFor(a, o.org_path))
      throw forbidden("Only its keepers and its own staff change an organisation's contacts", { id: o.id });
  }
}
