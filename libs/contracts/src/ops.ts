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

export interface DeadLetterView {
  id: string;
  service: string;
  eventId: string;
  type: string;
  attempts: number;
  error: string;
  createdAt: string;
  replayedAt: string | null;
  envelope: EventEnvelope;
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
