import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common';
import { IfGiven, Nullable, ReadVersion } from '../decorators';
import { AREA_SOURCES, type AreaSource } from './compounds';

/** A mobile number (11 digits) or a landline with its area code. */
export const OWNER_PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const PHONE_MESSAGE = 'phone must be a mobile number (11 digits) or a landline with area code';

export const OWNER_IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type OwnerImportMode = (typeof OWNER_IMPORT_MODES)[number];

/** At most this many data rows per upload (the bus carries the parsed cells). */
export const OWNER_IMPORT_MAX_ROWS = 5000;

/**
 * The columns of an owners' roll sheet: the Chinese heading and the English ones also read. One
 * row per owner and unit: an owner of two units has two rows (same name and phone), joint owners
 * of a unit one row each. The building and the unit are made when the compound has none by that name.
 */
export const OWNER_ROLL_COLUMNS = [
  { key: 'building', heading: '楼栋', aliases: ['building'], required: true },
  { key: 'unit', heading: '房号', aliases: ['unit', 'unit number'], required: true },
  { key: 'registeredArea', heading: '登记面积', aliases: ['registered area'], required: false },
  { key: 'surveyedArea', heading: '测绘面积', aliases: ['surveyed area'], required: false },
  { key: 'contractArea', heading: '合同面积', aliases: ['contract area'], required: false },
  { key: 'name', heading: '业主姓名', aliases: ['name', 'owner', 'owner name'], required: true },
  { key: 'phone', heading: '联系电话', aliases: ['phone', 'contact phone'], required: false },
  { key: 'developer', heading: '开发商', aliases: ['developer'], required: false },
] as const;
export type OwnerRollColumn = (typeof OWNER_ROLL_COLUMNS)[number]['key'];

export class CreateOwnerRequest {
  @ApiProperty({ example: '王建国' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: '13800001234', description: 'stored encrypted; answered masked' })
  @IsOptional()
  @Matches(OWNER_PHONE, { message: PHONE_MESSAGE })
  phone?: string;

  @ApiPropertyOptional({ default: false, description: 'the developer (its unsold units count as one owner)' })
  @IsOptional()
  @IsBoolean()
  developer?: boolean;

  @ApiProperty({ type: [String], description: 'the units the owner holds (joint owners: each lists the unit)' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  unitIds!: string[];
}

export class CreateOwnerCommand extends CreateOwnerRequest {
  @IsUUID()
  compoundId!: string;
}

export class UpdateOwnerRequest {
  @ReadVersion()
  version!: number;

  @ApiPropertyOptional()
  @IfGiven()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @ValidateIf((_: object, v: unknown) => v !== undefined && v !== null)
  @Matches(OWNER_PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'replaces the units the owner holds' })
  @IfGiven()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  unitIds?: string[];
}

export class UpdateOwnerCommand extends UpdateOwnerRequest {
  @IsUUID()
  id!: string;
}

export class OwnerIdRequest {
  @IsUUID()
  id!: string;
}

export class OwnerListQuery extends PageQuery {
  @IsUUID()
  compoundId!: string;
}

export class RevealOwnerPhoneRequest {
  @ApiProperty({ example: '通知业主大会', description: 'why the full number is needed (audited)' })
  @IsString()
  @Length(2, 200)
  reason!: string;
}

export class RevealOwnerPhoneCommand extends RevealOwnerPhoneRequest {
  @IsUUID()
  id!: string;
}

export class OwnerPhoneView {
  @ApiProperty() ownerId!: string;
  @Nullable(String) phone!: string | null;
}

export class LinkOwnerRequest {
  @ApiProperty({ format: 'uuid', description: "the resident's user id (identity)" })
  @IsUUID()
  userId!: string;
}

export class LinkOwnerCommand extends LinkOwnerRequest {
  @IsUUID()
  id!: string;
}

export class IssueLinkCodeCommand {
  @IsUUID()
  id!: string;
}

export class LinkCodeView {
  @ApiProperty() ownerId!: string;
  @ApiProperty({ example: 'K7Q4-M2XD', description: 'one-time code the resident redeems (shown once)' }) code!: string;
  @ApiProperty() expiresAt!: string;
}

export class RedeemLinkCodeCommand {
  @ApiProperty({ example: 'K7Q4-M2XD' })
  @IsString()
  @Length(4, 20)
  code!: string;
}

export class OwnedUnitView {
  @ApiProperty() unitId!: string;
  @ApiProperty() building!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ description: 'hundredths of m²' }) area!: number;
  @ApiProperty({ enum: AREA_SOURCES }) areaSource!: AreaSource;
}

export class OwnerView {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty() name!: string;
  @Nullable(String, { example: '138****1234' }) phoneMasked!: string | null;
  @ApiProperty() developer!: boolean;
  @ApiProperty({ description: "linked to a resident's account" }) linked!: boolean;
  @ApiProperty({ type: [OwnedUnitView] }) units!: OwnedUnitView[];
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class OwnerFieldChange {
  @ApiProperty() field!: string;
  @ApiProperty({ description: 'old value (a phone masked)', nullable: true, type: String }) from!: string | null;
  @ApiProperty({ description: 'new value (a phone masked)', nullable: true, type: String }) to!: string | null;
}

export class OwnerChangeView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['added', 'updated', 'linked', 'imported'] }) change!: string;
  @ApiProperty({ type: [OwnerFieldChange] }) fields!: OwnerFieldChange[];
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class MyCompoundOwnershipView {
  @ApiProperty() compoundId!: string;
  @ApiProperty() compound!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty({ type: [OwnedUnitView] }) units!: OwnedUnitView[];
}

export class MyOwnershipsView {
  @ApiProperty({ type: [MyCompoundOwnershipView] }) compounds!: MyCompoundOwnershipView[];
}

/** The gateway's request: the sheet read as text (bytes never cross the bus). */
export class OwnerRollImportCommand {
  @IsUUID()
  compoundId!: string;

  @IsIn(OWNER_IMPORT_MODES)
  mode!: OwnerImportMode;

  /** the heading row first, then the data rows, as text cells */
  @IsArray()
  @ArrayMaxSize(OWNER_IMPORT_MAX_ROWS + 1)
  @IsArray({ each: true })
  @Type(() => Array)
  cells!: string[][];
}

export class OwnerRollImportProblem {
  @ApiProperty({ description: 'row in the file (the heading is row 1)' }) row!: number;
  @ApiProperty({ description: 'column at fault' }) field!: string;
  @ApiProperty() reason!: string;
}

export class OwnerRollImportReport {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: OWNER_IMPORT_MODES }) mode!: OwnerImportMode;
  @ApiProperty({ enum: ['done', 'rejected'] }) status!: 'done' | 'rejected';
  @ApiProperty({ description: 'data rows read' }) rows!: number;
  @ApiProperty({ description: 'rows imported' }) valid!: number;
  @ApiProperty({ description: 'rows refused' }) refused!: number;
  @ApiProperty() ownersCreated!: number;
  @ApiProperty() unitsCreated!: number;
  @ApiProperty() buildingsCreated!: number;
  @ApiProperty() ownershipsAdded!: number;
  @ApiProperty({ type: [OwnerRollImportProblem] }) problems!: OwnerRollImportProblem[];
}

export class OwnerPiiAccessQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only reads of this compound' })
  @IsOptional()
  @IsUUID()
  compoundId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "only reads of this owner's phone" })
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}

/** One read of an owner's full phone: who, when, why. */
export class OwnerPiiAccessEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty({ description: 'who read it (username, else id)' }) reader!: string;
  @ApiProperty() readerId!: string;
  @ApiProperty() reason!: string;
}
