import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegistryRoutes, StatisticsQuery, type Actor } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { StatisticsService } from '../services/statistics.service';

/** Figures per grid, community and street. */
@Controller()
export class StatisticsHandlers {
  constructor(private readonly statistics: StatisticsService) {}

  @BusHandler(RegistryRoutes.statistics)
  get(@Payload() query: StatisticsQuery, @CallerActor() actor?: Actor) {
    return this.statistics.statistics(query, actor);
  }
}
