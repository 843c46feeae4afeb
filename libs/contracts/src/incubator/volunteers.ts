import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsInstant, PageQuery } from '../common';
import { COMMUNITY_PATH } from '../councils/compounds';
import { Nullable, OptionalOrgPath } from '../decorators';
import { IsPhone } from '../registry/decorators';
import { PersonRef } from '../ticketing/tickets';

/**
 * How a volunteer gave their consent to their basic data being entered: a signed form (书面),
 * orally before a witness (口头), or online by the volunteer themself (线上).
 */
export const VOLUNTEER_CONSENT_METHODS = ['written', 'oral', 'online'] as const;
export type VolunteerConsentMethod = (typeof VOLUNTEER_CONSENT_METHODS)[number];

/** The sealed fields of a volunteer, each revealed (and audited) on its own. */
export const VOLUNTEER_PII_FIELDS = ['name', 'phone', 'idNumber'] as const;
export type VolunteerPiiField = (typeof VOLUNTEER_PII_FIELDS)[number];

/** A resident identity number as typed: 17 digits and a digit or X (its check character is checked, 422). */
export const ID_NUMBER_SHAPE = /^\d{17}[\dXx]$/;

const PERSON_NAME = /^\S(.*\S)?$/u;

export class VolunteerConsentRequest {
  @ApiProperty({
    example: '2026-05-10T09:30:00+08:00',
    description: 'when the volunteer consented (not in the future)',
  })
  @IsInstant()
  givenAt!: string;

  @ApiProperty({ enum: VOLUNTEER_CONSENT_METHODS, description: 'written 书面, oral 口头 (witnessed), online 线上' })
  @IsIn(VOLUNTEER_CONSENT_METHODS)
  method!: VolunteerConsentMethod;

  @ApiPropertyOptional({
    example: '志愿者登记表第 0012 号，本人签字',
    description: 'where the consent is kept, who witnessed it',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

/** The basic data of a volunteer (实名登记), sealed at rest and answered masked. */
export class VolunteerBasicData {
  @ApiProperty({ example: '李明' })
  @IsString()
  @Length(1, 50)
  @Matches(PERSON_NAME, { message: 'name must not start or end with spaces' })
  name!: string;

  @ApiProperty({ example: '13812345678' })
  @IsPhone()
  phone!: string;

  @ApiPropertyOptional({
    example: '11010519491231002X',
    description: 'resident identity number; a wrong check character is 422',
  })
  @IsOptional()
  @Matches(ID_NUMBER_SHAPE, { message: 'idNumber must be 17 digits and a digit or X' })
  idNumber?: string;

  @ApiProperty({
    example: 'd01.s01.c01',
    description: 'the community the volunteer lives in (its keepers keep the record)',
  })
  @Matches(COMMUNITY_PATH, { message: 'communityPath must be a community path such as d01.s01.c01' })
  communityPath!: string;
}

/** A volunteer entered by a team's organiser or the community, with the volunteer's consent on record. */
export class RegisterVolunteerRequest extends VolunteerBasicData {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the team the volunteer joins (its organisers register volunteers for it)',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "the volunteer's own account (a resident's user id), to sign up and read their record themself",
  })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiProperty({ type: VolunteerConsentRequest, description: 'required: basic data is entered only with consent' })
  @IsDefined({ message: 'consent is required: basic data is entered only with the volunteer’s consent' })
  @ValidateNested()
  @Type(() => VolunteerConsentRequest)
  consent!: VolunteerConsentRequest;
}

/** A resident registers themself as a volunteer; their account is linked and their consent recorded online. */
export class RegisterSelfRequest extends VolunteerBasicData {
  @ApiProperty({
    example: true,
    description: 'I agree that my basic data is recorded for volunteer service (must be true)',
  })
  @Equals(true, { message: 'consent must be true: basic data is entered only with your consent' })
  consent!: true;
}

export class VolunteerIdRequest {
  @IsUUID()
  id!: string;
}

export class VolunteerListQuery extends PageQuery {
  @OptionalOrgPath({ description: 'only volunteers of communities within this org path', example: 'd01.s01.c01' })
  within?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "only this team's members" })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({
    example: '13812345678',
    description: 'the volunteer with this phone (matched by its blind index)',
  })
  @IsOptional()
  @IsPhone()
  phone?: string;
}

export class VolunteerConsentView {
  @ApiProperty() givenAt!: string;
  @ApiProperty({ enum: VOLUNTEER_CONSENT_METHODS }) method!: VolunteerConsentMethod;
  @Nullable(String) note!: string | null;
  @ApiProperty({ type: PersonRef, description: 'who recorded it' }) recordedBy!: PersonRef;
  @ApiProperty() recordedAt!: string;
}

export class VolunteerView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '李*' }) nameMasked!: string;
  @ApiProperty({ example: '138****5678' }) phoneMasked!: string;
  @Nullable(String, { example: '110***********002X' }) idNumberMasked!: string | null;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ example: 'd01.s01.c01' }) communityPath!: string;
  @ApiProperty({ description: "whether the volunteer's own account is linked" }) linked!: boolean;
  @ApiProperty({ type: VolunteerConsentView }) consent!: VolunteerConsentView;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}

export class RevealVolunteerRequest {
  @ApiProperty({ example: '联系志愿者核实服务时长', description: 'why the full data is needed (audited)' })
  @IsString()
  @Length(2, 200)
  reason!: string;

  @ApiPropertyOptional({ enum: VOLUNTEER_PII_FIELDS, isArray: true, description: 'the fields to reveal (default all)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(VOLUNTEER_PII_FIELDS, { each: true })
  fields?: VolunteerPiiField[];
}

export class RevealVolunteerCommand extends RevealVolunteerRequest {
  @IsUUID()
  id!: string;
}

/** The revealed fields in full (those not asked for are absent). */
export class VolunteerPiiView {
  @ApiProperty() volunteerId!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) idNumber?: string | null;
}

export class VolunteerPiiAccessQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "only reads of this volunteer's data" })
  @IsOptional()
  @IsUUID()
  volunteerId?: string;
}

/** One full read of a volunteer's sealed field: who, when, why. */
export class VolunteerPiiAccessEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() volunteerId!: string;
  @ApiProperty({ enum: VOLUNTEER_PII_FIELDS }) field!: VolunteerPiiField;
  @ApiProperty({ description: 'who read it (username, else id)' }) reader!: string;
  @ApiProperty() readerId!: string;
  @ApiProperty() reason!: string;
}
