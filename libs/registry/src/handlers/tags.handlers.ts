import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DefineTagRequest, RegistryRoutes, TagListQuery, type Actor } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { DistrictTagsService } from '../services/district-tags.service';

/** Tags persons may carry: the built-in ones and those a district defines. */
@Controller()
export class TagsHandlers {
  constructor(private readonly tags: DistrictTagsService) {}

  @BusHandler(RegistryRoutes.tagList)
  list(@Payload() query: TagListQuery, @CallerActor() actor?: Actor) {
    return this.tags.list(query, actor);
  }

  @BusHandler(RegistryRoutes.tagDefine)
  define(@Payload() req: DefineTagRequest, @CallerActor() actor?: Actor) {
    return this.tags.define(req, actor);
  }
}
