import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddTeamMemberCommand,
  CorrectionListQuery,
  CreateVolunteerTeamRequest,
  IncubatorRoutes,
  TeamHoursQuery,
  TeamMemberListQuery,
  TeamVolunteerHoursQuery,
  UpdateVolunteerTeamCommand,
  VolunteerTeamIdRequest,
  VolunteerTeamListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { HoursCorrectionsService } from '../services/hours-corrections.service';
import { HoursReportsService } from '../services/hours-reports.service';
import { VolunteerTeamsService } from '../services/volunteer-teams.service';

/** Volunteer teams: the teams, their members, their hours, the corrections awaiting them. */
@Controller()
export class VolunteerTeamHandlers {
  constructor(
    private readonly teams: VolunteerTeamsService,
    private readonly reports: HoursReportsService,
    private readonly corrections: HoursCorrectionsService,
  ) {}

  @BusHandler(IncubatorRoutes.volunteerTeamCreate)
  create(@Payload() req: CreateVolunteerTeamRequest, @CallerActor() actor?: Actor) {
    return this.teams.create(req, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamGet)
  get(@Payload() req: VolunteerTeamIdRequest, @CallerActor() actor?: Actor) {
    return this.teams.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamList)
  list(@Payload() query: VolunteerTeamListQuery, @CallerActor() actor?: Actor) {
    return this.teams.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamUpdate)
  update(@Payload() cmd: UpdateVolunteerTeamCommand, @CallerActor() actor?: Actor) {
    return this.teams.update(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamMemberAdd)
  addMember(@Payload() cmd: AddTeamMemberCommand, @CallerActor() actor?: Actor) {
    return this.teams.addMember(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamMemberList)
  members(@Payload() query: TeamMemberListQuery, @CallerActor() actor?: Actor) {
    return this.teams.members(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamHours)
  hours(@Payload() query: TeamHoursQuery, @CallerActor() actor?: Actor) {
    return this.reports.ofTeam(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamHoursByVolunteer)
  hoursByVolunteer(@Payload() query: TeamVolunteerHoursQuery, @CallerActor() actor?: Actor) {
    return this.reports.teamByVolunteer(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerTeamCorrections)
  correctionList(@Payload() query: CorrectionListQuery, @CallerActor() actor?: Actor) {
    return this.corrections.ofTeam(query, actor);
  }
}
