import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ActivityHoursQuery,
  ActivityIdRequest,
  ActivityListQuery,
  AttendanceCodeCommand,
  CorrectionListQuery,
  CreateActivityRequest,
  DecideCorrectionCommand,
  IncubatorRoutes,
  RecordHoursCommand,
  RequestCorrectionCommand,
  SignUpCommand,
  SignUpIdCommand,
  SignUpListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ActivityAttendanceService } from '../services/activity-attendance.service';
import { ActivitySignUpsService } from '../services/activity-sign-ups.service';
import { HoursCorrectionsService } from '../services/hours-corrections.service';
import { VolunteerActivitiesService } from '../services/volunteer-activities.service';
import { VolunteerHoursService } from '../services/volunteer-hours.service';

/** Volunteer activities: sign-ups and the waiting list, check-in and check-out, hours and their corrections. */
@Controller()
export class VolunteerActivityHandlers {
  constructor(
    private readonly activities: VolunteerActivitiesService,
    private readonly signUps: ActivitySignUpsService,
    private readonly attendance: ActivityAttendanceService,
    private readonly hours: VolunteerHoursService,
    private readonly corrections: HoursCorrectionsService,
  ) {}

  @BusHandler(IncubatorRoutes.activityCreate)
  create(@Payload() req: CreateActivityRequest, @CallerActor() actor?: Actor) {
    return this.activities.create(req, actor);
  }

  @BusHandler(IncubatorRoutes.activityGet)
  get(@Payload() req: ActivityIdRequest, @CallerActor() actor?: Actor) {
    return this.activities.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.activityList)
  list(@Payload() query: ActivityListQuery, @CallerActor() actor?: Actor) {
    return this.activities.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.activitySignUp)
  signUp(@Payload() cmd: SignUpCommand, @CallerActor() actor?: Actor) {
    return this.signUps.signUp(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.activitySignUpList)
  signUpList(@Payload() query: SignUpListQuery, @CallerActor() actor?: Actor) {
    return this.signUps.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.activitySignUpMine)
  mySignUp(@Payload() req: ActivityIdRequest, @CallerActor() actor?: Actor) {
    return this.signUps.mine(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.activitySignUpCancel)
  cancel(@Payload() cmd: SignUpIdCommand, @CallerActor() actor?: Actor) {
    return this.signUps.cancel(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.activityCheckCode)
  checkCode(@Payload() req: ActivityIdRequest, @CallerActor() actor?: Actor) {
    return this.activities.checkCode(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.activityCheckIn)
  checkIn(@Payload() cmd: AttendanceCodeCommand, @CallerActor() actor?: Actor) {
    return this.attendance.checkIn(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.activityCheckOut)
  checkOut(@Payload() cmd: AttendanceCodeCommand, @CallerActor() actor?: Actor) {
    return this.attendance.checkOut(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.activityHoursRecord)
  recordHours(@Payload() cmd: RecordHoursCommand, @CallerActor() actor?: Actor) {
    return this.hours.record(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.activityHoursList)
  hoursList(@Payload() query: ActivityHoursQuery, @CallerActor() actor?: Actor) {
    return this.hours.ofActivity(query, actor);
  }

  @BusHandler(IncubatorRoutes.activityCorrectionRequest)
  requestCorrection(@Payload() cmd: RequestCorrectionCommand, @CallerActor() actor?: Actor) {
    return this.corrections.request(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.activityCorrectionDecide)
  decideCorrection(@Payload() cmd: DecideCorrectionCommand, @CallerActor() actor?: Actor) {
    return this.corrections.decide(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.activityCorrectionList)
  correctionList(@Payload() query: CorrectionListQuery, @CallerActor() actor?: Actor) {
    return this.corrections.ofActivity(query, actor);
  }
}
