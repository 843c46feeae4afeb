import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { PageQuery, type Page } from './common';
import type { EventEnvelope } from './events';
import { routesOf, type ServiceName } from './subjects';

/** Dead letters: events a service gave up on after its attempts, for operators to see and replay. */
export class DeadLetterQuery extends PageQuery {}

export class DeadLetterReplayRequest {
  @IsUUID()
  id!: string;
}

export class DeadLetterView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the service that gave up on the event' }) service!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'ticket.opened' }) type!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ description: 'the last error' }) error!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) replayedAt!: string | null;
  @ApiProperty({ type: Object, description: 'the event as it was delivered' }) envelope!: EventEnvelope;
}

export class DeadLetterReplayed {
  @ApiProperty() replayed!: boolean;
  /** false: the event had been applied already (its inbox record exists) */
  @ApiProperty() applied!: boolean;
}

/** The dead-letter routes every service answers. */
export function deadLetterRoutes(service: ServiceName) {
  const r = routesOf(service);
  return {
    deadLetterList: r<DeadLetterQuery, Page<DeadLetterView>>('ops.dead-letters.list'),
    deadLetterReplay: r<DeadLetterReplayRequest, DeadLetterReplayed>('ops.dead-letters.replay'),
  };
}
