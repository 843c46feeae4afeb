import type {
  ActivityView,
  CorrectionStatus,
  CorrectionView,
  EventPerson,
  HoursEntryStatus,
  HoursEntryView,
  PersonRef,
  SignUpStatus,
  SignUpView,
  VolunteerConsentMethod,
  VolunteerRecordRow,
  VolunteerTeamView,
  VolunteerView,
} from '@gz/contracts';
import type { TeamFacts } from '../domain/volunteer-access';
import { hoursShown } from '../domain/volunteer-hours';

/** A person as stored in a jsonb column (`personOf(actor)`). */
type StoredPerson = EventPerson;
export const personRef = (p: StoredPerson): PersonRef => ({
  id: p.id,
  kind: p.kind,
  ...(p.name ? { name: p.name } : {}),
});

/** A row of "incubator".volunteer_team, with its organisation's name and unit and its member count. */
export interface VolunteerTeamRow {
  id: string;
  name: string;
  street_code: string;
  community_path: string;
  organisation_id: string | null;
  organiser_ids: string[];
  purpose: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  organisation_name: string | null;
  org_path: string | null;
  members: number;
}

export const teamFacts = (t: Pick<VolunteerTeamRow, 'community_path' | 'organiser_ids' | 'org_path'>): TeamFacts => ({
  communityPath: t.community_path,
  organiserIds: t.organiser_ids,
  orgPath: t.org_path,
});

export function volunteerTeamView(t: VolunteerTeamRow): VolunteerTeamView {
  return {
    id: t.id,
    name: t.name,
    street: t.street_code,
    communityPath: t.community_path,
    organisationId: t.organisation_id,
    organisationName: t.organisation_name,
    organiserIds: t.organiser_ids,
    purpose: t.purpose,
    members: Number(t.members),
    version: t.version,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
  };
}

/** A row of "incubator".volunteer: sealed values, their masked forms and blind indexes. */
export interface VolunteerRow {
  id: string;
  name_sealed: string;
  name_masked: string;
  phone_sealed: string;
  phone_masked: string;
  phone_index: string;
  id_number_sealed: string | null;
  id_number_masked: string | null;
  id_number_index: string | null;
  street_code: string;
  community_path: string;
  user_id: string | null;
  consent_at: Date;
  consent_method: VolunteerConsentMethod;
  consent_note: string | null;
  consent_recorded_by: StoredPerson;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function volunteerView(v: VolunteerRow): VolunteerView {
  return {
    id: v.id,
    nameMasked: v.name_masked,
    phoneMasked: v.phone_masked,
    idNumberMasked: v.id_number_masked,
    street: v.street_code,
    communityPath: v.community_path,
    linked: v.user_id !== null,
    consent: {
      givenAt: v.consent_at.toISOString(),
      method: v.consent_method,
      note: v.consent_note,
      recordedBy: personRef(v.consent_recorded_by),
      recordedAt: v.created_at.toISOString(),
    },
    version: v.version,
    createdAt: v.created_at.toISOString(),
  };
}

/** A row of "incubator".volunteer_activity, with its team's facts. */
export interface ActivityRow {
  id: string;
  team_id: string;
  title: string;
  content: string;
  place: string;
  street_code: string;
  community_path: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  confirmed: number;
  waiting: number;
  in_charge: string;
  check_code: string;
  hours_due_at: Date;
  created_by: StoredPerson;
  created_at: Date;
  team_name: string;
  team_community_path: string;
  organiser_ids: string[];
  organisation_id: string | null;
  org_path: string | null;
}

/** The facts of the team that runs the activity. */
export const activityTeam = (a: ActivityRow): TeamFacts => ({
  communityPath: a.team_community_path,
  organiserIds: a.organiser_ids,
  orgPath: a.org_path,
});

export function activityView(a: ActivityRow): ActivityView {
  return {
    id: a.id,
    teamId: a.team_id,
    teamName: a.team_name,
    organisationId: a.organisation_id,
    title: a.title,
    content: a.content,
    place: a.place,
    street: a.street_code,
    communityPath: a.community_path,
    startsAt: a.starts_at.toISOString(),
    endsAt: a.ends_at.toISOString(),
    capacity: a.capacity,
    confirmed: a.confirmed,
    waiting: a.waiting,
    inCharge: a.in_charge,
    hoursDueAt: a.hours_due_at.toISOString(),
    createdAt: a.created_at.toISOString(),
  };
}

/** A row of "incubator".activity_sign_up, with the volunteer's masked name and, while waiting, its place. */
export interface SignUpRow {
  id: string;
  activity_id: string;
  volunteer_id: string;
  status: SignUpStatus;
  seq: string;
  signed_up_by: StoredPerson;
  signed_up_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: StoredPerson | null;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  code_failures: number;
  name_masked: string;
  user_id: string | null;
  position: number | null;
}

export function signUpView(s: SignUpRow): SignUpView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: s.id,
    activityId: s.activity_id,
    volunteerId: s.volunteer_id,
    volunteerNameMasked: s.name_masked,
    status: s.status,
    position: s.status === 'waiting' && s.position !== null ? Number(s.position) : null,
    signedUpAt: s.signed_up_at.toISOString(),
    confirmedAt: iso(s.confirmed_at),
    cancelledAt: iso(s.cancelled_at),
    checkedInAt: iso(s.checked_in_at),
    checkedOutAt: iso(s.checked_out_at),
  };
}

