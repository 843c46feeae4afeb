import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { COMMUNITY_PATH } from '../councils/compounds';
import { IfGiven, Nullable, OptionalBoolean, OptionalOrgPath, ReadVersion } from '../decorators';
import { PHONE } from '../registry/common';
import { IsCalendarDate } from '../registry/decorators';
import {
  ORG_GRADES,
  ORG_LEGAL_STATUSES,
  SERVICE_FIELDS,
  type OrgGrade,
  type OrgLegalStatus,
  type ServiceField,
} from './organisations';

/** The unified social credit code (统一社会信用代码) of a registered organisation. */
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const CREDIT_CODE_MESSAGE = 'creditCode must be an 18-character unified social credit code';

/** A person as the incubator's records show who did something. */
export class RecordPerson {
  @ApiProperty() id!: string;
  @Nullable(String, { description: 'their username, when they have one' }) name!: string | null;
}

// ---------------------------------------------------------------------------------------------
// Editing the record
// ---------------------------------------------------------------------------------------------

/** A change of the record (legal status has its own request; the community it is based in stays). */
export class UpdateOrganisationRequest {
  @ReadVersion()
  version!: number;

  @ApiPropertyOptional({ example: '湖光社区邻里守望队' })
  @IfGiven()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: SERVICE_FIELDS, isArray: true })
  @IfGiven()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SERVICE_FIELDS, { each: true })
  fields?: ServiceField[];

  @ApiPropertyOptional({ type: [String], description: 'replaces the communities it serves (at least its own)' })
  @IfGiven()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(COMMUNITY_PATH, { each: true, message: 'communitiesServed must be community paths such as d01.s01.c01' })
  communitiesServed?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @ValidateIf((_: object, v: unknown) => v !== undefined && v !== null)
  @IsString()
  @Length(1, 2000)
  purpose?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'its unit in the org tree; null clears it' })
  @ValidateIf((_: object, v: unknown) => v !== undefined && v !== null)
  @Matches(ORG_PATH)
  orgPath?: string | null;
}

export class UpdateOrganisationCommand extends UpdateOrganisationRequest {
  @IsUUID()
  id!: string;
}

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/** What an organisation keeps on file: 章程, 登记证书, 备案回执, an assessment report, anything else. */
export const ORG_DOCUMENT_KINDS = [
  'charter', // 章程
  'registration_certificate', // 登记证书
  'filing_receipt', // 备案回执
  'assessment_report', // 评估报告
  'other',
] as const;
export type OrgDocumentKind = (typeof ORG_DOCUMENT_KINDS)[number];

export class OrganisationDocumentInput {
  @ApiProperty({ enum: ORG_DOCUMENT_KINDS })
  @IsIn(ORG_DOCUMENT_KINDS)
  kind!: OrgDocumentKind;

  @ApiProperty({ example: '东湖邻里互助会章程' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ example: 'files/so01/charter-2026.pdf', description: 'where the document is: a file key, a number' })
  @IsString()
  @Length(1, 500)
  reference!: string;

  @ApiProperty({ example: '2026-03-01', description: 'the day it was issued or signed (YYYY-MM-DD)' })
  @IsCalendarDate()
  issuedOn!: string;
}

export class AddOrganisationDocumentCommand extends OrganisationDocumentInput {
  @IsUUID()
  organisationId!: string;
}

export class OrganisationDocumentView {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: ORG_DOCUMENT_KINDS }) kind!: OrgDocumentKind;
  @ApiProperty() title!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ example: '2026-03-01' }) issuedOn!: string;
  @ApiProperty({ type: RecordPerson }) addedBy!: RecordPerson;
  @ApiProperty() addedAt!: string;
}

/** The documents list's query over HTTP (the organisation is in the path). */
export class DocumentListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORG_DOCUMENT_KINDS })
  @IsOptional()
  @IsIn(ORG_DOCUMENT_KINDS)
  kind?: OrgDocumentKind;
}

export class OrganisationDocumentQuery extends DocumentListQuery {
  @IsUUID()
  organisationId!: string;
}

// ---------------------------------------------------------------------------------------------
// Legal status (informal → filed → registered)
// ---------------------------------------------------------------------------------------------

/** The statuses a change may lead to: an organisation only moves up (filed, then registered). */
export const ORG_STATUS_TARGETS = ['filed', 'registered'] as const;
export type OrgStatusTarget = (typeof ORG_STATUS_TARGETS)[number];

/** The document a status change rests on; its kind defaults to the filing receipt or the registration certificate. */
export class StatusDocumentInput {
  @ApiPropertyOptional({
    enum: ORG_DOCUMENT_KINDS,
    description: 'default: filing_receipt (filed), registration_certificate (registered)',
  })
  @IsOptional()
  @IsIn(ORG_DOCUMENT_KINDS)
  kind?: OrgDocumentKind;

  @ApiProperty({ example: '东湖街道社区社会组织备案回执' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ example: '东民备〔2026〕12号' })
  @IsString()
  @Length(1, 500)
  reference!: string;

  @ApiProperty({ example: '2026-05-10' })
  @IsCalendarDate()
  issuedOn!: string;
}

export class ChangeLegalStatusRequest {
  @ReadVersion()
  version!: number;

  @ApiProperty({ enum: ORG_STATUS_TARGETS, description: 'filed 备案 or registered 登记; never back down' })
  @IsIn(ORG_STATUS_TARGETS)
  status!: OrgStatusTarget;

  @ApiPropertyOptional({ example: '52510100MJ0000009X', description: 'required when registered, refused otherwise' })
  @IsOptional()
  @Matches(CREDIT_CODE, { message: CREDIT_CODE_MESSAGE })
  creditCode?: string;

