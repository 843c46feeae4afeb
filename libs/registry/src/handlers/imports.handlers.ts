import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RegistryIdRequest,
  RegistryRoutes,
  type Actor,
  ExportPageQuery,
  ImportRunCommand,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ImportService } from '../services/import.service';

/** Bulk import (parsed cells from the gateway) and masked export pages. */
@Controller()
export class ImportsHandlers {
  constructor(private readonly imports: ImportService) {}

  @BusHandler(RegistryRoutes.importRun)
  run(@Payload() cmd: ImportRunCommand, @CallerActor() actor?: Actor) {
    return this.imports.run(cmd, actor);
  }

  @BusHandler(RegistryRoutes.importGet)
  get(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.imports.get(req.id, actor);
  }

  @BusHandler(RegistryRoutes.exportPage)
  exportPage(@Payload() query: ExportPageQuery, @CallerActor() actor?: Actor) {
    return this.imports.exportPage(query, actor);
  }
}
