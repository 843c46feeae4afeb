import { Injectable } from '@nestjs/common';
import {
  personOf,
  type Actor,
  type Page,
  type SignUpCommand,
  type SignUpIdCommand,
  type SignUpListQuery,
  type SignUpView,
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
import { isSelf, managesTeam } from '../domain/volunteer-access';
import { VolunteerActivityStore } from '../persistence/volunteer-activity.store';
import { VolunteerStore } from '../persistence/volunteer.store';
import { activityTeam, signUpView } from '../persistence/volunteer-views';
import { VolunteerActivitiesService } from './volunteer-activities.service';
import { VolunteersService } from './volunteers.service';

/**
 * Sign-ups for activities: the server holds the capacity (each sign-up and cancellation takes
 * its turn on the activity's row lock), the rest wait in order, and a cancellation confirms the
 * first waiting.
 */
@Injectable()
export class ActivitySignUpsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: VolunteerActivitiesService,
    private readonly store: VolunteerActivityStore,
    private readonly volunteerStore: VolunteerStore,
    private readonly volunteers: VolunteersService,
    private readonly clock: Clock,
  ) {}

  /**
   * A volunteer signs up themself until the activity starts; those who run the team sign up a
   * volunteer at any time (a walk-in on the day, or a paper list afterwards), within the capacity all the same.
   */
  async signUp(cmd: SignUpCommand, actor: Actor | undefined): Promise<SignUpView> {
    const a = requireActor(actor);
    const act = await this.activities.visible(cmd.id, a);
    const v = cmd.volunteerId
      ? await this.volunteerStore.get(this.dataSource, cmd.volunteerId)
      : await this.volunteers.own(a);
    if (!v) throw unprocessable('volunteerId: no such volunteer on the roll', { field: 'volunteerId' });
    const self = isSelf(a, v.user_id);
    if (!self && !managesTeam(a, activityTeam(act)))
      throw forbidden('Only those who run the team sign up another volunteer', { id: act.id });
    const now = this.clock.now();
    if (self && !managesTeam(a, activityTeam(act)) && now >= act.starts_at)
      throw unprocessable('Sign-ups have closed: the activity has started', { startsAt: act.starts_at.toISOString() });
    const id = newId();
    try {
      // one statement: the activity's row is locked only while it runs (see takePlace)
      const status = await this.store.takePlace(this.dataSource, {
        id,
        activityId: act.id,
        volunteerId: v.id,
        by: personOf(a),
        at: now,
      });
      if (!status) throw notFound('Activity', { id: act.id });
    } catch (error) {
      if (isUniqueViolation(error, 'activity_sign_up_once'))
        throw conflict('The volunteer has signed up for this activity already', { volunteerId: v.id });
      throw error;
    }
    return this.view(act.id, id);
  }

  /**
   * Cancels a sign-up (the volunteer until the activity starts, those who run the team until it
   * ends); a confirmed place goes to the first on the waiting list.
   */
  async cancel(cmd: SignUpIdCommand, actor: Actor | undefined): Promise<SignUpView> {
    const a = requireActor(actor);
    const act = await this.activities.row(cmd.id);
    const s = await this.store.signUp(this.dataSource, act.id, cmd.signUpId);
    if (!s) throw notFound('Sign-up', { id: cmd.signUpId });
    const manager = managesTeam(a, activityTeam(act));
    if (!manager && !isSelf(a, s.user_id))
      throw forbidden('Only the volunteer or those who run the team cancel a sign-up');
    const now = this.clock.now();
    if (now >= (manager ? act.ends_at : act.starts_at))
      throw unprocessable(manager ? 'The activity is over' : 'The activity has started: ask its organisers', {
        id: act.id,
      });
    await this.dataSource.transaction(async (m) => {
      if (!(await this.store.lock(m, act.id))) throw notFound('Activity', { id: act.id });
      const was = await this.store.cancel(m, s.id, personOf(a), now);
      if (was === 'waiting') await this.store.count(m, act.id, 0, -1);
      if (was === 'confirmed') {
        const promoted = await this.store.promoteFirstWaiting(m, act.id, now);
        await this.store.count(m, act.id, promoted ? 0 : -1, promoted ? -1 : 0);
      }
    });
    return this.view(act.id, s.id);
  }

  async list(query: SignUpListQuery, actor: Actor | undefined): Promise<Page<SignUpView>> {
    const act = await this.activities.managed(query.id, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, total } = await this.store.signUps(act.id, query.status, page, pageSize);
    return { items: rows.map(signUpView), total, page, pageSize };
  }

  /** The caller's own sign-up for the activity (confirmed, or their place on the waiting list). */
  async mine(id: string, actor: Actor | undefined): Promise<SignUpView> {
    const v = await this.volunteers.own(actor);
    const act = await this.activities.row(id);
    const s = await this.store.activeSignUp(this.dataSource, act.id, v.id);
    if (!s) throw notFound('Your sign-up for this activity', { id });
    return signUpView(s);
  }

  private async view(activityId: string, signUpId: string): Promise<SignUpView> {
    const s = await this.store.signUp(this.dataSource, activityId, signUpId);
    if (!s) throw notFound('Sign-up', { id: signUpId });
    return signUpView(s);
  }
}
