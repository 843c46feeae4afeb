import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PERIOD, PERIOD_MESSAGE, PeriodView } from './units';
import { DISTRICT_CODE } from './schemes';

export class PeriodRequest {
  @ApiProperty({ example: '2026-03', description: 'the period to close or reopen' })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period!: string;
}

export class PeriodCommand extends PeriodRequest {
  @Matches(DISTRICT_CODE) district!: string;
}

export class DistrictOnlyRequest {
  @Matches(DISTRICT_CODE) district!: string;
}

/** A closed period (封账): its published scorecards no longer change; later events are restatements. */
export class ClosedPeriodView {
  @ApiProperty() district!: string;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty() closedAt!: string;
  @ApiProperty() closedBy!: string;
  @ApiProperty({ description: 'facts that arrived after closing, waiting for a reopening' }) lateFacts!: number;
}
