import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { IdentityRoutes, type Actor, type EmptyRequest } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ProfileService } from '../services/profile.service';

/** The caller's own profile. */
@Controller()
export class ProfileHandlers {
  constructor(private readonly profile: ProfileService) {}

  @BusHandler(IdentityRoutes.me)
  me(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.profile.me(actor);
  }
}
