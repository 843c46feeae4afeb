import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AddTeamMemberRequest,
  CorrectionFilter,
  CorrectionView,
  CreateVolunteerTeamRequest,
  HoursPeriodQuery,
  IncubatorRoutes,
  PagedHoursPeriodQuery,
  PageQuery,
  TeamHoursView,
  UpdateVolunteerTeamRequest,
  VolunteerMinutesView,
  VolunteerTeamListQuery,
  VolunteerTeamView,
  VolunteerView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Volunteer teams (志愿服务队): of an organisation, or recording under a residents' committee. */
@ApiTags('incubator: volunteers')
@ApiBearerAuth()
@Controller('api/v1/incubator/volunteer-teams')
export class VolunteerTeamsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      "Set up a team with its organisers (users): an organisation's (its staff, the community's keepers) or a residents' committee's (the community's keepers)",
  })
  @ApiCreatedResponse({ type: VolunteerTeamView })
  create(@Body() body: CreateVolunteerTeamRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamCreate, actor, body, body.communityPath);
  }

  @Get()
  @ApiOperation({ summary: 'Teams: those within your scope, those you organise, your organisation’s' })
  @ApiPageResponse(VolunteerTeamView)
  list(@Query() query: VolunteerTeamListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamList, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: VolunteerTeamView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamGet, actor, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename the team, change its organisers or purpose (those who run it)' })
  @ApiOkResponse({ type: VolunteerTeamView })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateVolunteerTeamRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamUpdate, actor, { ...body, id });
  }

  @Post(':id/members')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a volunteer on the roll on the team (those who run it)' })
  @ApiOkResponse({ type: VolunteerView })
  addMember(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddTeamMemberRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamMemberAdd, actor, { ...body, id });
  }

  @Get(':id/members')
  @ApiOperation({ summary: "The team's volunteers, masked" })
  @ApiPageResponse(VolunteerView)
  members(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamMemberList, actor, { ...query, id });
  }

  @Get(':id/hours')
  @ApiOperation({
    summary:
      "The team's hours over a period (Asia/Shanghai days, from/to inclusive): exact minutes, hours with one decimal",
  })
  @ApiOkResponse({ type: TeamHoursView })
  hours(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: HoursPeriodQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamHours, actor, { ...query, id });
  }

  @Get(':id/hours/volunteers')
  @ApiOperation({ summary: "The team's hours per volunteer over a period, most first" })
  @ApiPageResponse(VolunteerMinutesView)
  hoursByVolunteer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PagedHoursPeriodQuery,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamHoursByVolunteer, actor, { ...query, id });
  }

  @Get(':id/corrections')
  @ApiOperation({ summary: "Corrections of the team's hours, e.g. status=pending: those awaiting its decision" })
  @ApiPageResponse(CorrectionView)
  corrections(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: CorrectionFilter,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.volunteerTeamCorrections, actor, { ...query, id });
  }
}
