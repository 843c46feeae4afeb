import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PhotoIdRequest, RegisterPhotoCommand, TicketingRoutes, type Actor } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { PhotosService } from '../services/photos.service';

/** Photo records: registered by the gateway after it stored the bytes; access checked before it serves them. */
@Controller()
export class PhotoHandlers {
  constructor(private readonly photos: PhotosService) {}

  @BusHandler(TicketingRoutes.photoRegister)
  register(@Payload() cmd: RegisterPhotoCommand, @CallerActor() actor?: Actor) {
    return this.photos.register(cmd, actor);
  }

  @BusHandler(TicketingRoutes.photoAccess)
  access(@Payload() req: PhotoIdRequest, @CallerActor() actor?: Actor) {
    return this.photos.access(req.id, actor);
  }
}
