import { Injectable } from '@nestjs/common';
import {
  pathWithin,
  personOf,
  streetOfPath,
  type Actor,
  type Page,
  type RegisterSelfRequest,
  type RegisterVolunteerRequest,
  type VolunteerBasicData,
  type VolunteerConsentMethod,
  type VolunteerListQuery,
  type VolunteerView,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  FieldSealer,
  forbidden,
  isUniqueViolation,
  maskIdNumber,
  maskName,
  maskPhone,
  newId,
  normalisePhone,
  notFound,
  OrgUnits,
  requireActor,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { keeps, listingScopes, reads } from '../domain/access';
import { isSelf, managesTeam, neighbourhoods } from '../domain/volunteer-access';
import { idNumberProblem, normaliseIdNumber } from '../domain/volunteer-identity';
import { VolunteerTeamStore } from '../persistence/volunteer-team.store';
import { VolunteerStore } from '../persistence/volunteer.store';
import { teamFacts, volunteerView, type VolunteerRow } from '../persistence/volunteer-views';

const who = (a: Actor) => a.username ?? a.id;

/** The contexts values are sealed under: a value copied to another record or field does not open. */
export const sealContext = {
  name: (id: string) => `volunteer-name:${id}`,
  phone: (id: string) => `volunteer-phone:${id}`,
  idNumber: (id: string) => `volunteer-id-number:${id}`,
};

/**
 * Volunteers on the roll (志愿者实名登记): entered by a team's organisers or the community with
 * the volunteer's consent on record, or by a resident themself; their basic data sealed, answered
 * masked.
 */
@Injectable()
export class VolunteersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly volunteers: VolunteerStore,
    private readonly teams: VolunteerTeamStore,
    private readonly sealer: FieldSealer,
    private readonly orgs: OrgUnits,
    private readonly clock: Clock,
  ) {}

  async register(req: RegisterVolunteerRequest, actor: Actor | undefined): Promise<VolunteerView> {
    const a = requireActor(actor);
    const team = req.teamId ? await this.teams.get(this.dataSource, req.teamId) : undefined;
    if (req.teamId && !team) throw unprocessable('teamId: no such volunteer team', { field: 'teamId' });
    if (team ? !managesTeam(a, teamFacts(team)) : !keeps(a, req.communityPath))
      throw forbidden(
        team
          ? 'Only those who run the team register volunteers for it'
          : `Outside your scope: ${req.communityPath} (or name the team you organise)`,
        { path: req.communityPath },
      );
    const now = this.clock.now();
    const givenAt = new Date(req.consent.givenAt);
    if (givenAt > now)
      throw unprocessable('consent.givenAt: consent is recorded once given, not ahead', { field: 'consent.givenAt' });
    return this.enter(req, a, {
      userId: req.userId ?? null,
      teamId: team?.id,
      consent: { at: givenAt, method: req.consent.method, note: req.consent.note?.trim() ?? null },
    });
  }

  /** A resident enters themself, in a community of their own street; their account is linked. */
  async registerSelf(req: RegisterSelfRequest, actor: Actor | undefined): Promise<VolunteerView> {
    const a = requireActor(actor);
    if (a.kind !== 'user') throw forbidden('Only a person signed in registers themself');
    if (!neighbourhoods(a).some((s) => pathWithin(req.communityPath, s)))
      throw forbidden(`Register in a community of your own street, not ${req.communityPath}`, {
        path: req.communityPath,
      });
    return this.enter(req, a, {
      userId: a.id,
      consent: { at: this.clock.now(), method: 'online', note: null },
    });
  }

  async get(id: string, actor: Actor | undefined): Promise<VolunteerView> {
    return volunteerView(await this.readable(id, actor));
  }

  /** The caller's own volunteer record. */
  async mine(actor: Actor | undefined): Promise<VolunteerView> {
    return volunteerView(await this.own(actor));
  }

  async list(query: VolunteerListQuery, actor: Actor | undefined): Promise<Page<VolunteerView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.volunteers.list(
      {
        scopes: listingScopes(a),
        orgScopes: a.roles.includes('social_org_staff') ? a.scopes : [],
        userId: a.kind === 'user' ? a.id : null,
        within: query.within,
        teamId: query.teamId,
        phoneIndex: query.phone ? this.sealer.index(normalisePhone(query.phone)) : undefined,
      },
      page,
      pageSize,
    );
    return { items: rows.map(volunteerView), total, page, pageSize };
  }

  /**
   * The volunteer when the caller may read the record: the volunteer themself, the readers of
   * their community, those who run a team they are on or signed up with. Else 404/403.
   */
  async readable(id: string, actor: Actor | undefined): Promise<VolunteerRow> {
    const a = requireActor(actor);
    const v = await this.volunteers.get(this.dataSource, id);
    if (!v) throw notFound('Volunteer', { id });
    if (isSelf(a, v.user_id) || reads(a, v.community_path)) return v;
    const teams = await this.teams.teamsOfVolunteer(this.dataSource, v.id);
    if (!teams.some((t) => managesTeam(a, t))) throw forbidden('This volunteer lies outside your scope', { id });
    return v;
  }

  /** The caller's own volunteer record, else 404 (register first). */
  async own(actor: Actor | undefined): Promise<VolunteerRow> {
    const a = requireActor(actor);
    const v = a.kind === 'user' ? await this.volunteers.ofUser(this.dataSource, a.id) : undefined;
    if (!v) throw notFound('Your volunteer record (register at POST /api/v1/incubator/volunteers/me)');
    return v;
  }

  private async enter(
    data: VolunteerBasicData,
    a: Actor,
    extra: {
      userId: string | null;
      teamId?: string;
      consent: { at: Date; method: VolunteerConsentMethod; note: string | null };
    },
  ): Promise<VolunteerView> {
    const now = this.clock.now();
    const idNumber = data.idNumber ? normaliseIdNumber(data.idNumber) : null;
    const problem = idNumber && idNumberProblem(idNumber, shanghaiDay(now));
    if (problem) throw unprocessable(`idNumber: ${problem}`, { field: 'idNumber' });
    await this.orgs.require(data.communityPath, 'community', 'communityPath');
    const id = newId();
    const name = data.name.trim();
    const row: VolunteerRow = {
      id,
      name_sealed: this.sealer.seal(name, sealContext.name(id)),
      name_masked: maskName(name),
      phone_sealed: this.sealer.seal(data.phone, sealContext.phone(id)),
      phone_masked: maskPhone(data.phone),
      phone_index: this.sealer.index(normalisePhone(data.phone)),
      id_number_sealed: idNumber ? this.sealer.seal(idNumber, sealContext.idNumber(id)) : null,
      id_number_masked: idNumber ? maskIdNumber(idNumber) : null,
      id_number_index: idNumber ? this.sealer.index(idNumber) : null,
      street_code: streetOfPath(data.communityPath),
      community_path: data.communityPath,
      user_id: extra.userId,
      consent_at: extra.consent.at,
      consent_method: extra.consent.method,
      consent_note: extra.consent.note,
      consent_recorded_by: personOf(a),
      version: 1,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.dataSource.transaction(async (m) => {
        await this.volunteers.insert(m, row);
        if (extra.teamId) await this.teams.addMember(m, extra.teamId, id, who(a), now);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'volunteer_id_number'))
        throw conflict('A volunteer with this identity number is already on the roll', { field: 'idNumber' });
      if (isUniqueViolation(error, 'volunteer_user'))
        throw conflict('This account already has a volunteer record', { field: 'userId' });
      throw error;
    }
    return volunteerView(row);
  }
}
