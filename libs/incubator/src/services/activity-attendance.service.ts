import { Injectable } from '@nestjs/common';
import type { Actor, AttendanceCodeCommand, SignUpView } from '@gz/contracts';
import { Clock, notFound, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { checkProblem, checkWindow, codeMatches } from '../domain/volunteer-activity';
import { IncubatorConfig } from '../incubator.config';
import { VolunteerActivityStore } from '../persistence/volunteer-activity.store';
import { signUpView } from '../persistence/volunteer-views';
import { VolunteerActivitiesService } from './volunteer-activities.service';
import { VolunteersService } from './volunteers.service';

/**
 * Check-in and check-out at an activity (签到, 签退): the volunteer types the code shown there,
 * accepted only during the activity's window; wrong codes are counted and, past a few, refused.
 */
@Injectable()
export class ActivityAttendanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: VolunteerActivitiesService,
    private readonly store: VolunteerActivityStore,
    private readonly volunteers: VolunteersService,
    private readonly config: IncubatorConfig,
    private readonly clock: Clock,
  ) {}

  checkIn(cmd: AttendanceCodeCommand, actor: Actor | undefined): Promise<SignUpView> {
    return this.check('in', cmd, actor);
  }

  checkOut(cmd: AttendanceCodeCommand, actor: Actor | undefined): Promise<SignUpView> {
    return this.check('out', cmd, actor);
  }

  private async check(kind: 'in' | 'out', cmd: AttendanceCodeCommand, actor: Actor | undefined): Promise<SignUpView> {
    const v = await this.volunteers.own(actor);
    const act = await this.activities.row(cmd.id);
    const s = await this.store.activeSignUp(this.dataSource, act.id, v.id);
    if (!s) throw notFound('Your sign-up for this activity', { id: act.id });
    const now = this.clock.now();
    const window = checkWindow(
      { startsAt: act.starts_at, endsAt: act.ends_at },
      this.config.VOLUNTEER_CHECK_WINDOW_MIN,
    );
    const problem = checkProblem(
      kind,
      { status: s.status, checkedInAt: s.checked_in_at, checkedOutAt: s.checked_out_at },
      window,
      now,
    );
    if (problem) throw unprocessable(problem, { field: 'code' });
    if (s.code_failures >= this.config.VOLUNTEER_CHECK_CODE_TRIES)
      throw unprocessable('Too many wrong codes for this sign-up: the organisers record your hours all the same', {
        field: 'code',
      });
    if (!codeMatches(cmd.code, act.check_code)) {
      await this.store.countWrongCode(this.dataSource, s.id);
      throw unprocessable('The code is not the one shown at this activity', { field: 'code' });
    }
    await this.store.check(this.dataSource, s.id, kind, now);
    const after = await this.store.signUp(this.dataSource, act.id, s.id);
    if (!after) throw notFound('Sign-up', { id: s.id });
    return signUpView(after);
  }
}
