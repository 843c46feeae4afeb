import type {
  CapacityAssessmentView,
  IncubationStage,
  IncubationStageEntry,
  IncubationView,
  LeaveReason,
  MentoringView,
  OrgLegalStatus,
  ParkView,
  AssessmentStatus,
} from '@gz/contracts';
import { CAPACITY_MAX_TOTAL } from '@gz/contracts';
import { scoresOf } from '../domain/capacity-assessment';
import { allowedNextStages } from '../domain/incubation-stages';
import { personView } from './organisation-record-views';

/** A row of "incubator".park with its counts. */
export interface ParkRow {
  id: string;
  name: string;
  path: string;
  street_code: string;
  operator: string;
  address: string | null;
  created_by_id: string;
  created_by_name: string | null;
  created_at: Date;
}

export type ParkListRow = ParkRow & { active: number; overdue_first_reviews: number };

export function parkView(r: ParkListRow): ParkView {
  return {
    id: r.id,
    name: r.name,
    path: r.path,
    street: r.street_code,
    operator: r.operator,
    address: r.address,
    active: r.active,
    overdueFirstReviews: r.overdue_first_reviews,
    createdAt: r.created_at.toISOString(),
  };
}

/** A row of "incubator".incubation. */
export interface IncubationRow {
  id: string;
  park_id: string;
  organisation_id: string;
  stage: IncubationStage;
  street_code: string;
  park_path: string;
  applied_at: Date;
  first_review_due_at: Date;
  first_reviewed_at: Date | null;
  left_reason: LeaveReason | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** One entry of the stage history as the row's json_agg carries it. */
export interface StageJson {
  stage: IncubationStage;
  from: IncubationStage | null;
  reason: LeaveReason | null;
  note: string | null;
  byId: string;
  byName: string | null;
  at: string;
}

/** An incubation with its park's and organisation's facts and its stage history. */
export type IncubationDetailRow = IncubationRow & {
  park_name: string;
  organisation_name: string;
  legal_status: OrgLegalStatus;
  community_path: string;
  org_path: string | null;
  communities_served: string[];
  history: StageJson[];
};

const stageEntry = (s: StageJson): IncubationStageEntry => ({
  stage: s.stage,
  from: s.from,
  reason: s.reason,
  note: s.note,
  by: personView(s.byId, s.byName),
  at: new Date(s.at).toISOString(),
});

export function incubationView(r: IncubationDetailRow, now: Date): IncubationView {
  return {
    id: r.id,
    parkId: r.park_id,
    parkName: r.park_name,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    legalStatus: r.legal_status,
    street: r.street_code,
    communityPath: r.community_path,
    stage: r.stage,
    allowedNext: allowedNextStages(r.stage),
    appliedAt: r.applied_at.toISOString(),
    firstReviewDueAt: r.first_review_due_at.toISOString(),
    firstReviewedAt: r.first_reviewed_at?.toISOString() ?? null,
    firstReviewOverdue: r.stage === 'applied' && now >= r.first_review_due_at,
    firstReviewLate: r.first_reviewed_at !== null && r.first_reviewed_at > r.first_review_due_at,
    leftReason: r.left_reason,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    history: r.history.map(stageEntry),
  };
}

/** A row of "incubator".incubation_mentoring (held_on as text). */
export interface MentoringRow {
  id: string;
  incubation_id: string;
  held_on: string;
  mentor: string;
  mentor_organisation: string | null;
  topic: string;
  notes: string | null;
  recorded_by_id: string;
  recorded_by_name: string | null;
  recorded_at: Date;
}

export function mentoringView(r: MentoringRow): MentoringView {
  return {
    id: r.id,
    incubationId: r.incubation_id,
    heldOn: r.held_on,
    mentor: r.mentor,
    mentorOrganisation: r.mentor_organisation,
    topic: r.topic,
    notes: r.notes,
    recordedBy: personView(r.recorded_by_id, r.recorded_by_name),
    recordedAt: r.recorded_at.toISOString(),
  };
}

/** A row of "incubator".capacity_assessment (assessed_on as text). */
export interface AssessmentRow {
  id: string;
  incubation_id: string;
  status: AssessmentStatus;
  assessor_user_id: string | null;
  assessor_name: string;
  assessor_organisation: string;
  total: number | null;
  assessed_on: string | null;
  summary: string | null;
  named_by_id: string;
  named_by_name: string | null;
  named_at: Date;
  submitted_by_id: string | null;
  submitted_by_name: string | null;
  submitted_at: Date | null;
}

export type AssessmentDetailRow = AssessmentRow & {
  organisation_id: string;
  scores: Array<{ dimension: string; score: number }> | null;
};

export function assessmentView(r: AssessmentDetailRow): CapacityAssessmentView {
  return {
    id: r.id,
    incubationId: r.incubation_id,
    organisationId: r.organisation_id,
    status: r.status,
    assessorUserId: r.assessor_user_id,
    assessorName: r.assessor_name,
    assessorOrganisation: r.assessor_organisation,
    scores: (r.scores && scoresOf(r.scores)) ?? null,
    total: r.total,
    maxTotal: CAPACITY_MAX_TOTAL,
    assessedOn: r.assessed_on,
    summary: r.summary,
    namedBy: personView(r.named_by_id, r.named_by_name),
    namedAt: r.named_at.toISOString(),
    submittedBy: r.submitted_by_id ? personView(r.submitted_by_id, r.submitted_by_name) : null,
    submittedAt: r.submitted_at?.toISOString() ?? null,
  };
}
