import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ActivityListQuery,
  ActivityView,
  CheckCodeView,
  AttendanceCodeRequest,
  CorrectionFilter,
  CorrectionView,
  CreateActivityRequest,
  DecideCorrectionRequest,
  HoursEntryView,
  HoursHistoryQuery,
  IncubatorRoutes,
  RecordHoursRequest,
  RequestCorrectionRequest,
  SignUpFilter,
  SignUpRequest,
  SignUpView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

const uuid = () => new ParseUUIDPipe();

/** Volunteer activities: sign-ups within the capacity and a waiting list, check-in codes, hours and corrections. */
@ApiTags('incubator: volunteers')
@ApiBearerAuth()
@Controller('api/v1/incubator/activities')
export class VolunteerActivitiesController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({ summary: 'Announce an activity of a team, with its places (those who run the team)' })
  @ApiCreatedResponse({ type: ActivityView })
  create(@Body() body: CreateActivityRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityCreate, actor, body, body.communityPath);
  }

  @Get()
  @ApiOperation({ summary: 'Activities of your street, within your scope, of the teams you run; soonest first' })
  @ApiPageResponse(ActivityView)
  list(@Query() query: ActivityListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityList, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ActivityView })
  get(@Param('id', uuid()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityGet, actor, { id });
  }

  @Post(':id/sign-ups')
  @ApiOperation({
    summary:
      'Sign up (yourself, or a volunteer of the roll as an organiser): confirmed within the capacity, else on the waiting list in order',
  })
  @ApiCreatedResponse({ type: SignUpView })
  signUp(@Param('id', uuid()) id: string, @Body() body: SignUpRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activitySignUp, actor, { ...body, id });
  }

  @Get(':id/sign-ups')
  @ApiOperation({
    summary: 'The sign-ups: confirmed, then the waiting list in order, then cancelled (those who run the team)',
  })
  @ApiPageResponse(SignUpView)
  signUps(@Param('id', uuid()) id: string, @Query() query: SignUpFilter, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activitySignUpList, actor, { ...query, id });
  }

  @Get(':id/sign-ups/mine')
  @ApiOperation({ summary: 'Your sign-up: confirmed, or your place on the waiting list' })
  @ApiOkResponse({ type: SignUpView })
  mySignUp(@Param('id', uuid()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activitySignUpMine, actor, { id });
  }

  @Post(':id/sign-ups/:signUpId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel a sign-up (the volunteer until the start, the organisers until the end); the first waiting is confirmed',
  })
  @ApiOkResponse({ type: SignUpView })
  cancel(@Param('id', uuid()) id: string, @Param('signUpId', uuid()) signUpId: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activitySignUpCancel, actor, { id, signUpId });
  }

  @Get(':id/check-code')
  @ApiOperation({ summary: 'The code to show at the activity for check-in and check-out, and when it is accepted' })
  @ApiOkResponse({ type: CheckCodeView })
  checkCode(@Param('id', uuid()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityCheckCode, actor, { id });
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check in with the code shown at the activity (a wrong or expired code is 422)' })
  @ApiOkResponse({ type: SignUpView })
  checkIn(@Param('id', uuid()) id: string, @Body() body: AttendanceCodeRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityCheckIn, actor, { ...body, id });
  }

  @Post(':id/check-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check out with the code shown at the activity' })
  @ApiOkResponse({ type: SignUpView })
  checkOut(@Param('id', uuid()) id: string, @Body() body: AttendanceCodeRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityCheckOut, actor, { ...body, id });
  }

  @Post(':id/hours')
  @ApiOperation({
    summary:
      'Record the time each confirmed volunteer actually gave (whole minutes), once the activity has ended; due within 10 working days, later entries are flagged late',
  })
  @ApiCreatedResponse({ type: [HoursEntryView] })
  recordHours(@Param('id', uuid()) id: string, @Body() body: RecordHoursRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityHoursRecord, actor, { ...body, id });
  }

  @Get(':id/hours')
  @ApiOperation({ summary: "The activity's hours entries (history=true: also those corrections replaced)" })
  @ApiPageResponse(HoursEntryView)
  hours(@Param('id', uuid()) id: string, @Query() query: HoursHistoryQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityHoursList, actor, { ...query, id });
  }

  @Post(':id/hours/:entryId/corrections')
  @ApiOperation({ summary: 'Ask for a correction of your hours, with a reason (the volunteer, or their community)' })
  @ApiCreatedResponse({ type: CorrectionView })
  requestCorrection(
    @Param('id', uuid()) id: string,
    @Param('entryId', uuid()) entryId: string,
    @Body() body: RequestCorrectionRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.activityCorrectionRequest, actor, { ...body, id, entryId });
  }

  @Get(':id/corrections')
  @ApiOperation({ summary: "The activity's corrections (those who run the team)" })
  @ApiPageResponse(CorrectionView)
  corrections(@Param('id', uuid()) id: string, @Query() query: CorrectionFilter, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.activityCorrectionList, actor, { ...query, id });
  }

  @Post(':id/corrections/:correctionId/decision')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decide a correction (those who run the team): granted, a new entry replaces the old one, which stays as history',
  })
  @ApiOkResponse({ type: CorrectionView })
  decide(
    @Param('id', uuid()) id: string,
    @Param('correctionId', uuid()) correctionId: string,
    @Body() body: DecideCorrectionRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.activityCorrectionDecide, actor, { ...body, id, correctionId });
  }
}
