import type {
  BuildingView,
  ChangeView,
  Gender,
  HouseholdType,
  HouseholdView,
  PersonView,
  PiiAccessEntry,
  PiiField,
  Relation,
  ResidenceType,
  ResidenceView,
} from '@gz/contracts';

const iso = (d: Date) => d.toISOString();

export const BUILDING_COLUMNS = `b.id, b.path, b.street_code, b.address, b.name, b.units, b.floors, b.version, b.created_at, b.updated_at,
  (SELECT count(*)::int FROM "registry".household hh WHERE hh.building_id = b.id) AS households`;

export interface BuildingRow {
  id: string;
  path: string;
  street_code: string;
  address: string;
  name: string | null;
  units: number;
  floors: number;
  households: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function buildingView(r: BuildingRow): BuildingView {
  return {
    id: r.id,
    path: r.path,
    street: r.street_code,
    address: r.address,
    name: r.name,
    units: r.units,
    floors: r.floors,
    households: r.households,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export const HOUSEHOLD_COLUMNS = `h.id, h.building_id, b.address, h.door_number, h.unit_no, h.floor, h.type, h.head_person_id, h.path, h.street_code,
  h.version, h.created_at, h.updated_at,
  (SELECT count(*)::int FROM "registry".person pp WHERE pp.household_id = h.id) AS member_count`;

export interface HouseholdRow {
  id: string;
  building_id: string;
  address: string;
  door_number: string;
  unit_no: number | null;
  floor: number | null;
  type: HouseholdType;
  head_person_id: string | null;
  path: string;
  street_code: string;
  member_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function householdView(r: HouseholdRow): HouseholdView {
  return {
    id: r.id,
    buildingId: r.building_id,
    address: r.address,
    doorNumber: r.door_number,
    unit: r.unit_no,
    floor: r.floor,
    type: r.type,
    headPersonId: r.head_person_id,
    memberCount: r.member_count,
    path: r.path,
    street: r.street_code,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Person columns for views: masked personal data only (the ciphertexts never leave the service). */
export const PERSON_COLUMNS = `p.id, p.name, p.gender, p.birth_date::text AS birth_date, p.ethnicity, p.id_number_masked, p.phone_masked,
  p.residence_type, p.employer, p.tags, p.household_id, p.relation, p.present, p.path, p.street_code, p.version, p.created_at, p.updated_at,
  b.address, h.door_number`;

export const PERSON_FROM = `"registry".person p
  LEFT JOIN "registry".household h ON h.id = p.household_id
  LEFT JOIN "registry".building b ON b.id = h.building_id`;

export interface PersonRow {
  id: string;
  name: string;
  gender: Gender;
  birth_date: string;
  ethnicity: string;
  id_number_masked: string | null;
  phone_masked: string | null;
  residence_type: ResidenceType;
  employer: string | null;
  tags: string[];
  household_id: string | null;
  relation: Relation | null;
  present: boolean;
  path: string;
  street_code: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  address: string | null;
  door_number: string | null;
}

export function personView(r: PersonRow): PersonView {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    ethnicity: r.ethnicity,
    idNumber: r.id_number_masked,
    phone: r.phone_masked,
    residenceType: r.residence_type,
    employer: r.employer,
    tags: r.tags,
    householdId: r.household_id,
    relation: r.relation,
    address: r.address,
    doorNumber: r.door_number,
    present: r.present,
    path: r.path,
    street: r.street_code,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export const RESIDENCE_COLUMNS = `r.id, r.person_id, r.household_id, b.address, h.door_number, r.path, r.relation,
  r.moved_in_on::text AS moved_in_on, r.moved_out_on::text AS moved_out_on, r.move_in_reason, r.move_out_reason, r.recorded_by`;

export interface ResidenceRow {
  id: string;
  person_id: string;
  household_id: string;
  address: string;
  door_number: string;
  path: string;
  relation: Relation | null;
  moved_in_on: string;
  moved_out_on: string | null;
  move_in_reason: string | null;
  move_out_reason: string | null;
  recorded_by: string | null;
}

export function residenceView(r: ResidenceRow): ResidenceView {
  return {
    id: r.id,
    personId: r.person_id,
    householdId: r.household_id,
    address: r.address,
    doorNumber: r.door_number,
    path: r.path,
    relation: r.relation,
    movedInOn: r.moved_in_on,
    movedOutOn: r.moved_out_on,
    moveInReason: r.move_in_reason,
    moveOutReason: r.move_out_reason,
    recordedBy: r.recorded_by,
  };
}

export interface ChangeRow {
  id: string;
  person_id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  field: string;
  before: unknown;
  after: unknown;
}

export function changeView(r: ChangeRow): ChangeView {
  return {
    id: r.id,
    personId: r.person_id,
    at: iso(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    field: r.field,
    before: r.before,
    after: r.after,
  };
}

export interface PiiAccessRow {
  id: string;
  at: Date;
  actor_id: string;
  actor_name: string | null;
  actor_roles: string[];
  person_id: string;
  field: PiiField;
  reason: string;
  path: string;
}

export function piiAccessView(r: PiiAccessRow): PiiAccessEntry {
  return {
    id: r.id,
    at: iso(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRoles: r.actor_roles,
    personId: r.person_id,
    field: r.field,
    reason: r.reason,
    path: r.path,
  };
}
