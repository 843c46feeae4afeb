import type { Actor, Role, TicketSource } from '@gz/contracts';
import { canReach, forbidden, hasRole } from '@gz/platform';

/** Who may do what with a ticket, from the actor's roles and org scopes. Pure. */
export const STAFF_ROLES: readonly Role[] = [
  'grid_worker',
  'community_secretary',
  'command_operator',
  'street_admin',
  'district_admin',
];

const REPORT_SOURCES: Partial<Record<Role, readonly TicketSource[]>> = {
  grid_worker: ['grid_patrol', 'informant'],
  community_secretary: ['grid_patrol', 'informant', 'resident'],
  command_operator: ['hotline_12345', 'camera', 'informant', 'grid_patrol', 'resident'],
  street_admin: ['hotline_12345', 'camera', 'informant', 'grid_patrol', 'resident'],
  district_admin: ['hotline_12345', 'camera', 'informant', 'grid_patrol', 'resident', 'partner'],
  resident: ['resident'],
  partner_client: ['partner'],
};

export interface TicketAccessFacts {
  gridPath: string;
  /** department paths the ticket is dispatched to */
  departments: string[];
  reporterId: string;
}

function hasGrant(actor: Actor, grant: string): boolean {
  return actor.kind !== 'client' || (actor.grants ?? []).includes(grant);
}

/** The sources this caller may report from (a resident reports as a resident, the hotline as 12345 …). */
export function reportSources(actor: Actor): TicketSource[] {
  const set = new Set<TicketSource>();
  for (const role of actor.roles) for (const s of REPORT_SOURCES[role] ?? []) set.add(s);
  if (actor.kind === 'client' && !hasGrant(actor, 'tickets:report')) return [];
  return [...set];
}

export function checkReport(actor: Actor, gridPath: string, source: TicketSource): void {
  const sources = reportSources(actor);
  if (sources.length === 0) throw forbidden('You may not report tickets');
  if (!sources.includes(source)) throw forbidden(`You may not report with the source ${source}`, { allowed: sources });
  if (!canReach(actor, gridPath)) throw forbidden(`Outside your scope: ${gridPath}`, { path: gridPath });
}

/** Reads: the place's staff, the departments it is dispatched to, and the reporter. */
export function canSee(actor: Actor, t: TicketAccessFacts): boolean {
  if (actor.id === t.reporterId) return true;
  if (hasRole(actor, 'resident') && actor.roles.length === 1) return false;
  if (actor.kind === 'client' && !hasGrant(actor, 'tickets:read')) return false;
  if (hasRole(actor, ...STAFF_ROLES, 'auditor') && canReach(actor, t.gridPath)) return true;
  return t.departments.some((d) => canReach(actor, d));
}

/** Verify, reject, merge, handle in the grid, check and close: the place's staff. */
export function checkStaff(actor: Actor, t: TicketAccessFacts): void {
  if (!hasRole(actor, ...STAFF_ROLES))
    throw forbidden(`This needs one of the roles: ${STAFF_ROLES.join(', ')}`, { roles: STAFF_ROLES });
  if (!canReach(actor, t.gridPath)) throw forbidden(`Outside your scope: ${t.gridPath}`, { path: t.gridPath });
}

/** Rating (考核评价): the reporter, or a resident or grid worker of the place. */
export function checkRate(actor: Actor, t: TicketAccessFacts): void {
  if (actor.id === t.reporterId) return;
  if (hasRole(actor, 'resident', 'grid_worker') && canReach(actor, t.gridPath)) return;
  throw forbidden('Only the reporter, or a resident or grid worker of the place, rates a ticket');
}

/**
 * Which tickets a caller's lists and figures hold: their own reports; the tickets within their
 * scopes when they are the place's staff (or auditors); the tickets dispatched to a department
 * within their scopes, unless they are only a resident or a client without `tickets:read`.
 */
export interface ListScope {
  reporterId: string;
  scopes: string[];
  places: boolean;
  departments: boolean;
}

export function listScope(actor: Actor): ListScope {
  const residentOnly = actor.roles.length > 0 && actor.roles.every((r) => r === 'resident');
  return {
    reporterId: actor.id,
    scopes: actor.scopes,
    places: hasRole(actor, ...STAFF_ROLES, 'auditor'),
    departments: !residentOnly && hasGrant(actor, 'tickets:read'),
  };
}

/** The facts of a ticket's row that decide who may see it and act on it. */
export function accessFacts(t: {
  grid_path: string;
  department_paths: string[];
  reporter_id: string;
}): TicketAccessFacts {
  return { gridPath: t.grid_path, departments: t.department_paths, reporterId: t.reporter_id };
}

/** Uploading photos is for those who report or work on tickets. */
export function mayUploadPhotos(actor: Actor): boolean {
  if (actor.kind === 'client')
    return reportSources(actor).length > 0 || (actor.grants ?? []).some((g) => g.startsWith('tickets:'));
  return reportSources(actor).length > 0 || hasRole(actor, ...STAFF_ROLES, 'department_officer');
}
