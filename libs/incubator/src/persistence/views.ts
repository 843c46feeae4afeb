import type { OrganisationView, OrgGrade, OrgLegalStatus, ServiceField } from '@gz/contracts';
import { gradeExpired } from '../domain/grade';

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
  /** the latest assessment grade (read with the row; absent on a row about to be written) */
  current_grade?: { grade: OrgGrade; assessedOn: string; validUntil: string } | null;
}

/** The organisation as answered; `today` (YYYY-MM-DD, Asia/Shanghai, from the Clock) tells whether its grade has expired. */
export function organisationView(r: OrganisationRow, today: string): OrganisationView {
  const g = r.current_grade;
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
    grade: g
      ? {
          grade: g.grade,
          assessedOn: g.assessedOn,
          validUntil: g.validUntil,
          expired: gradeExpired(g.validUntil, today),
        }
      : null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
