import { IsUUID } from 'class-validator';

export const RESIDENCE_TYPES = ['registered', 'resident', 'floating', 'foreign'] as const;
export type ResidenceType = (typeof RESIDENCE_TYPES)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const HOUSEHOLD_TYPES = ['family', 'collective', 'rental', 'vacant'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

/** Relation of a member to the head of the household. */
export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'child_in_law',
  'parent',
  'parent_in_law',
  'grandparent',
  'grandchild',
  'sibling',
  'tenant',
  'other',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** Special-care groups (特殊关爱人群). */
export const CARE_TAGS = [
  'elderly_alone',
  'disabled',
  'low_income',
  'left_behind_child',
  'veteran',
  'old_party_member',
  'under_assistance',
] as const;
export type CareTag = (typeof CARE_TAGS)[number];

/** Personal data fields stored encrypted and shown masked. */
export const PII_FIELDS = ['idNumber', 'phone'] as const;
export type PiiField = (typeof PII_FIELDS)[number];

/** A grid path: district.street.community.grid */
export const GRID_PATH = /^[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}$/;
/** Mobile (11 digits from 1) or landline (area code, optional dash). */
export const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
/** A quarter such as `2026-Q4`; years 1000-2999, as year 0 or 9999-Q4 has no bounds PostgreSQL reads. */
export const QUARTER = /^[12]\d{3}-Q[1-4]$/;
/** Code of a tag (built-in or district-defined): lower-case letters, digits, underscore. */
export const TAG_CODE = /^[a-z][a-z0-9_]{1,31}$/;
export const TAG_CODE_MESSAGE = '$property must be a tag code (a-z, 0-9, _; 2-32 characters)';

/** `{ id }` of a registry record (bus form of path parameters). */
export class RegistryIdRequest {
  @IsUUID()
  id!: string;
}
