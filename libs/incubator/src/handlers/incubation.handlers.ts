import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ApplyForIncubationCommand,
  AssessmentListQuery,
  CreateParkRequest,
  IncubationIdRequest,
  IncubationListQuery,
  IncubationPageQuery,
  IncubatorRoutes,
  MoveIncubationStageCommand,
  NameAssessorCommand,
  ParkIdRequest,
  ParkListQuery,
  RecordMentoringCommand,
  SubmitAssessmentCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CapacityAssessmentsService } from '../services/capacity-assessments.service';
import { IncubationsService } from '../services/incubations.service';
import { MentoringService } from '../services/mentoring.service';
import { ParksService } from '../services/parks.service';

/** Incubation parks, organisations' incubation in them, mentoring and capacity assessments. */
@Controller()
export class IncubationHandlers {
  constructor(
    private readonly parks: ParksService,
    private readonly incubations: IncubationsService,
    private readonly mentoring: MentoringService,
    private readonly assessments: CapacityAssessmentsService,
  ) {}

  @BusHandler(IncubatorRoutes.parkCreate)
  createPark(@Payload() req: CreateParkRequest, @CallerActor() actor?: Actor) {
    return this.parks.create(req, actor);
  }

  @BusHandler(IncubatorRoutes.parkGet)
  getPark(@Payload() req: ParkIdRequest, @CallerActor() actor?: Actor) {
    return this.parks.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.parkList)
  listParks(@Payload() query: ParkListQuery, @CallerActor() actor?: Actor) {
    return this.parks.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.incubationApply)
  apply(@Payload() cmd: ApplyForIncubationCommand, @CallerActor() actor?: Actor) {
    return this.incubations.apply(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.incubationGet)
  get(@Payload() req: IncubationIdRequest, @CallerActor() actor?: Actor) {
    return this.incubations.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.incubationList)
  list(@Payload() query: IncubationListQuery, @CallerActor() actor?: Actor) {
    return this.incubations.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.incubationMove)
  move(@Payload() cmd: MoveIncubationStageCommand, @CallerActor() actor?: Actor) {
    return this.incubations.move(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.mentoringRecord)
  recordMentoring(@Payload() cmd: RecordMentoringCommand, @CallerActor() actor?: Actor) {
    return this.mentoring.record(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.mentoringList)
  listMentoring(@Payload() query: IncubationPageQuery, @CallerActor() actor?: Actor) {
    return this.mentoring.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.assessorName)
  nameAssessor(@Payload() cmd: NameAssessorCommand, @CallerActor() actor?: Actor) {
    return this.assessments.name(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.assessmentSubmit)
  submitAssessment(@Payload() cmd: SubmitAssessmentCommand, @CallerActor() actor?: Actor) {
    return this.assessments.submit(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.assessmentList)
  listAssessments(@Payload() query: AssessmentListQuery, @CallerActor() actor?: Actor) {
    return this.assessments.list(query, actor);
  }
}
