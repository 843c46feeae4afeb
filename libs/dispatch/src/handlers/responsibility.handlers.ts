import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DispatchRoutes,
  PublishResponsibilityRequest,
  ResponsibilityImportCommand,
  ResponsibilityQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ResponsibilityImportService } from '../services/responsibility-import.service';
import { ResponsibilityService } from '../services/responsibility.service';

/** Responsibility lists: the one in force, a new version, an imported sheet. */
@Controller()
export class ResponsibilityHandlers {
  constructor(
    private readonly lists: ResponsibilityService,
    private readonly sheets: ResponsibilityImportService,
  ) {}

  @BusHandler(DispatchRoutes.responsibilityGet)
  get(@Payload() query: ResponsibilityQuery, @CallerActor() actor?: Actor) {
    return this.lists.get(query.street, actor);
  }

  @BusHandler(DispatchRoutes.responsibilityPublish)
  publish(@Payload() req: PublishResponsibilityRequest, @CallerActor() actor?: Actor) {
    return this.lists.publish(req, actor);
  }

  @BusHandler(DispatchRoutes.responsibilityImport)
  import(@Payload() cmd: ResponsibilityImportCommand, @CallerActor() actor?: Actor) {
    return this.sheets.import(cmd, actor);
  }
}
