import type {
  ContactView,
  IncubatorPiiAccessEntry,
  OrganisationDocumentView,
  OrganisationGradeRecordView,
  OrganisationStatusChangeView,
  OrgDocumentKind,
  OrgGrade,
  OrgLegalStatus,
  RecordPerson,
} from '@gz/contracts';
import { gradeExpired } from '../domain/grade';

export const personView = (id: string, name: string | null): RecordPerson => ({ id, name });

/** A row of "incubator".organisation_document (issued_on read as text). */
export interface DocumentRow {
  id: string;
  organisation_id: string;
  kind: OrgDocumentKind;
  title: string;
  reference: string;
  issued_on: string;
  added_by_id: string;
  added_by_name: string | null;
  added_at: Date;
}

export function documentView(r: DocumentRow): OrganisationDocumentView {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    kind: r.kind,
    title: r.title,
    reference: r.reference,
    issuedOn: r.issued_on,
    addedBy: personView(r.added_by_id, r.added_by_name),
    addedAt: r.added_at.toISOString(),
  };
}

/** A change of legal status with the document it rests on (its columns prefixed `doc_`). */
export interface StatusChangeRow {
  id: string;
  organisation_id: string;
  from_status: OrgLegalStatus;
  to_status: OrgLegalStatus;
  credit_code: string | null;
  document_id: string;
  note: string | null;
  by_id: string;
  by_name: string | null;
  at: Date;
  doc_kind: OrgDocumentKind;
  doc_title: string;
  doc_reference: string;
  doc_issued_on: string;
  doc_added_by_id: string;
  doc_added_by_name: string | null;
  doc_added_at: Date;
}

export function statusChangeView(r: StatusChangeRow): OrganisationStatusChangeView {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    from: r.from_status,
    to: r.to_status,
    creditCode: r.credit_code,
    document: documentView({
      id: r.document_id,
      organisation_id: r.organisation_id,
      kind: r.doc_kind,
      title: r.doc_title,
      reference: r.doc_reference,
      issued_on: r.doc_issued_on,
      added_by_id: r.doc_added_by_id,
      added_by_name: r.doc_added_by_name,
      added_at: r.doc_added_at,
    }),
    note: r.note,
    by: personView(r.by_id, r.by_name),
    at: r.at.toISOString(),
  };
}

/** A row of "incubator".organisation_grade (days read as text). */
export interface GradeRow {
  id: string;
  organisation_id: string;
  grade: OrgGrade;
  assessed_on: string;
  valid_until: string;
  reference: string | null;
  by_id: string;
  by_name: string | null;
  at: Date;
}

export function gradeRecordView(r: GradeRow, today: string): OrganisationGradeRecordView {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    grade: r.grade,
    assessedOn: r.assessed_on,
    validUntil: r.valid_until,
    expired: gradeExpired(r.valid_until, today),
    reference: r.reference,
    by: personView(r.by_id, r.by_name),
    at: r.at.toISOString(),
  };
}

/** A row of "incubator".organisation_contact; the sealed phone never leaves the service. */
export interface ContactRow {
  id: string;
  organisation_id: string;
  name: string;
  role: string;
  phone_sealed: string;
  phone_masked: string;
  phone_index: string;
  added_by_id: string;
  added_by_name: string | null;
  added_at: Date;
}

export function contactView(r: ContactRow): ContactView {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    name: r.name,
    role: r.role,
    phoneMasked: r.phone_masked,
    addedBy: personView(r.added_by_id, r.added_by_name),
    addedAt: r.added_at.toISOString(),
  };
}

/** A row of "incubator".pii_access. */
export interface PiiAccessRow {
  id: string;
  subject_kind: string;
  subject_id: string;
  field: string;
  reason: string;
  actor_id: string;
  actor_name: string | null;
  street_code: string;
  at: Date;
}

export function piiAccessView(r: PiiAccessRow): IncubatorPiiAccessEntry {
  return {
    id: String(r.id),
    at: r.at.toISOString(),
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    field: r.field,
    reason: r.reason,
    actorId: r.actor_id,
    actorName: r.actor_name,
    street: r.street_code,
  };
}
