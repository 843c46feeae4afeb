import type { Actor } from '@gz/contracts';
import { forbidden, notFound, requireActor } from '@gz/platform';
import type { AppUser } from '../persistence/entities';
import type { UserStore } from '../persistence/user.store';

/** The caller's own account, for what only its owner does (the password, the second factor). */
export async function ownAccount(users: UserStore, actor: Actor | undefined): Promise<AppUser> {
  const a = requireActor(actor);
  if (a.kind !== 'user') throw forbidden('Only people have passwords and second factors');
  const user = await users.find(a.id);
  if (!user) throw notFound('User');
  return user;
}
