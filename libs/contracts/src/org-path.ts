/**
 * Org paths: dot-separated codes from the district down, `d01.s01.c02.g03` (district, street,
 * community, grid). The one place that knows which level each token is.
 */
export const STREET_TOKEN = /^s\d{2,3}$/;

/** True when `path` lies at or below `scope` in the org tree. */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}

/** How many levels a path has (`d01` 1, `d01.s01` 2, `d01.s01.c02` 3). */
export function pathDepth(path: string): number {
  return path.split('.').length;
}

/** The path cut to its first `depth` levels (1 district, 2 street, 3 community), or undefined when it is shorter. */
export function pathAtDepth(path: string, depth: number): string | undefined {
  const tokens = path.split('.');
  return tokens.length >= depth ? tokens.slice(0, depth).join('.') : undefined;
}

/** The parent of a path (`d01.s01.c02` → `d01.s01`), undefined for a district. */
export function parentOfPath(path: string): string | undefined {
  const at = path.lastIndexOf('.');
  return at < 0 ? undefined : path.slice(0, at);
}

/** The last code of a path (`d01.s01.c02` → `c02`). */
export function codeOfPath(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** The district a path belongs to (`d01.s01.c02` → `d01`). */
export function districtOfPath(path: string): string {
  return path.split('.')[0];
}

/** The street code a path belongs to (`d01.s01.c02` → `s01`), or `all` above street level. */
export function streetOfPath(path: string): string {
  const token = path.split('.')[1];
  return token && STREET_TOKEN.test(token) ? token : 'all';
}

/** The community's path of a path at or below a community (`d01.s01.c02.g03` → `d01.s01.c02`). */
export function communityOfPath(path: string): string | undefined {
  return pathAtDepth(path, 3);
}
