import { parentOfPath, pathWithin, streetOfPath, type OrgKind, type OrgNode } from '@gz/contracts';
import { unprocessable } from '@gz/platform';

/** Where each kind of unit may hang in the tree. Districts are roots (made by the seed only). */
export const ALLOWED_PARENTS: Record<OrgKind, readonly OrgKind[]> = {
  district: [],
  street: ['district'],
  community: ['street'],
  grid: ['community'],
  department: ['district', 'street'],
  social_org: ['district', 'street', 'community'],
  property_company: ['street', 'community'],
  owners_committee: ['community', 'grid'],
};

/** The path of a new unit: `d01.s01` + `c03` → `d01.s01.c03`. */
export function childPath(parentPath: string, code: string): string {
  return `${parentPath}.${code}`;
}

/** The street code stored with a unit: `s01` for anything in street s01, `all` above street level. */
export function streetCodeOf(path: string): string {
  return streetOfPath(path);
}

/** Throws `unprocessable` when a unit of `kind` may not hang under a unit of `parentKind`. */
export function checkPlacement(parentKind: OrgKind, kind: OrgKind): void {
  if (!ALLOWED_PARENTS[kind].includes(parentKind)) {
    const allowed = ALLOWED_PARENTS[kind];
    throw unprocessable(
      allowed.length === 0
        ? `A ${kind} cannot be created under another unit`
        : `A ${kind} belongs under a ${allowed.join(' or ')}, not under a ${parentKind}`,
      { field: 'kind', kind, parentKind },
    );
  }
}

/** The scopes that are not already covered by another one (`d01` covers `d01.s01`). */
export function minimalScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  return unique.filter((s) => !unique.some((other) => other !== s && pathWithin(s, other))).sort();
}

/** The street of events about something scoped to these paths: their common street, else `all`. */
export function streetOfScopes(scopes: readonly string[]): string {
  const streets = new Set(scopes.map(streetOfPath));
  return streets.size === 1 ? [...streets][0] : 'all';
}

export interface OrgRow {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  path: string;
  street_code: string;
}

/**
 * The subtrees a caller sees: one root per scope (the unit at that path), with everything below
 * it, children ordered by code. Scopes covered by another scope are not repeated.
 */
export function buildOrgForest(rows: readonly OrgRow[], scopes: readonly string[]): OrgNode[] {
  const roots = minimalScopes(scopes);
  const nodes = new Map<string, OrgNode>();
  for (const row of [...rows].sort((a, b) => a.path.localeCompare(b.path))) {
    if (!roots.some((r) => pathWithin(row.path, r))) continue;
    nodes.set(row.path, {
      id: row.id,
      code: row.code,
      name: row.name,
      kind: row.kind,
      path: row.path,
      street: row.street_code,
      children: [],
    });
  }
  const forest: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parentPath = parentOfPath(node.path);
    const parent = parentPath !== undefined && !roots.includes(node.path) ? nodes.get(parentPath) : undefined;
    if (parent) parent.children.push(node);
    else if (roots.includes(node.path)) forest.push(node);
  }
  const byCode = (a: OrgNode, b: OrgNode) => a.code.localeCompare(b.code);
  const sortDeep = (list: OrgNode[]) => {
    list.sort(byCode);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(forest);
  return forest;
}
