import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { IsInstant, ORG_PATH } from '../common';
import { IntBetween } from '../decorators';

export const TASK_STATES = ['open', 'ticketed', 'done'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** What made a task done: its progress reached 100, or the ticket it was sent as closed, was rejected or merged. */
export const TASK_DONE_BY = ['progress', 'ticket.closed', 'ticket.rejected', 'ticket.merged'] as const;
export type TaskDoneBy = (typeof TASK_DONE_BY)[number];

export class PublishResolutionRequest {
  @ApiProperty({ example: '在湖山路一侧开设通往地铁站的侧门', description: 'what will be done' })
  @IsString()
  @Length(1, 2000)
  action!: string;

  @ApiProperty({ example: '安居物业', description: 'who implements it' })
  @IsString()
  @Length(1, 200)
  implementer!: string;

  @ApiProperty({ example: '2026-08-31T18:00:00+08:00', description: 'by when' })
  @IsInstant()
  dueBy!: string;
}

export class PublishResolutionCommand extends PublishResolutionRequest {
  @IsUUID()
  topicId!: string;
}

export class ResolutionIdRequest {
  @IsUUID()
  id!: string;
}

/** Where a task is done, as a ticket would be located. */
export class TaskPlace {
  @ApiProperty({ example: 'd01.s01.c01.g01', description: 'the grid (网格) of the place' })
  @Matches(ORG_PATH)
  gridPath!: string;

  @ApiPropertyOptional({ example: '3号楼' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  building?: string;

  @ApiPropertyOptional({ example: '湖山路12号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class CreateTaskRequest {
  @ApiProperty({ example: '拆除围墙并安装门禁' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ type: TaskPlace })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TaskPlace)
  place?: TaskPlace;
}

export class CreateTaskCommand extends CreateTaskRequest {
  @IsUUID()
  resolutionId!: string;
}

export class TaskProgressRequest {
  @ApiProperty({ minimum: 0, maximum: 100, description: 'percent done; 100 makes the task done' })
  @IntBetween(0, 100)
  progress!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class TaskProgressCommand extends TaskProgressRequest {
  @IsUUID()
  id!: string;
}

export class SendTaskRequest {
  @ApiProperty({ example: 'E0603', description: "ticketing's category of the work" })
  @IsString()
  @Length(1, 20)
  categoryCode!: string;
}

export class SendTaskCommand extends SendTaskRequest {
  @IsUUID()
  id!: string;
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) resolutionId!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ type: TaskPlace, nullable: true }) place!: TaskPlace | null;
  @ApiProperty({ enum: TASK_STATES }) state!: TaskState;
  @ApiProperty() progress!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the ticket the task was sent as' })
  ticketId!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: TASK_DONE_BY }) doneBy!: TaskDoneBy | null;
  @ApiPropertyOptional({ nullable: true, type: String }) doneAt!: string | null;
}

export class ResolutionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) topicId!: string;
  @ApiProperty() topicTitle!: string;
  @ApiProperty({ format: 'uuid' }) compoundId!: string;
  @ApiProperty() action!: string;
  @ApiProperty() implementer!: string;
  @ApiProperty() dueBy!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ type: [TaskView] }) tasks!: TaskView[];
}

export class PostBoardNoticeRequest {
  @ApiProperty({ example: '关于开设侧门的公示' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  body!: string;
}

export class PostBoardNoticeCommand extends PostBoardNoticeRequest {
  @IsUUID()
  compoundId!: string;
}

export class BoardNoticeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() postedAt!: string;
}

export class BoardVoteView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() matter!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty() closedAt!: string;
}

export class BoardRequest {
  @IsUUID()
  compoundId!: string;
}

/** A compound's public board (公示栏): notices, results of closed votes, resolutions with their tasks. */
export class BoardView {
  @ApiProperty({ format: 'uuid' }) compoundId!: string;
  @ApiProperty({ type: [BoardNoticeView] }) notices!: BoardNoticeView[];
  @ApiProperty({ type: [BoardVoteView] }) votes!: BoardVoteView[];
  @ApiProperty({ type: [ResolutionView] }) resolutions!: ResolutionView[];
}
