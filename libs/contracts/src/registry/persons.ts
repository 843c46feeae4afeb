import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../common';
import { PendingChange } from './change-requests';
import {
  CARE_TAGS,
  GENDERS,
  RELATIONS,
  RESIDENCE_TYPES,
  TAG_CODE,
  type Gender,
  type Relation,
  type ResidenceType,
} from './common';
import { IfGiven, IfPresent, Nullable, OptionalBoolean, OptionalOrgPath, ReadVersion } from '../decorators';
import { IsCalendarDate, IsGridPath, IsPhone, IsTagCode } from './decorators';

/**
 * Persons carry built-in tags and the tags their district defines, so tags are strings here, not
 * an enum of CARE_TAGS; the registry checks each against both lists.
 */
const TAG_DESCRIPTION = `tag codes: built-in (${CARE_TAGS.join(', ')}) or defined by the district (GET /registry/tags)`;

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
  @IsCalendarDate()
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
  @IsPhone()
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
  @IsCalendarDate()
  movedInOn?: string;

  @ApiPropertyOptional({ example: 'd01.s01.c01.g01', description: 'the grid, when the person has no household yet' })
  @IsOptional()
  @IsGridPath()
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
  @ReadVersion()
  version!: number;

  @ApiPropertyOptional()
  @IfGiven()
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IfGiven()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional()
  @IfGiven()
  @IsCalendarDate()
  birthDate?: string;

  @ApiPropertyOptional()
  @IfGiven()
  @IsString()
  @Length(1, 20)
  ethnicity?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IfPresent()
  @IsString()
  @MaxLength(32)
  idNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IfPresent()
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ enum: RESIDENCE_TYPES })
  @IfGiven()
  @IsIn(RESIDENCE_TYPES)
  residenceType?: ResidenceType;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IfPresent()
  @IsString()
  @Length(1, 100)
  employer?: string | null;

  @ApiPropertyOptional({ enum: RELATIONS, description: 'relation to the head of the current household' })
  @IfGiven()
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
  @IsTagCode()
  tag?: string;

  @ApiPropertyOptional({ enum: RESIDENCE_TYPES })
  @IsOptional()
  @IsIn(RESIDENCE_TYPES)
  residenceType?: ResidenceType;

  @OptionalOrgPath({ description: 'only within this org path', example: 'd01.s01.c01' })
  within?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @OptionalBoolean({ default: false, description: 'include people who moved out (default false)' })
  includeMovedOut?: boolean;
}

export class PersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GENDERS }) gender!: Gender;
  @ApiProperty({ example: '1948-03-12' }) birthDate!: string;
  @ApiProperty() ethnicity!: string;
  @Nullable(String, { example: '110***********1234', description: 'always masked here; see POST …/reveal' })
  idNumber!: string | null;
  @Nullable(String, { example: '138****5678' }) phone!: string | null;
  @ApiProperty({ enum: RESIDENCE_TYPES }) residenceType!: ResidenceType;
  @Nullable(String) employer!: string | null;
  @ApiProperty({ type: [String], example: ['elderly_alone'], description: TAG_DESCRIPTION }) tags!: string[];
  @Nullable(String) householdId!: string | null;
  @ApiPropertyOptional({ enum: RELATIONS, nullable: true }) relation!: Relation | null;
  @Nullable(String) address!: string | null;
  @Nullable(String) doorNumber!: string | null;
  @ApiProperty({ description: 'false once the person moved out' }) present!: boolean;
  @ApiProperty() path!: string;
  @ApiProperty() street!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({
    type: PendingChange,
    description:
      'set when your change touched a field the district marks sensitive: nothing was applied, the change waits for approval',
    example: { id: '…', sensitiveFields: ['idNumber'] },
  })
  pendingChangeRequest?: PendingChange;
}
