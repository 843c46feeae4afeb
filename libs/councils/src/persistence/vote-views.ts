import type {
  BallotChannel,
  BallotChoice,
  BallotCorrectionView,
  BallotView,
  ConvenorView,
  NonVoterView,
  VoteCountView,
  VoteMatter,
  VoteStatus,
  VoteView,
} from '@gz/contracts';
import { BALLOT_CHOICES } from '@gz/contracts';

export interface VoteRow {
  id: string;
  compound_id: string;
  street_code: string;
  community_path: string;
  matter: VoteMatter;
  title: string;
  description: string | null;
  status: VoteStatus;
  opens_at: Date;
  closes_at: Date;
  opened_at: Date | null;
  closed_at: Date | null;
  /** bigint: pg answers it as text */
  total_area: string | null;
  total_headcount: number | null;
  result: VoteCountView | null;
  version: number;
  created_by: string;
  created_at: Date;
}

export interface BallotRow {
  id: string;
  vote_id: string;
  elector_key: string;
  owner_id: string | null;
  choice: BallotChoice;
  channel: BallotChannel;
  area: string;
  photo_id: string | null;
  cast_by: string;
  cast_at: Date;
  idempotency_key: string | null;
  version: number;
}

export interface BallotCorrectionRow {
  ballot_id: string;
  from_choice: BallotChoice;
  to_choice: BallotChoice;
  reason: string;
  by: string;
  at: Date;
}

export interface ElectorRow {
  elector_key: string;
  owner_ids: string[];
  units: string[];
  building_ids: string[];
  area: string;
}

export interface ConvenorRow {
  id: string;
  compound_id: string;
  user_id: string;
  building_id: string | null;
  assigned_by: string;
  assigned_at: Date;
}

export function voteView(r: VoteRow): VoteView {
  return {
    id: r.id,
    compoundId: r.compound_id,
    street: r.street_code,
    communityPath: r.community_path,
    matter: r.matter,
    title: r.title,
    description: r.description,
    options: [...BALLOT_CHOICES],
    status: r.status,
    opensAt: r.opens_at.toISOString(),
    closesAt: r.closes_at.toISOString(),
    openedAt: r.opened_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    electorate:
      r.total_area === null || r.total_headcount === null
        ? null
        : { areaHundredths: Number(r.total_area), headcount: r.total_headcount },
    result: r.result,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

export function ballotView(r: BallotRow, corrections: BallotCorrectionRow[], created: boolean): BallotView {
  return {
    id: r.id,
    voteId: r.vote_id,
    electorKey: r.elector_key,
    choice: r.choice,
    channel: r.channel,
    areaHundredths: Number(r.area),
    photoId: r.photo_id,
    castBy: r.cast_by,
    castAt: r.cast_at.toISOString(),
    version: r.version,
    corrections: corrections.map((c): BallotCorrectionView => ({
      from: c.from_choice,
      to: c.to_choice,
      reason: c.reason,
      by: c.by,
      at: c.at.toISOString(),
    })),
    created,
  };
}

export function nonVoterView(r: ElectorRow): NonVoterView {
  return { electorKey: r.elector_key, ownerIds: r.owner_ids, units: r.units, areaHundredths: Number(r.area) };
}

export function convenorView(r: ConvenorRow): ConvenorView {
  return {
    id: r.id,
    compoundId: r.compound_id,
    userId: r.user_id,
    buildingId: r.building_id,
    assignedBy: r.assigned_by,
    assignedAt: r.assigned_at.toISOString(),
  };
}
