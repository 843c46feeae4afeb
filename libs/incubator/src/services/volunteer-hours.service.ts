import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  type Actor,
  type ActivityHoursQuery,
  type EventPerson,
  type HoursEntryView,
  type Page,
  type RecordHoursCommand,
  type VolunteerEntriesQuery,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  isUniqueViolation,
  newId,
  notFound,
  Outbox,
  requireActor,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { entryProblem, isLate, periodProblem } from '../domain/volunteer-hours';
import { VolunteerActivityStore } from '../persistence/volunteer-activity.store';
import { VolunteerHoursStore } from '../persistence/volunteer-hours.store';
import { hoursEntryView, type ActivityRow, type HoursEntryRow } from '../persistence/volunteer-views';
import { VolunteerActivitiesService } from './volunteer-activities.service';
import { VolunteersService } from './volunteers.service';

/**
 * Hours (服务时长) as the organising team records them: the time each confirmed volunteer actually
 * gave at an activity, in whole minutes, once per volunteer and activity; due within 10 working
 * days after it ended, later entries accepted and flagged late. Each entry is credited by an event.
 */
@Injectable()
export class VolunteerHoursService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: VolunteerActivitiesService,
    private readonly activityStore: VolunteerActivityStore,
    private readonly hours: VolunteerHoursStore,
    private readonly volunteers: VolunteersService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async record(cmd: RecordHoursCommand, actor: Actor | undefined): Promise<HoursEntryView[]> {
    const a = requireActor(actor);
    const act = await this.activities.managed(cmd.id, a);
    const now = this.clock.now();
    const ids = cmd.entries.map((e) => e.volunteerId);
    const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (repeated >= 0)
      throw unprocessable(`entries.${repeated}.volunteerId: each volunteer once per request`, {
        field: `entries.${repeated}.volunteerId`,
      });
    cmd.entries.forEach((e, i) => {
      const problem = entryProblem(e.minutes, { startsAt: act.starts_at, endsAt: act.ends_at }, now);
      if (problem) throw unprocessable(`entries.${i}.minutes: ${problem}`, { field: `entries.${i}.minutes` });
    });
    const confirmed = await this.activityStore.confirmedAmong(this.dataSource, act.id, ids);
    const missing = ids.findIndex((id) => !confirmed.has(id));
    if (missing >= 0)
      throw unprocessable(`entries.${missing}.volunteerId: not confirmed for this activity (sign them up first)`, {
        field: `entries.${missing}.volunteerId`,
      });
    const late = isLate(now, act.hours_due_at);
    const rows = cmd.entries.map((e): HoursEntryRow => ({
      ...this.entryOf(act, e.volunteerId, e.minutes, late, personOf(a), now),
      note: e.note?.trim() ?? null,
    }));
    try {
      await this.dataSource.transaction(async (m) => {
        await this.hours.insertEntries(m, rows);
        await this.credit(m, rows, a, null);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'volunteer_hours_current'))
        throw conflict('Hours are recorded for one of these volunteers already: they may ask for a correction', {
          field: 'entries',
        });
      throw error;
    }
    const read = new Map(
      (
        await this.hours.entries(
          this.dataSource,
          rows.map((r) => r.id),
        )
      ).map((e) => [e.id, e]),
    );
    return rows.map((r) => hoursEntryView(read.get(r.id)!));
  }

  async ofActivity(query: ActivityHoursQuery, actor: Actor | undefined): Promise<Page<HoursEntryView>> {
    const act = await this.activities.managed(query.id, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, total } = await this.hours.ofActivity(act.id, query.history ?? false, page, pageSize);
    return { items: rows.map(hoursEntryView), total, page, pageSize };
  }

  async ofVolunteer(query: VolunteerEntriesQuery, actor: Actor | undefined): Promise<Page<HoursEntryView>> {
    const v = await this.volunteers.readable(query.id, actor);
    const problem = periodProblem(query.from, query.to);
    if (problem) throw unprocessable(problem, { field: 'from' });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.hours.ofVolunteer(
      v.id,
      { from: query.from, to: query.to },
      query.history ?? false,
      page,
      pageSize,
    );
    return { items: rows.map(hoursEntryView), total, page, pageSize };
  }

  /** A new entry of the activity for one volunteer (current, replacing nothing). */
  entryOf(
    act: ActivityRow,
    volunteerId: string,
    minutes: number,
    late: boolean,
    by: EventPerson,
    at: Date,
  ): HoursEntryRow {
    return {
      id: newId(),
      activity_id: act.id,
      volunteer_id: volunteerId,
      team_id: act.team_id,
      organisation_id: act.organisation_id,
      street_code: act.street_code,
      community_path: act.community_path,
      served_on: shanghaiDay(act.starts_at),
      minutes,
      late,
      due_at: act.hours_due_at,
      status: 'current',
      supersedes: null,
      superseded_by: null,
      correction_id: null,
      note: null,
      recorded_by: by,
      recorded_at: at,
    };
  }

  /** `volunteer_hours.credited` for entries, in the transaction that wrote them (one statement for all). */
  async credit(
    m: EntityManager,
    entries: readonly HoursEntryRow[],
    a: Actor,
    replaces: { entryId: string; minutes: number } | null,
  ): Promise<void> {
    await this.outbox.addMany(
      m,
      entries.map((e) => ({
        type: IncubatorEvents.volunteerHoursCredited,
        street: e.street_code,
        actor: a,
        occurredAt: e.recorded_at,
        data: {
          entryId: e.id,
          activityId: e.activity_id,
          volunteerId: e.volunteer_id,
          teamId: e.team_id,
          organisationId: e.organisation_id,
          street: e.street_code,
          communityPath: e.community_path,
          minutes: e.minutes,
          servedOn: e.served_on,
          late: e.late,
          replaces,
          by: personOf(a),
          at: e.recorded_at.toISOString(),
        },
      })),
    );
  }

  async view(id: string): Promise<HoursEntryView> {
    const e = await this.hours.entry(this.dataSource, id);
    if (!e) throw notFound('Hours entry', { id });
    return hoursEntryView(e);
  }
}
