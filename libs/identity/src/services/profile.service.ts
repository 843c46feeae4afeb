import { Injectable } from '@nestjs/common';
import type { Actor, ProfileView } from '@gz/contracts';
import { forbidden, requireActor } from '@gz/platform';
import { ClientsService } from './clients.service';
import { UsersService } from './users.service';

/** `me`: who the caller is, a person's profile or a partner system's own record. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly clients: ClientsService,
  ) {}

  me(actor: Actor | undefined): Promise<ProfileView> {
    const a = requireActor(actor);
    if (a.kind === 'user') return this.users.me(a.id);
    if (a.kind === 'client')
      return this.clients.profile(a.id.startsWith('client:') ? a.id.slice('client:'.length) : a.id);
    throw forbidden('System callers have no profile');
  }
}
