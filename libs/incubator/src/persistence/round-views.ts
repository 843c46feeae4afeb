import type {
  BudgetLineView,
  MilestonePlanView,
  MilestoneStatus,
  MidtermOutcome,
  OrgLegalStatus,
  ProjectGrade,
  ProjectMilestoneView,
  ProjectStatus,
  RankingEntryView,
  RecusalStatus,
  RecusalView,
  ReviewerConflictView,
  RoundApplicationStatus,
  RoundApplicationView,
  RoundCriterionView,
  RoundReviewerView,
  RoundStatus,
  RoundTrack,
  RoundView,
  ScoreMarkView,
  ScoreSheetView,
  ServiceField,
} from '@gz/contracts';
import { meanScore } from '../domain/scoring';

/** PostgreSQL's bigint arrives as text: money (fen) stays far below 2^53, so it is read as a number. */
export const fen = (v: string | number): number => Number(v);
const fenOrNull = (v: string | number | null): number | null => (v === null ? null : Number(v));
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A row of "incubator".round. */
export interface RoundRow {
  id: string;
  street_code: string;
  place_path: string;
  title: string;
  call_text: string;
  track: RoundTrack;
  status: RoundStatus;
  budget_fen: string;
  remaining_fen: string;
  award_cap_fen: string | null;
  min_sheets: number;
  eligible_statuses: OrgLegalStatus[];
  eligible_fields: ServiceField[];
  eligible_communities: string[];
  criteria: RoundCriterionView[];
  opens_at: Date;
  closes_at: Date;
  review_by: Date;
  opened_at: Date | null;
  call_closed_at: Date | null;
  review_closed_at: Date | null;
  closed_at: Date | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export function roundView(r: RoundRow, now: Date): RoundView {
  return {
    id: r.id,
    street: r.street_code,
    place: r.place_path,
    title: r.title,
    callText: r.call_text,
    track: r.track,
    status: r.status,
    budgetFen: fen(r.budget_fen),
    awardedFen: fen(r.budget_fen) - fen(r.remaining_fen),
    remainingFen: fen(r.remaining_fen),
    awardCapFen: fenOrNull(r.award_cap_fen),
    minScoreSheets: r.min_sheets,
    eligibility: {
      legalStatuses: r.eligible_statuses,
      fields: r.eligible_fields,
      communities: r.eligible_communities,
    },
    criteria: r.criteria,
    opensAt: r.opens_at.toISOString(),
    closesAt: r.closes_at.toISOString(),
    reviewBy: r.review_by.toISOString(),
    reviewOverdue: r.status === 'reviewing' && now.getTime() > r.review_by.getTime(),
    openedAt: iso(r.opened_at),
    callClosedAt: iso(r.call_closed_at),
    reviewClosedAt: iso(r.review_closed_at),
    closedAt: iso(r.closed_at),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface RoundReviewerRow {
  round_id: string;
  user_id: string;
  name: string;
  added_by: string;
  added_at: Date;
}

export const reviewerView = (r: RoundReviewerRow): RoundReviewerView => ({
  roundId: r.round_id,
  userId: r.user_id,
  name: r.name,
  addedBy: r.added_by,
  addedAt: r.added_at.toISOString(),
});

/** A row of "incubator".round_application, as written. */
export interface RoundApplicationRecord {
  id: string;
  round_id: string;
  organisation_id: string;
  street_code: string;
  community_path: string;
  title: string;
  summary: string;
  target_group: string;
  amount_fen: number;
  budget_lines: BudgetLineView[];
  milestone_plan: MilestonePlanView[];
  submitted_by: string;
  submitted_at: Date;
}

/** An application as read: its row, its organisation's name and staff unit, its round's track and keepers' place. */
export interface RoundApplicationRow extends Omit<RoundApplicationRecord, 'amount_fen'> {
  amount_fen: string;
  status: RoundApplicationStatus;
  awarded_fen: string | null;
  awarded_by: string | null;
  awarded_at: Date | null;
  project_status: ProjectStatus | null;
  disbursed_fen: string;
  /** the counted score sheets and their scores (hundredths) added up */
  sheets: number;
  score_sum: string;
  midterm_outcome: MidtermOutcome | null;
  midterm_findings: string | null;
  midterm_by: string | null;
  midterm_at: Date | null;
  final_score: number | null;
  final_grade: ProjectGrade | null;
  final_findings: string | null;
  final_by: string | null;
  final_at: Date | null;
  version: number;
  updated_at: Date;
  organisation_name: string;
  organisation_org_path: string | null;
  organisation_community_path: string;
  track: RoundTrack;
  place_path: string;
  scored_by_me: boolean;
}

export function roundApplicationView(r: RoundApplicationRow): RoundApplicationView {
  return {
    id: r.id,
    roundId: r.round_id,
    track: r.track,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    street: r.street_code,
    communityPath: r.community_path,
    title: r.title,
    summary: r.summary,
    targetGroup: r.target_group,
    amountFen: fen(r.amount_fen),
    budgetLines: r.budget_lines,
    milestones: r.milestone_plan,
    status: r.status,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at.toISOString(),
    scoredByMe: r.scored_by_me,
    project:
      r.status === 'awarded' && r.project_status && r.awarded_fen !== null && r.awarded_at && r.awarded_by
        ? {
            status: r.project_status,
            awardedFen: fen(r.awarded_fen),
            disbursedFen: fen(r.disbursed_fen),
            awardedBy: r.awarded_by,
            awardedAt: r.awarded_at.toISOString(),
            midterm:
              r.midterm_outcome && r.midterm_at
                ? {
                    outcome: r.midterm_outcome,
                    findings: r.midterm_findings ?? '',
                    by: r.midterm_by ?? '',
                    at: r.midterm_at.toISOString(),
                  }
                : null,
            final:
              r.final_score !== null && r.final_grade && r.final_at
                ? {
                    score: r.final_score,
                    grade: r.final_grade,
                    findings: r.final_findings ?? '',
                    by: r.final_by ?? '',
                    at: r.final_at.toISOString(),
                  }
                : null,
          }
        : null,
    version: r.version,
  };
}

export interface ConflictRow {
  application_id: string;
  reviewer_id: string;
  round_id: string;
  kind: ReviewerConflictView['kind'];
  source: ReviewerConflictView['source'];
  left_on: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export const conflictView = (r: ConflictRow): ReviewerConflictView => ({
  roundId: r.round_id,
  applicationId: r.application_id,
  reviewerId: r.reviewer_id,
  kind: r.kind,
  source: r.source,
  leftOn: r.left_on,
  note: r.note,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at.toISOString(),
});

export interface RecusalRow {
  id: string;
  round_id: string;
  application_id: string;
  reviewer_id: string;
  reason: string;
  status: RecusalStatus;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
}

export const recusalView = (r: RecusalRow): RecusalView => ({
  id: r.id,
  roundId: r.round_id,
  applicationId: r.application_id,
  reviewerId: r.reviewer_id,
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at.toISOString(),
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
  note: r.note,
});

export interface ScoreSheetRow {
  id: string;
  round_id: string;
  application_id: string;
  reviewer_id: string;
  marks: ScoreMarkView[];
  score_h: number;
  applicable_weight: number;
  comment: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const scoreSheetView = (r: ScoreSheetRow): ScoreSheetView => ({
  id: r.id,
  roundId: r.round_id,
  applicationId: r.application_id,
  reviewerId: r.reviewer_id,
  marks: r.marks,
  score: r.score_h,
  applicableWeight: r.applicable_weight,
  comment: r.comment,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

/** One line of the ranking as the ranking query reads it. */
export interface RankingRow {
  rank: string;
  application_id: string;
  title: string;
  organisation_id: string;
  organisation_name: string;
  community_path: string;
  amount_fen: string;
  sheets: number;
  score_sum: string | null;
  status: RoundApplicationStatus;
  awarded_fen: string | null;
  submitted_at: Date;
}

export const rankingView = (r: RankingRow, minSheets: number): RankingEntryView => ({
  rank: Number(r.rank),
  applicationId: r.application_id,
  title: r.title,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  communityPath: r.community_path,
  amountFen: fen(r.amount_fen),
  reviewers: r.sheets,
  meanScore: r.score_sum === null ? null : meanScore(Number(r.score_sum), r.sheets),
  scoreSum: fenOrNull(r.score_sum),
  fullyReviewed: r.sheets >= minSheets,
  status: r.status,
  awardedFen: fenOrNull(r.awarded_fen),
  submittedAt: r.submitted_at.toISOString(),
});

export interface MilestoneRow {
  id: string;
  application_id: string;
  round_id: string;
  position: number;
  title: string;
  due_on: string;
  share_bp: number;
  amount_fen: string;
  status: MilestoneStatus;
  report: string | null;
  reported_by: string | null;
  reported_at: Date | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  voucher: string | null;
  disbursed_by: string | null;
  disbursed_at: Date | null;
  version: number;
}

export const milestoneView = (r: MilestoneRow): ProjectMilestoneView => ({
  id: r.id,
  applicationId: r.application_id,
  position: r.position,
  title: r.title,
  dueOn: r.due_on,
  shareBp: r.share_bp,
  amountFen: fen(r.amount_fen),
  status: r.status,
  report: r.report,
  reportedBy: r.reported_by,
  reportedAt: iso(r.reported_at),
  decisionNote: r.decision_note,
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
  voucher: r.voucher,
  disbursedBy: r.disbursed_by,
  disbursedAt: iso(r.disbursed_at),
  version: r.version,
});
