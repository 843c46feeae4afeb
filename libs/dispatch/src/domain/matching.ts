import { pathWithin, type DepartmentRef, type Proposal } from '@gz/contracts';

export interface Rule {
  id: string;
  /** a category code (`C0302`, `C0302-01`), a class prefix (`C03*`, `E*`) or `*` */
  category: string;
  /** the org subtree the rule covers */
  orgPath: string;
  lead: DepartmentRef;
  co: DepartmentRef[];
}

/** How specifically a rule's category pattern names a category: higher wins; -1 does not match. */
export function categorySpecificity(pattern: string, code: string): number {
  if (pattern === '*') return 0;
  if (!pattern.endsWith('*')) {
    if (pattern === code) return 4;
    // a rule for C0302 covers the district's C0302-01 too
    return code.startsWith(`${pattern}-`) ? 3 : -1;
  }
  const prefix = pattern.slice(0, -1);
  if (!code.startsWith(prefix)) return -1;
  return prefix.length === 1 ? 1 : 2;
}

/**
 * The departments a responsibility list names for a ticket: the rule with the most specific
 * category wins, then the one with the narrowest org subtree, then the earlier one. Departments
 * in `exclude` (they handed the ticket back as "not ours") are left out: a co-department steps up
 * as lead when the lead is excluded. Pure.
 */
export function propose(
  rules: readonly Rule[],
  ticket: { categoryCode: string; gridPath: string },
  listVersion: number | null,
  exclude: readonly string[] = [],
): Proposal | null {
  let best: { rule: Rule; score: [number, number, number] } | undefined;
  rules.forEach((rule, index) => {
    const cat = categorySpecificity(rule.category, ticket.categoryCode);
    if (cat < 0 || !pathWithin(ticket.gridPath, rule.orgPath)) return;
    const departments = [rule.lead, ...rule.co].filter((d) => !exclude.includes(d.path));
    if (departments.length === 0) return;
    const score: [number, number, number] = [cat, rule.orgPath.split('.').length, -index];
    if (!best || compare(score, best.score) > 0) best = { rule, score };
  });
  if (!best) return null;
  const [lead, ...co] = [best.rule.lead, ...best.rule.co].filter((d) => !exclude.includes(d.path));
  return {
    lead,
    co,
    listVersion,
    basis: `责任清单 v${listVersion ?? '-'}：${best.rule.category} @ ${best.rule.orgPath}`,
  };
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
