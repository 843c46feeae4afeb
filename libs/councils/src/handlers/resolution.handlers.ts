import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BoardRequest,
  CouncilsRoutes,
  CreateTaskCommand,
  PostBoardNoticeCommand,
  PublishResolutionCommand,
  ResolutionIdRequest,
  SendTaskCommand,
  TaskProgressCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ResolutionsService } from '../services/resolutions.service';

/** Resolutions of topics, their tasks (to ticketing and back), the public board. */
@Controller()
export class ResolutionHandlers {
  constructor(private readonly resolutions: ResolutionsService) {}

  @BusHandler(CouncilsRoutes.resolutionPublish)
  publish(@Payload() cmd: PublishResolutionCommand, @CallerActor() actor?: Actor) {
    return this.resolutions.publish(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.resolutionGet)
  get(@Payload() req: ResolutionIdRequest, @CallerActor() actor?: Actor) {
    return this.resolutions.get(req, actor);
  }

  @BusHandler(CouncilsRoutes.taskCreate)
  createTask(@Payload() cmd: CreateTaskCommand, @CallerActor() actor?: Actor) {
    return this.resolutions.createTask(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.taskProgress)
  progress(@Payload() cmd: TaskProgressCommand, @CallerActor() actor?: Actor) {
    return this.resolutions.progress(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.taskSend)
  send(@Payload() cmd: SendTaskCommand, @CallerActor() actor?: Actor) {
    return this.resolutions.send(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.noticePost)
  postNotice(@Payload() cmd: PostBoardNoticeCommand, @CallerActor() actor?: Actor) {
    return this.resolutions.postNotice(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.board)
  board(@Payload() req: BoardRequest, @CallerActor() actor?: Actor) {
    return this.resolutions.board(req, actor);
  }
}
