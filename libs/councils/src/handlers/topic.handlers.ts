import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddCouncilMemberCommand,
  CouncilOfCompoundRequest,
  CouncilsRoutes,
  CreateCouncilCommand,
  MyTopicsQuery,
  RecordRhythmCommand,
  RhythmScheduleCommand,
  SubmitTopicCommand,
  TopicIdRequest,
  TopicListCommand,
  TriageTopicCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { JointCouncilsService } from '../services/joint-councils.service';
import { TopicsService } from '../services/topics.service';

/** Joint councils (members, the rhythm and what is due) and the topics residents bring to them. */
@Controller()
export class TopicHandlers {
  constructor(
    private readonly councils: JointCouncilsService,
    private readonly topics: TopicsService,
  ) {}

  @BusHandler(CouncilsRoutes.councilCreate)
  createCouncil(@Payload() cmd: CreateCouncilCommand, @CallerActor() actor?: Actor) {
    return this.councils.create(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.councilGet)
  getCouncil(@Payload() req: CouncilOfCompoundRequest, @CallerActor() actor?: Actor) {
    return this.councils.get(req, actor);
  }

  @BusHandler(CouncilsRoutes.councilMemberAdd)
  addMember(@Payload() cmd: AddCouncilMemberCommand, @CallerActor() actor?: Actor) {
    return this.councils.addMember(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.councilRhythmHeld)
  recordHeld(@Payload() cmd: RecordRhythmCommand, @CallerActor() actor?: Actor) {
    return this.councils.recordHeld(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.councilSchedule)
  schedule(@Payload() cmd: RhythmScheduleCommand, @CallerActor() actor?: Actor) {
    return this.councils.schedule(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.topicSubmit)
  submit(@Payload() cmd: SubmitTopicCommand, @CallerActor() actor?: Actor) {
    return this.topics.submit(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.topicList)
  list(@Payload() cmd: TopicListCommand, @CallerActor() actor?: Actor) {
    return this.topics.list(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.topicGet)
  get(@Payload() req: TopicIdRequest, @CallerActor() actor?: Actor) {
    return this.topics.get(req, actor);
  }

  @BusHandler(CouncilsRoutes.topicTriage)
  triage(@Payload() cmd: TriageTopicCommand, @CallerActor() actor?: Actor) {
    return this.topics.triage(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.topicMine)
  mine(@Payload() q: MyTopicsQuery, @CallerActor() actor?: Actor) {
    return this.topics.mine(q, actor);
  }
}
