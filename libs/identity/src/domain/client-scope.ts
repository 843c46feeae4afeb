import { invalid } from '@gz/platform';

/**
 * The OAuth scopes granted for a client-credentials request: the requested ones (space
 * separated) when all are among the client's grants, all grants when none are requested.
 * A scope the client may not have is refused with `invalid` naming it.
 */
export function grantedScopes(requested: string | undefined, grants: readonly string[]): string[] {
  const asked = [...new Set((requested ?? '').split(/\s+/).filter(Boolean))];
  if (asked.length === 0) return [...grants];
  const refused = asked.find((s) => !grants.includes(s));
  if (refused !== undefined)
    throw invalid(`The scope ${refused} is not granted to this client`, { field: 'scope', scope: refused });
  return asked;
}
