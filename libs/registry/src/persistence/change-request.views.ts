import type { ChangeRequestStatus, ChangeRequestView } from '@gz/contracts';

export interface RequestRow {
  id: string;
  person_id: string;
  person_name: string;
  path: string;
  street_code: string;
  fields: string[];
  preview: ChangeRequestView['changes'];
  status: ChangeRequestStatus;
  requested_by: string;
  requested_by_name: string | null;
  requested_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  reason: string | null;
}

export const REQUEST_COLUMNS = `c.id, c.person_id, p.name AS person_name, c.path, c.street_code, c.fields, c.preview, c.status, c.requested_by,
  c.requested_by_name, c.requested_at, c.decided_by, c.decided_by_name, c.decided_at, c.reason`;
export const REQUEST_FROM = `"registry".change_request c JOIN "registry".person p ON p.id = c.person_id`;

export function requestView(r: RequestRow): ChangeRequestView {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    path: r.path,
    sensitiveFields: r.fields,
    changes: r.preview,
    status: r.status,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
    reason: r.reason,
  };
}
