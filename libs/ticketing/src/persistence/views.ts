import {
  communityOfPath,
  RESOLVED_STATES,
  type AssignedDepartment,
  type CategoryKind,
  type CategoryView,
  type LedgerClaim,
  type LedgerEntry,
  type PhotoRef,
  type PhotoType,
  type Severity,
  type TicketSource,
  type TicketState,
  type TicketView,
  type TimelineAction,
  type TimelineEntry,
} from '@gz/contracts';

/** Rows of the ticketing schema as the stores read them, and the views the service answers. */

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export interface CategoryRow {
  code: string;
  kind: CategoryKind;
  major_code: string;
  major_name: string;
  name: string;
  ack_minutes: number;
  handle_minutes: number;
  severity: Severity;
  grid_closable: boolean;
  district: string | null;
}

export function categoryView(r: CategoryRow): CategoryView {
  return {
    code: r.code,
    kind: r.kind,
    majorCode: r.major_code,
    majorName: r.major_name,
    name: r.name,
    ackMinutes: r.ack_minutes,
    handleMinutes: r.handle_minutes,
    severity: r.severity,
    gridClosable: r.grid_closable,
    district: r.district,
  };
}

export interface TicketRow {
  id: string;
  street_code: string;
  grid_path: string;
  building: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  category_code: string;
  category_name: string;
  category_kind: CategoryKind;
  severity: Severity;
  grid_closable: boolean;
  ack_minutes: number;
  handle_minutes: number;
  source: TicketSource;
  description: string;
  informant: string | null;
  external_ref: string | null;
  photos: string[];
  reporter_id: string;
  reporter_kind: 'user' | 'client' | 'system';
  reporter_name: string | null;
  state: TicketState;
  version: number;
  departments: AssignedDepartment[];
  department_paths: string[];
  merged_into: string | null;
  reject_reason: string | null;
  result: string | null;
  escalation_level: number;
  rating: number | null;
  rating_comment: string | null;
  rated_by: string | null;
  reported_at: Date;
  opened_at: Date | null;
  dispatched_at: Date | null;
  acknowledged_at: Date | null;
  handled_at: Date | null;
  checked_at: Date | null;
  closed_at: Date | null;
  rated_at: Date | null;
  updated_at: Date;
}

export function ticketView(r: TicketRow): TicketView {
  return {
    id: r.id,
    state: r.state,
    version: r.version,
    street: r.street_code,
    source: r.source,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    categoryKind: r.category_kind,
    severity: r.severity,
    gridClosable: r.grid_closable,
    description: r.description,
    location: {
      gridPath: r.grid_path,
      ...(r.building ? { building: r.building } : {}),
      ...(r.address ? { address: r.address } : {}),
      ...(r.lat != null && r.lng != null ? { lat: r.lat, lng: r.lng } : {}),
    },
    informant: r.informant,
    photos: r.photos,
    reporter: { id: r.reporter_id, kind: r.reporter_kind, ...(r.reporter_name ? { name: r.reporter_name } : {}) },
    departments: r.departments,
    mergedInto: r.merged_into,
    rejectReason: r.reject_reason,
    result: r.result,
    escalationLevel: r.escalation_level,
    rating: r.rating,
    ratingComment: r.rating_comment,
    reportedAt: r.reported_at.toISOString(),
    openedAt: iso(r.opened_at),
    dispatchedAt: iso(r.dispatched_at),
    acknowledgedAt: iso(r.acknowledged_at),
    handledAt: iso(r.handled_at),
    checkedAt: iso(r.checked_at),
    closedAt: iso(r.closed_at),
    ratedAt: iso(r.rated_at),
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface TimelineRow {
  id: string;
  seq: number;
  action: TimelineAction;
  from_state: TicketState | null;
  to_state: TicketState | null;
  at: Date;
  actor_id: string;
  actor_kind: 'user' | 'client' | 'system';
  actor_name: string | null;
  note: string | null;
  photos: string[];
  data: Record<string, unknown>;
}

export function timelineView(r: TimelineRow): TimelineEntry {
  return {
    id: r.id,
    seq: r.seq,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    at: r.at.toISOString(),
    by: { id: r.actor_id, kind: r.actor_kind, ...(r.actor_name ? { name: r.actor_name } : {}) },
    note: r.note,
    photos: r.photos,
    data: r.data,
  };
}

export interface ClaimRow {
  id: string;
  ticket_id: string;
  claimer_id: string;
  claimer_kind: 'user' | 'client' | 'system';
  claimer_name: string | null;
  note: string | null;
  claimed_at: Date;
  released_at: Date | null;
}

export function claimView(r: ClaimRow): LedgerClaim {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    by: { id: r.claimer_id, kind: r.claimer_kind, ...(r.claimer_name ? { name: r.claimer_name } : {}) },
    note: r.note,
    claimedAt: r.claimed_at.toISOString(),
    releasedAt: iso(r.released_at),
  };
}

export interface PhotoRow {
  id: string;
  sha256: string;
  content_type: PhotoType;
  size: number;
  uploader_id: string;
  uploader_kind: string;
  uploaded_at: Date;
}

export function photoView(r: PhotoRow): PhotoRef {
  return {
    id: r.id,
    sha256: r.sha256,
    contentType: r.content_type,
    size: r.size,
    uploadedAt: r.uploaded_at.toISOString(),
  };
}

/** A resident's request as the ledger lists it, with who follows it. */
export function ledgerEntryView(t: TicketRow, followers: ClaimRow[]): LedgerEntry {
  return {
    ticketId: t.id,
    community: communityOfPath(t.grid_path) ?? t.grid_path,
    gridPath: t.grid_path,
    source: t.source,
    state: t.state,
    categoryCode: t.category_code,
    categoryName: t.category_name,
    description: t.description,
    resolved: RESOLVED_STATES.includes(t.state),
    reportedAt: t.reported_at.toISOString(),
    closedAt: iso(t.closed_at),
    followers: followers.map(claimView),
  };
}