/** A row of "incubator".volunteer_hours_entry as written. */
export interface HoursEntryRow {
  id: string;
  activity_id: string;
  volunteer_id: string;
  team_id: string;
  organisation_id: string | null;
  street_code: string;
  community_path: string;
  served_on: string;
  minutes: number;
  late: boolean;
  due_at: Date;
  status: HoursEntryStatus;
  supersedes: string | null;
  superseded_by: string | null;
  correction_id: string | null;
  note: string | null;
  recorded_by: StoredPerson;
  recorded_at: Date;
}

/** An entry as read, with what it is about: the activity, the volunteer's masked name, the team and organisation. */
export interface HoursEntryReadRow extends HoursEntryRow {
  title: string;
  content: string;
  place: string;
  in_charge: string;
  name_masked: string;
  team_name: string;
  organisation_name: string | null;
}

export function hoursEntryView(e: HoursEntryReadRow): HoursEntryView {
  return {
    id: e.id,
    activityId: e.activity_id,
    activityTitle: e.title,
    content: e.content,
    place: e.place,
    servedOn: e.served_on,
    volunteerId: e.volunteer_id,
    volunteerNameMasked: e.name_masked,
    teamId: e.team_id,
    teamName: e.team_name,
    organisationId: e.organisation_id,
    organisationName: e.organisation_name,
    communityPath: e.community_path,
    minutes: e.minutes,
    hours: hoursShown(e.minutes),
    late: e.late,
    dueAt: e.due_at.toISOString(),
    inCharge: e.in_charge,
    recordedBy: personRef(e.recorded_by),
    recordedAt: e.recorded_at.toISOString(),
    status: e.status,
    supersedes: e.supersedes,
    supersededBy: e.superseded_by,
    correctionId: e.correction_id,
    note: e.note,
  };
}

/** The recorder as a certificate and an exported record name them. */
export const recorderName = (p: StoredPerson): string => p.name ?? p.id;

export function recordRow(e: HoursEntryReadRow): VolunteerRecordRow {
  return {
    servedOn: e.served_on,
    activity: e.title,
    content: e.content,
    place: e.place,
    communityPath: e.community_path,
    minutes: e.minutes,
    hours: hoursShown(e.minutes),
    team: e.team_name,
    organisation: e.organisation_name,
    recordedBy: recorderName(e.recorded_by),
    recordedAt: e.recorded_at.toISOString(),
    inCharge: e.in_charge,
    late: e.late,
    corrected: e.supersedes !== null,
  };
}

/** A row of "incubator".volunteer_hours_correction. */
export interface CorrectionRow {
  id: string;
  entry_id: string;
  activity_id: string;
  team_id: string;
  volunteer_id: string;
  from_minutes: number;
  minutes: number;
  reason: string;
  status: CorrectionStatus;
  requested_by: StoredPerson;
  requested_at: Date;
  decided_by: StoredPerson | null;
  decided_at: Date | null;
  note: string | null;
  new_entry_id: string | null;
}

export function correctionView(c: CorrectionRow): CorrectionView {
  return {
    id: c.id,
    entryId: c.entry_id,
    activityId: c.activity_id,
    teamId: c.team_id,
    volunteerId: c.volunteer_id,
    fromMinutes: c.from_minutes,
    minutes: c.minutes,
    reason: c.reason,
    status: c.status,
    requestedBy: personRef(c.requested_by),
    requestedAt: c.requested_at.toISOString(),
    decidedBy: c.decided_by ? personRef(c.decided_by) : null,
    decidedAt: c.decided_at ? c.decided_at.toISOString() : null,
    note: c.note,
    newEntryId: c.new_entry_id,
  };
}

/** A row of "incubator".volunteer_certificate. */
export interface CertificateRow {
  id: string;
  volunteer_id: string;
  team_id: string | null;
  street_code: string;
  community_path: string;
  from_day: string | null;
  to_day: string | null;
  minutes: string;
  statement: string;
  issued_by: StoredPerson;
  issued_at: Date;
}
