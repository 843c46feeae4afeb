import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DuplicateListQuery,
  MergeDuplicateCommand,
  RegistryIdRequest,
  RegistryRoutes,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { DuplicatesService } from '../services/duplicates.service';

/** Likely duplicates and their review. */
@Controller()
export class DuplicatesHandlers {
  constructor(private readonly duplicates: DuplicatesService) {}

  @BusHandler(RegistryRoutes.duplicateList)
  list(@Payload() query: DuplicateListQuery, @CallerActor() actor?: Actor) {
    return this.duplicates.list(query, actor);
  }

  @BusHandler(RegistryRoutes.duplicateMerge)
  merge(@Payload() cmd: MergeDuplicateCommand, @CallerActor() actor?: Actor) {
    return this.duplicates.merge(cmd, actor);
  }

  @BusHandler(RegistryRoutes.duplicateKeepApart)
  keepApart(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.duplicates.keepApart(req, actor);
  }
}
