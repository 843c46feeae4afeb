import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegistryImportRoutes, type Actor, type ExportPageQuery, type ImportRunCommand } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ImportService } from './import.service';

/** Bulk import (parsed cells from the gateway) and masked export pages. */
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  @BusHandler(RegistryImportRoutes.importRun)
  run(@Payload() cmd: ImportRunCommand, @CallerActor() actor?: Actor) {
    return this.imports.run(cmd, actor);
  }

  @BusHandler(RegistryImportRoutes.importGet)
  get(@Payload() req: { id: string }, @CallerActor() actor?: Actor) {
    return this.imports.get(req.id, actor);
  }

  @BusHandler(RegistryImportRoutes.exportPage)
  exportPage(@Payload() q: ExportPageQuery, @CallerActor() actor?: Actor) {
    return this.imports.exportPage(q, actor);
  }
}
