import { Injectable } from '@nestjs/common';
import {
  MAX_RECORD_ENTRIES,
  type Actor,
  type Page,
  type TeamHoursQuery,
  type TeamHoursView,
  type TeamVolunteerHoursQuery,
  type VolunteerHoursQuery,
  type VolunteerHoursView,
  type VolunteerMinutesView,
  type VolunteerRecordQuery,
  type VolunteerRecordView,
} from '@gz/contracts';
import { forbidden, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { keeps } from '../domain/access';
import { isSelf } from '../domain/volunteer-access';
import { hoursShown, periodProblem } from '../domain/volunteer-hours';
import { VolunteerHoursStore, type DayPeriod } from '../persistence/volunteer-hours.store';
import { recordRow, volunteerView } from '../persistence/volunteer-views';
import { VolunteersService } from './volunteers.service';
import { VolunteerTeamsService } from './volunteer-teams.service';

function checkedPeriod(q: { from?: string; to?: string }): DayPeriod {
  const problem = periodProblem(q.from, q.to);
  if (problem) throw unprocessable(problem, { field: 'from' });
  return { from: q.from, to: q.to };
}

/**
 * Hours per person and per team over any period of Asia/Shanghai days (both ends included):
 * sums of whole minutes in SQL, hours shown with one decimal; and a volunteer's record to export.
 */
@Injectable()
export class HoursReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hours: VolunteerHoursStore,
    private readonly volunteers: VolunteersService,
    private readonly teams: VolunteerTeamsService,
  ) {}

  async ofVolunteer(query: VolunteerHoursQuery, actor: Actor | undefined): Promise<VolunteerHoursView> {
    const v = await this.volunteers.readable(query.id, actor);
    const d = checkedPeriod(query);
    const [sum, byTeam] = await Promise.all([
      this.hours.sum('volunteer_id', v.id, d),
      this.hours.volunteerByTeam(v.id, d),
    ]);
    return {
      volunteerId: v.id,
      from: d.from ?? null,
      to: d.to ?? null,
      minutes: sum.minutes,
      hours: hoursShown(sum.minutes),
      activities: sum.activities,
      byTeam: byTeam.map((t) => ({
        teamId: t.team_id,
        teamName: t.team_name,
        minutes: t.minutes,
        hours: hoursShown(t.minutes),
        activities: t.activities,
      })),
    };
  }

  async ofTeam(query: TeamHoursQuery, actor: Actor | undefined): Promise<TeamHoursView> {
    const t = await this.teams.readable(query.id, actor);
    const d = checkedPeriod(query);
    const sum = await this.hours.sum('team_id', t.id, d);
    return {
      teamId: t.id,
      from: d.from ?? null,
      to: d.to ?? null,
      minutes: sum.minutes,
      hours: hoursShown(sum.minutes),
      activities: sum.activities,
      volunteers: sum.volunteers,
    };
  }

  async teamByVolunteer(query: TeamVolunteerHoursQuery, actor: Actor | undefined): Promise<Page<VolunteerMinutesView>> {
    const t = await this.teams.readable(query.id, actor);
    const d = checkedPeriod(query);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.hours.teamByVolunteer(t.id, d, page, pageSize);
    const items = rows.map((r) => ({
      volunteerId: r.volunteer_id,
      volunteerNameMasked: r.name_masked,
      minutes: r.minutes,
      hours: hoursShown(r.minutes),
      activities: r.activities,
    }));
    return { items, total, page, pageSize };
  }

  /** The volunteer's record over a period, row by row, to export: the volunteer themself or the community's keepers. */
  async record(query: VolunteerRecordQuery, actor: Actor | undefined): Promise<VolunteerRecordView> {
    const a = requireActor(actor);
    const v = await this.volunteers.readable(query.id, a);
    if (!isSelf(a, v.user_id) && !keeps(a, v.community_path))
      throw forbidden("A volunteer's record is exported by the volunteer or their community's keepers", { id: v.id });
    const d = checkedPeriod(query);
    const rows = await this.hours.recordOf(this.dataSource, v.id, d, undefined, MAX_RECORD_ENTRIES + 1);
    if (rows.length > MAX_RECORD_ENTRIES)
      throw unprocessable(`More than ${MAX_RECORD_ENTRIES} entries: export a shorter period (from, to)`, {
        field: 'from',
      });
    const minutes = rows.reduce((sum, r) => sum + r.minutes, 0);
    return {
      volunteer: volunteerView(v),
      from: d.from ?? null,
      to: d.to ?? null,
      minutes,
      hours: hoursShown(minutes),
      rows: rows.map(recordRow),
    };
  }
}
