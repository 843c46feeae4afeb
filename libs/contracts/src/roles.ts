/** The roles a person or a partner system can hold. */
export const ROLES = [
  'district_admin',
  'street_admin',
  'command_operator',
  'community_secretary',
  'grid_worker',
  'department_officer',
  'social_org_staff',
  'property_manager',
  'owners_committee_member',
  'resident',
  'auditor',
  'partner_client',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that administer users and clients, each within its own scope. */
export const ADMIN_ROLES: readonly Role[] = ['district_admin', 'street_admin'];