  @ApiProperty({ type: StatusDocumentInput, description: 'the document the change rests on (kept with the documents)' })
  @IsObject()
  @ValidateNested()
  @Type(() => StatusDocumentInput)
  document!: StatusDocumentInput;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class ChangeLegalStatusCommand extends ChangeLegalStatusRequest {
  @IsUUID()
  id!: string;
}

export class OrganisationStatusChangeView {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: ORG_LEGAL_STATUSES }) from!: OrgLegalStatus;
  @ApiProperty({ enum: ORG_LEGAL_STATUSES }) to!: OrgLegalStatus;
  @Nullable(String) creditCode!: string | null;
  @ApiProperty({ type: OrganisationDocumentView, description: 'the document it rests on' })
  document!: OrganisationDocumentView;
  @Nullable(String) note!: string | null;
  @ApiProperty({ type: RecordPerson }) by!: RecordPerson;
  @ApiProperty() at!: string;
}

// ---------------------------------------------------------------------------------------------
// Assessment grade (1A–5A, valid five years)
// ---------------------------------------------------------------------------------------------

export class RecordGradeRequest {
  @ApiProperty({ enum: ORG_GRADES })
  @IsIn(ORG_GRADES)
  grade!: OrgGrade;

  @ApiProperty({
    example: '2026-04-20',
    description: "the day of the civil-affairs bureau's assessment (not in the future)",
  })
  @IsCalendarDate()
  assessedOn!: string;

  @ApiPropertyOptional({ example: '区民政局评估结果公告〔2026〕3号', description: 'the notice or report it rests on' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reference?: string;
}

export class RecordGradeCommand extends RecordGradeRequest {
  @IsUUID()
  id!: string;
}

export class OrganisationGradeRecordView {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: ORG_GRADES }) grade!: OrgGrade;
  @ApiProperty() assessedOn!: string;
  @ApiProperty({ description: 'the last day the grade is valid' }) validUntil!: string;
  @ApiProperty() expired!: boolean;
  @Nullable(String) reference!: string | null;
  @ApiProperty({ type: RecordPerson }) by!: RecordPerson;
  @ApiProperty() at!: string;
}

// ---------------------------------------------------------------------------------------------
// Contacts (personal data: phones sealed, answered masked, full reads audited)
// ---------------------------------------------------------------------------------------------

const PHONE_MESSAGE = 'phone must be a mobile number (11 digits) or a landline with area code';

export class AddContactRequest {
  @ApiProperty({ example: '吴晓梅' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ example: '负责人', description: 'their role for the organisation: 负责人, 联络人, 财务…' })
  @IsString()
  @Length(1, 50)
  role!: string;

  @ApiProperty({ example: '13800001234', description: 'stored encrypted; answered masked' })
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone!: string;
}

export class AddContactCommand extends AddContactRequest {
  @IsUUID()
  organisationId!: string;
}

export class ContactView {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ example: '138****1234' }) phoneMasked!: string;
  @ApiProperty({ type: RecordPerson }) addedBy!: RecordPerson;
  @ApiProperty() addedAt!: string;
}

export class ContactListQuery extends PageQuery {
  @IsUUID()
  organisationId!: string;
}

export class ContactIdRequest {
  @IsUUID()
  id!: string;
}

export class RevealContactRequest {
  @ApiProperty({ example: '通知参加孵化评审', description: 'why the full number is needed (audited)' })
  @IsString()
  @Length(2, 200)
  reason!: string;
}

export class RevealContactCommand extends RevealContactRequest {
  @IsUUID()
  id!: string;
}

export class ContactPhoneView {
  @ApiProperty() contactId!: string;
  @ApiProperty() phone!: string;
}

/** What a full read of a contact's phone is recorded as in pii_access (other records name their own kinds). */
export const CONTACT_SUBJECT_KIND = 'contact';

export class IncubatorPiiAccessQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'contact', description: 'what was read: contact (an organisation contact), …' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'subjectKind must be a kind such as contact' })
  subjectKind?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only reads of this record (a contact, a volunteer)' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({ example: 's01', description: 'only reads in this street' })
  @IsOptional()
  @Matches(/^s\d{2,3}$/, { message: 'street must be a street code such as s01' })
  street?: string;
}

/** One full read of personal data: whose, which field, who read it, when and why. */
export class IncubatorPiiAccessEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'contact' }) subjectKind!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ example: 'phone' }) field!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() actorId!: string;
  @Nullable(String) actorName!: string | null;
  @ApiProperty({ example: 's01' }) street!: string;
}

// ---------------------------------------------------------------------------------------------
// Per community: organisations serving it against the target
// ---------------------------------------------------------------------------------------------

export class CommunityCoverageQuery extends PageQuery {
  @OptionalOrgPath({ example: 'd01.s01', description: 'a street or the district (default: your scopes)' })
  within?: string;

  @OptionalBoolean({ description: 'only communities short of the target' })
  short?: boolean;
}

/** A community: how many organisations serve it (by legal status) against the target, and the shortfall. */
export class CommunityCoverageView {
  @ApiProperty({ example: 'd01.s01.c01' }) communityPath!: string;
  @ApiProperty({ example: '湖光社区' }) name!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ description: 'organisations on the roll serving it' }) organisations!: number;
  @ApiProperty() registered!: number;
  @ApiProperty() filed!: number;
  @ApiProperty() informal!: number;
  @ApiProperty({ example: 10, description: 'ORGS_PER_COMMUNITY_TARGET' }) target!: number;
  @ApiProperty({ description: 'how many are missing to the target (0 when it is met)' }) shortfall!: number;
}
