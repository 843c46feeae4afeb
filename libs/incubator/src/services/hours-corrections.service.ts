import { Injectable } from '@nestjs/common';
import {
  personOf,
  type Actor,
  type CorrectionListQuery,
  type CorrectionView,
  type DecideCorrectionCommand,
  type Page,
  type RequestCorrectionCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { keeps } from '../domain/access';
import { isSelf } from '../domain/volunteer-access';
import { activityMinutes } from '../domain/volunteer-hours';
import { VolunteerHoursStore } from '../persistence/volunteer-hours.store';
import { VolunteerStore } from '../persistence/volunteer.store';
import { correctionView, type CorrectionRow } from '../persistence/volunteer-views';
import { VolunteerActivitiesService } from './volunteer-activities.service';
import { VolunteerHoursService } from './volunteer-hours.service';
import { VolunteerTeamsService } from './volunteer-teams.service';

/**
 * Corrections of hours: the volunteer (or the community on their behalf) asks, with a reason;
 * the organising team decides. Granted, a new entry replaces the old one, which stays as history.
 */
@Injectable()
export class HoursCorrectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: VolunteerActivitiesService,
    private readonly teams: VolunteerTeamsService,
    private readonly hours: VolunteerHoursStore,
    private readonly hoursService: VolunteerHoursService,
    private readonly volunteers: VolunteerStore,
    private readonly clock: Clock,
  ) {}

  async request(cmd: RequestCorrectionCommand, actor: Actor | undefined): Promise<CorrectionView> {
    const a = requireActor(actor);
    const e = await this.hours.entry(this.dataSource, cmd.entryId);
    if (!e || e.activity_id !== cmd.id) throw notFound('Hours entry', { id: cmd.entryId });
    const v = await this.volunteers.get(this.dataSource, e.volunteer_id);
    if (!v || !(isSelf(a, v.user_id) || keeps(a, v.community_path)))
      throw forbidden('Only the volunteer (or their community on their behalf) asks for a correction');
    if (e.status !== 'current')
      throw unprocessable('This entry was replaced: ask about the current one', { field: 'entryId' });
    if (cmd.minutes === e.minutes)
      throw unprocessable('minutes: the entry holds these minutes already', { field: 'minutes' });
    const act = await this.activities.row(e.activity_id);
    const longest = activityMinutes(act.starts_at, act.ends_at);
    if (cmd.minutes > longest)
      throw unprocessable(`minutes: at most the activity's ${longest} minutes`, { field: 'minutes' });
    const row: CorrectionRow = {
      id: newId(),
      entry_id: e.id,
      activity_id: e.activity_id,
      team_id: e.team_id,
      volunteer_id: e.volunteer_id,
      from_minutes: e.minutes,
      minutes: cmd.minutes,
      reason: cmd.reason.trim(),
      status: 'pending',
      requested_by: personOf(a),
      requested_at: this.clock.now(),
      decided_by: null,
      decided_at: null,
      note: null,
      new_entry_id: null,
    };
    try {
      await this.hours.insertCorrection(this.dataSource, row);
    } catch (error) {
      if (isUniqueViolation(error, 'volunteer_hours_correction_pending'))
        throw conflict('A correction of this entry is awaiting its decision', { field: 'entryId' });
      throw error;
    }
    return correctionView(row);
  }

  /** The organising team decides; a granted correction replaces the entry (one transaction, one event). */
  async decide(cmd: DecideCorrectionCommand, actor: Actor | undefined): Promise<CorrectionView> {
    const a = requireActor(actor);
    const act = await this.activities.managed(cmd.id, a);
    const c = await this.hours.correction(this.dataSource, cmd.correctionId);
    if (!c || c.activity_id !== act.id) throw notFound('Correction', { id: cmd.correctionId });
    if (c.status !== 'pending') throw conflict(`The correction was ${c.status} already`, { status: c.status });
    const now = this.clock.now();
    const note = cmd.note?.trim() ?? null;
    await this.dataSource.transaction(async (m) => {
      let newEntryId: string | null = null;
      if (cmd.decision === 'granted') {
        const old = await this.hours.lockEntry(m, c.entry_id);
        if (!old || old.status !== 'current')
          throw conflict('The entry was replaced meanwhile', { entryId: c.entry_id });
        // A correction keeps the original's lateness: it is about the minutes, not about when they were recorded.
        const entry = {
          ...this.hoursService.entryOf(act, old.volunteer_id, c.minutes, old.late, personOf(a), now),
          supersedes: old.id,
          correction_id: c.id,
          note,
        };
        newEntryId = entry.id;
        await this.hours.supersede(m, old.id, entry.id);
        await this.hours.insertEntries(m, [entry]);
        await this.hoursService.credit(m, [entry], a, { entryId: old.id, minutes: old.minutes });
      }
      const decided = await this.hours.decide(m, c.id, {
        status: cmd.decision,
        by: personOf(a),
        at: now,
        note,
        newEntryId,
      });
      if (!decided) throw conflict('The correction was decided meanwhile', { id: c.id });
    });
    const after = await this.hours.correction(this.dataSource, c.id);
    if (!after) throw notFound('Correction', { id: c.id });
    return correctionView(after);
  }

  /** An activity's corrections (those who run its team). */
  async ofActivity(query: CorrectionListQuery, actor: Actor | undefined): Promise<Page<CorrectionView>> {
    const act = await this.activities.managed(query.id, actor);
    return this.page('activity_id', act.id, query);
  }

  /** A team's corrections, e.g. those awaiting a decision (those who run it). */
  async ofTeam(query: CorrectionListQuery, actor: Actor | undefined): Promise<Page<CorrectionView>> {
    const t = await this.teams.managed(query.id, actor);
    return this.page('team_id', t.id, query);
  }

  private async page(column: 'activity_id' | 'team_id', id: string, query: CorrectionListQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.hours.corrections(column, id, query.status, page, pageSize);
    return { items: rows.map(correctionView), total, page, pageSize };
  }
}
