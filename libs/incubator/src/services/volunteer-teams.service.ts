import { Injectable } from '@nestjs/common';
import {
  streetOfPath,
  type Actor,
  type AddTeamMemberCommand,
  type CreateVolunteerTeamRequest,
  type Page,
  type TeamMemberListQuery,
  type UpdateVolunteerTeamCommand,
  type VolunteerTeamListQuery,
  type VolunteerTeamView,
  type VolunteerView,
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
import { actsFor, keeps, listingScopes } from '../domain/access';
import { managesTeam, readsTeam } from '../domain/volunteer-access';
import { VolunteerTeamStore } from '../persistence/volunteer-team.store';
import { VolunteerStore } from '../persistence/volunteer.store';
import { teamFacts, volunteerTeamView, volunteerView, type VolunteerTeamRow } from '../persistence/volunteer-views';
import { OrganisationsService } from './organisations.service';

const who = (a: Actor) => a.username ?? a.id;
const STALE = (current: number) => conflict('The team was changed since you read it', { currentVersion: current });

/**
 * Volunteer teams (志愿服务队): a team of an organisation on the roll, or a group of residents
 * recording under its residents' committee's guidance; organised by users named on it.
 */
@Injectable()
export class VolunteerTeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: VolunteerTeamStore,
    private readonly volunteers: VolunteerStore,
    private readonly organisations: OrganisationsService,
    private readonly orgs: OrgUnits,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateVolunteerTeamRequest, actor: Actor | undefined): Promise<VolunteerTeamView> {
    const a = requireActor(actor);
    if (req.organisationId) {
      const o = await this.organisations.visible(req.organisationId, a);
      if (!keeps(a, req.communityPath) && !actsFor(a, o.org_path))
        throw forbidden("Only the organisation's staff or the community's keepers set up its teams", {
          path: req.communityPath,
        });
      if (!o.communities_served.includes(req.communityPath))
        throw unprocessable(`communityPath: ${o.name} does not serve ${req.communityPath}`, { field: 'communityPath' });
    } else if (!keeps(a, req.communityPath))
      throw forbidden(
        `A team without an organisation records under its community: outside your scope ${req.communityPath}`,
        {
          path: req.communityPath,
        },
      );
    await this.orgs.require(req.communityPath, 'community', 'communityPath');
    const now = this.clock.now();
    const id = newId();
    try {
      await this.teams.insert(this.dataSource, {
        id,
        name: req.name.trim(),
        street_code: streetOfPath(req.communityPath),
        community_path: req.communityPath,
        organisation_id: req.organisationId ?? null,
        organiser_ids: req.organiserIds,
        purpose: req.purpose?.trim() ?? null,
        version: 1,
        created_by: who(a),
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'volunteer_team_name'))
        throw conflict(`The street already has a team named ${req.name.trim()}`, { field: 'name' });
      throw error;
    }
    return volunteerTeamView(await this.row(id));
  }

  async get(id: string, actor: Actor | undefined): Promise<VolunteerTeamView> {
    return volunteerTeamView(await this.readable(id, actor));
  }

  async list(query: VolunteerTeamListQuery, actor: Actor | undefined): Promise<Page<VolunteerTeamView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.teams.list(
      {
        scopes: listingScopes(a),
        orgScopes: a.roles.includes('social_org_staff') ? a.scopes : [],
        userId: a.kind === 'user' ? a.id : null,
        within: query.within,
        organisationId: query.organisationId,
        q: query.q,
      },
      page,
      pageSize,
    );
    return { items: rows.map(volunteerTeamView), total, page, pageSize };
  }

  async update(cmd: UpdateVolunteerTeamCommand, actor: Actor | undefined): Promise<VolunteerTeamView> {
    const t = await this.managed(cmd.id, actor);
    if (t.version !== cmd.version) throw STALE(t.version);
    const set: Parameters<VolunteerTeamStore['update']>[3] = {};
    if (cmd.name !== undefined) set.name = cmd.name.trim();
    if (cmd.organiserIds !== undefined) set.organiser_ids = cmd.organiserIds;
    if (cmd.purpose !== undefined) set.purpose = cmd.purpose.trim();
    if (Object.keys(set).length > 0) {
      try {
        if (!(await this.teams.update(this.dataSource, t.id, t.version, set, this.clock.now())))
          throw STALE(t.version + 1);
      } catch (error) {
        if (isUniqueViolation(error, 'volunteer_team_name'))
          throw conflict(`The street already has a team named ${set.name}`, { field: 'name' });
        throw error;
      }
    }
    return volunteerTeamView(await this.row(t.id));
  }

  /** Puts a volunteer on the team (those who run it; the volunteer must be on the roll). */
  async addMember(cmd: AddTeamMemberCommand, actor: Actor | undefined): Promise<VolunteerView> {
    const a = requireActor(actor);
    const t = await this.managed(cmd.id, a);
    const v = await this.volunteers.get(this.dataSource, cmd.volunteerId);
    if (!v) throw unprocessable('volunteerId: no such volunteer on the roll', { field: 'volunteerId' });
    await this.teams.addMember(this.dataSource, t.id, v.id, who(a), this.clock.now());
    return volunteerView(v);
  }

  async members(query: TeamMemberListQuery, actor: Actor | undefined): Promise<Page<VolunteerView>> {
    const t = await this.readable(query.id, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.teams.members(t.id, page, pageSize);
    return { items: rows.map(volunteerView), total, page, pageSize };
  }

  /** The team when the caller may read it, else 404/403. */
  async readable(id: string, actor: Actor | undefined): Promise<VolunteerTeamRow> {
    const a = requireActor(actor);
    const t = await this.row(id);
    if (!readsTeam(a, teamFacts(t))) throw forbidden('This team lies outside your scope', { id });
    return t;
  }

  /** The team when the caller runs it (organisers, the organisation's staff, the community's keepers), else 404/403. */
  async managed(id: string, actor: Actor | undefined): Promise<VolunteerTeamRow> {
    const a = requireActor(actor);
    const t = await this.row(id);
    if (!managesTeam(a, teamFacts(t))) throw forbidden('Only those who run the team may do this', { id });
    return t;
  }

  private async row(id: string): Promise<VolunteerTeamRow> {
    const t = await this.teams.get(this.dataSource, id);
    if (!t) throw notFound('Volunteer team', { id });
    return t;
  }
}
