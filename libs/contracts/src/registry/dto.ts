import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsInstant, ORG_PATH, PageQuery } from '../common';
import { TAG_CODE, TAG_CODE_MESSAGE } from './reminders';

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

/**
 * Persons carry built-in tags and the tags their district defines, so tags are strings here, not
 * an enum of CARE_TAGS; the registry checks each against both lists.
 */
const TAG_DESCRIPTION = `tag codes: built-in (${CARE_TAGS.join(', ')}) or defined by the district (GET /registry/tags)`;

/** Personal data fields stored encrypted and shown masked. */
export const PII_FIELDS = ['idNumber', 'phone'] as const;
export type PiiField = (typeof PII_FIELDS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a date YYYY-MM-DD';
/** Mobile (11 digits from 1) or landline (area code, optional dash). */
export const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
/** A grid path: district.street.community.grid */
export const GRID_PATH = /^[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}$/;

/** Fields that may be null to clear them are validated only when present. */
const present = (_: object, v: unknown) => v !== undefined && v !== null;
const given = (_: object, v: unknown) => v !== undefined;

// ---------------------------------------------------------------------------------------------
// Buildings
// ---------------------------------------------------------------------------------------------

export class CreateBuildingRequest {
  @ApiProperty({ example: 'd01.s01.c01.g01', description: 'the grid the building stands in' })
  @Matches(GRID_PATH, { message: 'gridPath must be a grid path such as d01.s01.c01.g01' })
  gridPath!: string;

  @ApiProperty({ example: '锦华路18号' })
  @IsString()
  @Length(2, 200)
  address!: string;

  @ApiPropertyOptional({ example: '锦华苑3栋' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiProperty({ minimum: 1, maximum: 100, example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  units!: number;

  @ApiProperty({ minimum: 1, maximum: 200, example: 6 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  floors!: number;
}

export class UpdateBuildingRequest {
  @ApiProperty({ description: 'the version you read; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @IsString()
  @Length(2, 200)
  address?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf(present)
  @IsString()
  @Length(1, 100)
  name?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  units?: number;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  floors?: number;
}

export class UpdateBuildingCommand extends UpdateBuildingRequest {
  @IsUUID()
  id!: string;
}

export class BuildingListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only within this org path', example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional({ description: 'part of the address' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  address?: string;
}

export class BuildingView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'd01.s01.c01.g01' }) path!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty() address!: string;
  @ApiPropertyOptional({ nullable: true }) name!: string | null;
  @ApiProperty() units!: number;
  @ApiProperty() floors!: number;
  @ApiProperty() households!: number;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

// ---------------------------------------------------------------------------------------------
// Households
// ---------------------------------------------------------------------------------------------

export class CreateHouseholdRequest {
  @ApiProperty()
  @IsUUID()
  buildingId!: string;

  @ApiProperty({ example: '1-302', description: 'door number, unique within the building' })
  @IsString()
  @Matches(/^[0-9A-Za-z\u4e00-\u9fa5][0-9A-Za-z\u4e00-\u9fa5#-]{0,19}$/, {
    message: 'doorNumber must be 1-20 letters, digits, - or #',
  })
  doorNumber!: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  unit?: number;

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-5)
  @Max(200)
  floor?: number;

  @ApiProperty({ enum: HOUSEHOLD_TYPES })
  @IsIn(HOUSEHOLD_TYPES)
  type!: HouseholdType;
}

export class UpdateHouseholdRequest {
  @ApiProperty({ description: 'the version you read; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ enum: HOUSEHOLD_TYPES })
  @ValidateIf(given)
  @IsIn(HOUSEHOLD_TYPES)
  type?: HouseholdType;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @IsString()
  @Matches(/^[0-9A-Za-z\u4e00-\u9fa5][0-9A-Za-z\u4e00-\u9fa5#-]{0,19}$/, {
    message: 'doorNumber must be 1-20 letters, digits, - or #',
  })
  doorNumber?: string;
}

export class UpdateHouseholdCommand extends UpdateHouseholdRequest {
  @IsUUID()
  id!: string;
}

export class HouseholdListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  buildingId?: string;

  @ApiPropertyOptional({ enum: HOUSEHOLD_TYPES })
  @IsOptional()
  @IsIn(HOUSEHOLD_TYPES)
  type?: HouseholdType;
}

export class HouseholdView {
  @ApiProperty() id!: string;
  @ApiProperty() buildingId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiPropertyOptional({ nullable: true }) unit!: number | null;
  @ApiPropertyOptional({ nullable: true }) floor!: number | null;
  @ApiProperty({ enum: HOUSEHOLD_TYPES }) type!: HouseholdType;
  @ApiPropertyOptional({ nullable: true }) headPersonId!: string | null;
  @ApiProperty() memberCount!: number;
  @ApiProperty() path!: string;
  @ApiProperty() street!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

// ---------------------------------------------------------------------------------------------
// Persons
// ---------------------------------------------------------------------------------------------

export class CreatePersonRequest {
  @ApiProperty({ example: '张秀英' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiPropertyOptional({ enum: GENDERS, description: 'taken from the identity number when omitted' })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ example: '1948-03-12', description: 'taken from the identity number when omitted' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  birthDate?: string;

  @ApiPropertyOptional({ example: '汉族', default: '汉族' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  ethnicity?: string;

  @ApiPropertyOptional({
    example: '11010519491231002X',
    description: '18-character resident identity number (GB 11643); a wrong one is 422',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  idNumber?: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a mobile number (11 digits) or a landline with area code' })
  phone?: string;

  @ApiProperty({ enum: RESIDENCE_TYPES })
  @IsIn(RESIDENCE_TYPES)
  residenceType!: ResidenceType;

  @ApiPropertyOptional({ example: '锦华物流有限公司', description: 'for floating people: where they work' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  employer?: string;

  @ApiPropertyOptional({ description: 'the household the person lives in (a move-in is recorded)' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ enum: RELATIONS, description: 'relation to the head; with householdId' })
  @IsOptional()
  @IsIn(RELATIONS)
  relation?: Relation;

  @ApiPropertyOptional({ example: '2020-05-01', description: 'move-in date; with householdId, default today' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  movedInOn?: string;

  @ApiPropertyOptional({ example: 'd01.s01.c01.g01', description: 'the grid, when the person has no household yet' })
  @IsOptional()
  @Matches(GRID_PATH, { message: 'gridPath must be a grid path such as d01.s01.c01.g01' })
  gridPath?: string;

  @ApiPropertyOptional({ type: [String], example: ['elderly_alone'], description: TAG_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @ArrayUnique()
  @Matches(TAG_CODE, { each: true, message: 'each tag must be a built-in or district-defined tag code' })
  tags?: string[];
}

export class UpdatePersonRequest {
  @ApiProperty({ description: 'the version you read; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @ValidateIf(given)
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  birthDate?: string;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @IsString()
  @Length(1, 20)
  ethnicity?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @ValidateIf(present)
  @IsString()
  @MaxLength(32)
  idNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @ValidateIf(present)
  @Matches(PHONE, { message: 'phone must be a mobile number (11 digits) or a landline with area code' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: RESIDENCE_TYPES })
  @ValidateIf(given)
  @IsIn(RESIDENCE_TYPES)
  residenceType?: ResidenceType;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf(present)
  @IsString()
  @Length(1, 100)
  employer?: string | null;

  @ApiPropertyOptional({ enum: RELATIONS, description: 'relation to the head of the current household' })
  @ValidateIf(given)
  @IsIn(RELATIONS)
  relation?: Relation;
}

export class UpdatePersonCommand extends UpdatePersonRequest {
  @IsUUID()
  id!: string;
}

export class PersonSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'exact identity number (found through the blind index)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  idNumber?: string;

  @ApiPropertyOptional({ description: 'exact phone number' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @ApiPropertyOptional({ description: 'part of the name', example: '秀英' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ description: 'part of the address of the building', example: '锦华路' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  address?: string;

  @ApiPropertyOptional({ description: 'a built-in tag or one the district defined', example: 'elderly_alone' })
  @IsOptional()
  @Matches(TAG_CODE, { message: TAG_CODE_MESSAGE })
  tag?: string;

  @ApiPropertyOptional({ enum: RESIDENCE_TYPES })
  @IsOptional()
  @IsIn(RESIDENCE_TYPES)
  residenceType?: ResidenceType;

  @ApiPropertyOptional({ description: 'only within this org path', example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'include people who moved out (default false)' })
  @IsOptional()
  // a query string carries `true` / `false` as text
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeMovedOut?: boolean;
}

/** `{ id }` of a registry record (bus form of path parameters). */
export class RegistryIdRequest {
  @IsUUID()
  id!: string;
}

export class PersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GENDERS }) gender!: Gender;
  @ApiProperty({ example: '1948-03-12' }) birthDate!: string;
  @ApiProperty() ethnicity!: string;
  @ApiPropertyOptional({
    nullable: true,
    example: '110***********1234',
    description: 'always masked here; see POST …/reveal',
  })
  idNumber!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '138****5678' }) phone!: string | null;
  @ApiProperty({ enum: RESIDENCE_TYPES }) residenceType!: ResidenceType;
  @ApiPropertyOptional({ nullable: true }) employer!: string | null;
  @ApiProperty({ type: [String], example: ['elderly_alone'], description: TAG_DESCRIPTION }) tags!: string[];
  @ApiPropertyOptional({ nullable: true }) householdId!: string | null;
  @ApiPropertyOptional({ enum: RELATIONS, nullable: true }) relation!: Relation | null;
  @ApiPropertyOptional({ nullable: true }) address!: string | null;
  @ApiPropertyOptional({ nullable: true }) doorNumber!: string | null;
  @ApiProperty({ description: 'false once the person moved out' }) present!: boolean;
  @ApiProperty() path!: string;
  @ApiProperty() street!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({
    description:
      'set when your change touched a field the district marks sensitive: nothing was applied, the change waits for approval',
    example: { id: '…', sensitiveFields: ['idNumber'] },
  })
  pendingChangeRequest?: { id: string; sensitiveFields: string[] };
}

export class HouseholdDetail extends HouseholdView {
  @ApiProperty({ type: () => [PersonView] }) members!: PersonView[];
}

export class RevealRequest {
  @ApiProperty({ enum: PII_FIELDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PII_FIELDS.length)
  @ArrayUnique()
  @IsIn(PII_FIELDS, { each: true })
  fields!: PiiField[];

  @ApiProperty({
    example: '办理高龄津贴核对身份',
    description: 'why the full value is needed; kept in the access audit',
  })
  @IsString()
  @Length(4, 200)
  reason!: string;
}

export class RevealCommand extends RevealRequest {
  @IsUUID()
  id!: string;
}

export class RevealedPii {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true }) idNumber?: string | null;
  @ApiPropertyOptional({ nullable: true }) phone?: string | null;
}

export class MoveInRequest {
  @ApiProperty()
  @IsUUID()
  householdId!: string;

  @ApiProperty({ enum: RELATIONS })
  @IsIn(RELATIONS)
  relation!: Relation;

  @ApiProperty({ example: '2024-09-01' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  date!: string;

  @ApiPropertyOptional({ example: '购房迁入' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  @ApiPropertyOptional({ description: 'the person version you read; a stale one is 409' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class MoveInCommand extends MoveInRequest {
  @IsUUID()
  id!: string;
}

export class MoveOutRequest {
  @ApiProperty({ example: '2025-01-15' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  date!: string;

  @ApiPropertyOptional({ example: '迁往外区' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class MoveOutCommand extends MoveOutRequest {
  @IsUUID()
  id!: string;
}

export class ResidenceView {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiProperty() path!: string;
  @ApiPropertyOptional({ enum: RELATIONS, nullable: true }) relation!: Relation | null;
  @ApiProperty({ example: '2020-05-01' }) movedInOn!: string;
  @ApiPropertyOptional({ nullable: true }) movedOutOn!: string | null;
  @ApiPropertyOptional({ nullable: true }) moveInReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) moveOutReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) recordedBy!: string | null;
}

export class ChangeView {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() at!: string;
  @ApiPropertyOptional({ nullable: true }) actorId!: string | null;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiProperty({ example: 'phone' }) field!: string;
  @ApiPropertyOptional({ nullable: true, description: 'personal data appears masked' }) before!: unknown;
  @ApiPropertyOptional({ nullable: true }) after!: unknown;
}

export class ChangeListQuery extends PageQuery {}

export class ChangeListCommand extends ChangeListQuery {
  @IsUUID()
  id!: string;
}

export class TagRequest {
  @ApiProperty({ description: 'a built-in tag or one the district defined', example: 'elderly_alone' })
  @Matches(TAG_CODE, { message: TAG_CODE_MESSAGE })
  tag!: string;
}

export class TagCommand extends TagRequest {
  @IsUUID()
  id!: string;
}

export class PiiAccessQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actorId?: string;

  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class PiiAccessEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actorId!: string;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiProperty({ type: [String] }) actorRoles!: string[];
  @ApiProperty() personId!: string;
  @ApiProperty({ enum: PII_FIELDS }) field!: PiiField;
  @ApiProperty() reason!: string;
  @ApiProperty() path!: string;
}
