/** The roles a person or a partner system can hold (DESIGN.md, "Identity and access"). */
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

export const ROLE_LABELS: Record<Role, string> = {
  district_admin: '区级管理员',
  street_admin: '街道管理员',
  command_operator: '指挥中心值班员',
  community_secretary: '社区书记',
  grid_worker: '网格员',
  department_officer: '职能部门人员',
  social_org_staff: '社会组织人员',
  property_manager: '物业经理',
  owners_committee_member: '业委会成员',
  resident: '居民',
  auditor: '审计员',
  partner_client: '对接系统',
};
