import { Injectable } from '@nestjs/common';
import {
  personOf,
  streetOfPath,
  type Actor,
  type ActivityListQuery,
  type ActivityView,
  type CheckCodeView,
  type CreateActivityRequest,
  type Page,
} from '@gz/contracts';
import {
  Clock,
  forbidden,
  newId,
  notFound,
  OrgUnits,
  requireActor,
  unprocessable,
  WorkingCalendar,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { listingScopes } from '../domain/access';
import { activityProblems, checkWindow, newCheckCode } from '../domain/volunteer-activity';
import { managesTeam, neighbourhoods, seesActivity } from '../domain/volunteer-access';
import { IncubatorConfig } from '../incubator.config';
import { VolunteerActivityStore } from '../persistence/volunteer-activity.store';
import { activityTeam, activityView, type ActivityRow } from '../persistence/volunteer-views';
import { VolunteerTeamsService } from './volunteer-teams.service';

/**
 * Volunteer activities (志愿服务活动): what, where, when, how many places, who is in charge; open
 * to the people of their street; run by the organising team.
 */
@Injectable()
export class VolunteerActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: VolunteerActivityStore,
    private readonly teams: VolunteerTeamsService,
    private readonly orgs: OrgUnits,
    private readonly calendar: WorkingCalendar,
    private readonly config: IncubatorConfig,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateActivityRequest, actor: Actor | undefined): Promise<ActivityView> {
    const a = requireActor(actor);
    const team = await this.teams.managed(req.teamId, a);
    const startsAt = new Date(req.startsAt);
    const endsAt = new Date(req.endsAt);
    const problems = activityProblems({ startsAt, endsAt });
    if (streetOfPath(req.communityPath) !== team.street_code)
      problems.communityPath = `the team records in its own street (${team.street_code})`;
    const [field] = Object.keys(problems);
    if (field) throw unprocessable(`${field}: ${problems[field]}`, { field, problems });
    await this.orgs.require(req.communityPath, 'community', 'communityPath');
    const id = newId();
    await this.activities.insert(this.dataSource, {
      id,
      team_id: team.id,
      title: req.title.trim(),
      content: req.content.trim(),
      place: req.place.trim(),
      street_code: team.street_code,
      community_path: req.communityPath,
      starts_at: startsAt,
      ends_at: endsAt,
      capacity: req.capacity,
      in_charge: req.inCharge.trim(),
      check_code: newCheckCode(),
      hours_due_at: this.calendar.deadlineAfter(endsAt, this.config.VOLUNTEER_HOURS_DUE_WORKING_DAYS),
      created_by: personOf(a),
      created_at: this.clock.now(),
    });
    return activityView(await this.row(id));
  }

  async get(id: string, actor: Actor | undefined): Promise<ActivityView> {
    return activityView(await this.visible(id, actor));
  }

  async list(query: ActivityListQuery, actor: Actor | undefined): Promise<Page<ActivityView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.activities.list(
      {
        streets: a.kind === 'user' ? neighbourhoods(a) : [],
        scopes: listingScopes(a),
        orgScopes: a.roles.includes('social_org_staff') ? a.scopes : [],
        userId: a.kind === 'user' ? a.id : null,
        teamId: query.teamId,
        within: query.within,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      page,
      pageSize,
    );
    return { items: rows.map(activityView), total, page, pageSize };
  }

  /** The code to show at the activity, and when it is accepted (those who run the team). */
  async checkCode(id: string, actor: Actor | undefined): Promise<CheckCodeView> {
    const act = await this.managed(id, actor);
    const window = checkWindow(
      { startsAt: act.starts_at, endsAt: act.ends_at },
      this.config.VOLUNTEER_CHECK_WINDOW_MIN,
    );
    return {
      activityId: act.id,
      code: act.check_code,
      validFrom: window.from.toISOString(),
      validUntil: window.until.toISOString(),
    };
  }

  /** The activity when the caller may see it (its street's people, readers, those who run its team), else 404/403. */
  async visible(id: string, actor: Actor | undefined): Promise<ActivityRow> {
    const a = requireActor(actor);
    const act = await this.row(id);
    if (!seesActivity(a, act.community_path, activityTeam(act)))
      throw forbidden('This activity lies outside your scope', { id });
    return act;
  }

  /** The activity when the caller runs its team, else 404/403. */
  async managed(id: string, actor: Actor | undefined): Promise<ActivityRow> {
    const a = requireActor(actor);
    const act = await this.row(id);
    if (!managesTeam(a, activityTeam(act))) throw forbidden('Only those who run the team may do this', { id });
    return act;
  }

  async row(id: string): Promise<ActivityRow> {
    const act = await this.activities.get(this.dataSource, id);
    if (!act) throw notFound('Activity', { id });
    return act;
  }
}
