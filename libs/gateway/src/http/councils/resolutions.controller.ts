import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BoardNoticeView,
  BoardView,
  CouncilsRoutes,
  CreateTaskRequest,
  PostBoardNoticeRequest,
  PublishResolutionRequest,
  ResolutionView,
  SendTaskRequest,
  TaskProgressRequest,
  TaskView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { streetOf } from '../street';

/** Resolutions of topics (决议), their tasks with progress (to ticketing and back), a compound's public board (公示栏). */
@ApiTags('councils')
@ApiBearerAuth()
@Controller('api/v1/councils')
export class ResolutionsController {
  constructor(private readonly bus: BusClient) {}

  @Post('topics/:topicId/resolution')
  @ApiOperation({
    summary:
      "Publish an accepted topic's resolution: what will be done, who implements it, by when (community secretary, street admin)",
  })
  @ApiCreatedResponse({ type: ResolutionView })
  publish(
    @Param('topicId', new ParseUUIDPipe()) topicId: string,
    @Body() body: PublishResolutionRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.resolutionPublish, streetOf(actor), { ...body, topicId }, { actor });
  }

  @Get('resolutions/:id')
  @ApiOkResponse({ type: ResolutionView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.resolutionGet, streetOf(actor), { id }, { actor });
  }

  @Post('resolutions/:id/tasks')
  @ApiOperation({ summary: 'Add a task implementing the resolution, with its place if it may go to ticketing' })
  @ApiCreatedResponse({ type: TaskView })
  createTask(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateTaskRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.taskCreate, streetOf(actor), { ...body, resolutionId: id }, { actor });
  }

  @Post('tasks/:id/progress')
  @HttpCode(200)
  @ApiOperation({
    summary: "Report a task's progress (100 is done); a task sent to ticketing follows its ticket instead (409)",
  })
  @ApiOkResponse({ type: TaskView })
  progress(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TaskProgressRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.taskProgress, streetOf(actor), { ...body, id }, { actor });
  }

  @Post('tasks/:id/ticket')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a task to ticketing as a ticket at its place (a repair, a new gate)',
    description: 'The task is done when the ticket is closed, rejected or merged.',
  })
  @ApiOkResponse({ type: TaskView })
  send(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SendTaskRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.taskSend, streetOf(actor), { ...body, id }, { actor });
  }

  @Post('compounds/:compoundId/board/notices')
  @ApiOperation({ summary: "Post a notice on the compound's public board (community secretary, street admin)" })
  @ApiCreatedResponse({ type: BoardNoticeView })
  postNotice(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: PostBoardNoticeRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.noticePost, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Get('compounds/:compoundId/board')
  @ApiOperation({
    summary: "The compound's public board: notices, results of closed votes, resolutions with their tasks",
    description: 'Its residents (owners linked to their accounts) and its staff; anyone else 404.',
  })
  @ApiOkResponse({ type: BoardView })
  board(@Param('compoundId', new ParseUUIDPipe()) compoundId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.board, streetOf(actor), { compoundId }, { actor });
  }
}
