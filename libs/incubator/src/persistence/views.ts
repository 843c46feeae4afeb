import type { OrganisationView, OrgLegalStatus, ServiceField } from '@gz/contracts';

/** A row of "incubator".organisation, with the communities it serves. */
export interface OrganisationRow {
  id: string;
  name: string;
  legal_status: OrgLegalStatus;
  credit_code: string | null;
  street_code: string;
  community_path: string;
  fields: ServiceField[];
  org_path: string | null;
  purpose: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  communities_served: string[];
}

export function organisationView(r: OrganisationRow): OrganisationView {
  return {
    id: r.id,
    name: r.name,
    legalStatus: r.legal_status,
    creditCode: r.credit_code,
    street: r.street_code,
    communityPath: r.community_path,
    communitiesServed: r.communities_served,
    fields: r.fields,
    orgPath: r.org_path,
    purpose: r.purpose,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
