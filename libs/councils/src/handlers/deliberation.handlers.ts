import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AssignStepCommand,
  CompleteStepCommand,
  ConfirmMinutesCommand,
  CouncilsRoutes,
  CreateMeetingCommand,
  DeliberationTopicRequest,
  LinkTopicVoteCommand,
  MeetingIdRequest,
  MeetingMinutesCommand,
  OverdueStepsCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { DeliberationService } from '../services/deliberation.service';
import { MeetingsService } from '../services/meetings.service';

/** The seven steps of a topic's deliberation, its trail, and the meetings of its deliberate step. */
@Controller()
export class DeliberationHandlers {
  constructor(
    private readonly deliberation: DeliberationService,
    private readonly meetings: MeetingsService,
  ) {}

  @BusHandler(CouncilsRoutes.stepsGet)
  steps(@Payload() req: DeliberationTopicRequest, @CallerActor() actor?: Actor) {
    return this.deliberation.process(req, actor);
  }

  @BusHandler(CouncilsRoutes.stepAssign)
  assign(@Payload() cmd: AssignStepCommand, @CallerActor() actor?: Actor) {
    return this.deliberation.assign(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.stepComplete)
  complete(@Payload() cmd: CompleteStepCommand, @CallerActor() actor?: Actor) {
    return this.deliberation.complete(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.stepsOverdue)
  overdue(@Payload() cmd: OverdueStepsCommand, @CallerActor() actor?: Actor) {
    return this.deliberation.overdue(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.topicTrail)
  trail(@Payload() req: DeliberationTopicRequest, @CallerActor() actor?: Actor) {
    return this.deliberation.trail(req, actor);
  }

  @BusHandler(CouncilsRoutes.topicVoteLink)
  linkVote(@Payload() cmd: LinkTopicVoteCommand, @CallerActor() actor?: Actor) {
    return this.deliberation.linkVote(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.meetingCreate)
  createMeeting(@Payload() cmd: CreateMeetingCommand, @CallerActor() actor?: Actor) {
    return this.meetings.create(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.meetingGet)
  meeting(@Payload() req: MeetingIdRequest, @CallerActor() actor?: Actor) {
    return this.meetings.get(req, actor);
  }

  @BusHandler(CouncilsRoutes.meetingMinutes)
  minutes(@Payload() cmd: MeetingMinutesCommand, @CallerActor() actor?: Actor) {
    return this.meetings.minutes(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.meetingConfirm)
  confirm(@Payload() cmd: ConfirmMinutesCommand, @CallerActor() actor?: Actor) {
    return this.meetings.confirm(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.meetingFinalize)
  finalize(@Payload() req: MeetingIdRequest, @CallerActor() actor?: Actor) {
    return this.meetings.finalize(req, actor);
  }
}
