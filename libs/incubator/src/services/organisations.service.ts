import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  streetOfPath,
  type Actor,
  type CreateOrganisationRequest,
  type OrganisationListQuery,
  type OrganisationView,
  type Page,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  OrgUnits,
  Outbox,
  requireActor,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { actsFor, keeps, listingScopes, reads } from '../domain/access';
import { organisationProblems } from '../domain/organisation-rules';
import { OrganisationStore } from '../persistence/organisation.store';
import { organisationView, type OrganisationRow } from '../persistence/views';

/** Community social organisations (社区社会组织) on the incubator's roll. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationStore,
    private readonly orgs: OrgUnits,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateOrganisationRequest, actor: Actor | undefined): Promise<OrganisationView> {
    const a = requireActor(actor);
    if (!keeps(a, req.communityPath))
      throw forbidden(`Outside your scope: ${req.communityPath}`, { path: req.communityPath });
    const problems = organisationProblems(req);
    const [field] = Object.keys(problems);
    if (field) throw unprocessable(`${field}: ${problems[field]}`, { field, problems });
    for (const path of req.communitiesServed) await this.orgs.require(path, 'community', 'communitiesServed');
    if (req.orgPath) await this.orgs.require(req.orgPath, 'social_org', 'orgPath');
    const now = this.clock.now();
    const row: Omit<OrganisationRow, 'communities_served'> = {
      id: newId(),
      name: req.name.trim(),
      legal_status: req.legalStatus,
      credit_code: req.creditCode ?? null,
      street_code: streetOfPath(req.communityPath),
      community_path: req.communityPath,
      fields: req.fields,
      org_path: req.orgPath ?? null,
      purpose: req.purpose?.trim() ?? null,
      version: 1,
      created_by: a.username ?? a.id,
      created_at: now,
      updated_at: now,
    };
    const communities = [...req.communitiesServed].sort();
    try {
      await this.dataSource.transaction(async (m) => {
        await this.organisations.insert(m, row, communities);
        await this.outbox.add(m, {
          type: IncubatorEvents.organisationRegistered,
          street: row.street_code,
          actor: a,
          data: {
            organisationId: row.id,
            name: row.name,
            legalStatus: row.legal_status,
            street: row.street_code,
            communityPath: row.community_path,
            communitiesServed: communities,
            fields: row.fields,
            by: personOf(a),
            at: now.toISOString(),
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organisation_name'))
        throw conflict(`The street already has an organisation named ${row.name}`, { field: 'name' });
      if (isUniqueViolation(error, 'organisation_credit_code'))
        throw conflict(`An organisation with credit code ${row.credit_code} is already on the roll`, {
          field: 'creditCode',
        });
      throw error;
    }
    return this.get(row.id, a);
  }

  async get(id: string, actor: Actor | undefined): Promise<OrganisationView> {
    return organisationView(await this.visible(id, actor), shanghaiDay(this.clock.now()));
  }

  async list(query: OrganisationListQuery, actor: Actor | undefined): Promise<Page<OrganisationView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.organisations.list(
      {
        scopes: listingScopes(a),
        orgScopes: a.roles.includes('social_org_staff') ? a.scopes : [],
        within: query.within,
        legalStatus: query.legalStatus,
        field: query.field,
        q: query.q,
      },
      page,
      pageSize,
    );
    const today = shanghaiDay(this.clock.now());
    return { items: rows.map((r) => organisationView(r, today)), total, page, pageSize };
  }

  /** The organisation when the caller may see it (its keepers and readers, its own staff), else 404/403. */
  async visible(id: string, actor: Actor | undefined): Promise<OrganisationRow> {
    const a = requireActor(actor);
    const row = await this.organisations.get(this.dataSource, id);
    if (!row) throw notFound('organisation', { id });
    if (!reads(a, row.community_path) && !actsFor(a, row.org_path))
      throw forbidden('This organisation lies outside your scope', { id });
    return row;
  }

  /** The organisation when the caller keeps its place, else 404/403. */
  async kept(id: string, actor: Actor | undefined): Promise<OrganisationRow> {
    const a = requireActor(actor);
    const row = await this.organisations.get(this.dataSource, id);
    if (!row) throw notFound('organisation', { id });
    if (!keeps(a, row.community_path)) throw forbidden('Only its keepers may change this organisation', { id });
    return row;
  }
}
