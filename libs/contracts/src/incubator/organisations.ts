import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { COMMUNITY_PATH } from '../councils/compounds';
import { Nullable, OptionalOrgPath } from '../decorators';

/**
 * How an organisation stands with the civil-affairs bureau: registered (登记, a legal person),
 * filed (备案, a community group on the street's record) or an informal resident group.
 */
export const ORG_LEGAL_STATUSES = ['registered', 'filed', 'informal'] as const;
export type OrgLegalStatus = (typeof ORG_LEGAL_STATUSES)[number];

/** The fields an organisation serves in (服务领域). */
export const SERVICE_FIELDS = [
  'elderly', // 养老助老
  'children', // 儿童青少年
  'disability', // 助残
  'poverty_relief', // 帮困救助
  'community_governance', // 社区治理
  'culture_sports', // 文体
  'environment', // 环保
  'health', // 健康
  'legal_aid', // 法律服务
  'volunteering', // 志愿服务
  'other',
] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];

/** The civil-affairs assessment grades of a social organisation (社会组织评估等级), 1A lowest to 5A. */
export const ORG_GRADES = ['1A', '2A', '3A', '4A', '5A'] as const;
export type OrgGrade = (typeof ORG_GRADES)[number];

/** An organisation's assessment grade: valid five years from the assessment, shown as expired after. */
export class OrganisationGradeView {
  @ApiProperty({ enum: ORG_GRADES }) grade!: OrgGrade;
  @ApiProperty({ example: '2024-06-15', description: 'the day of the assessment (YYYY-MM-DD)' }) assessedOn!: string;
  @ApiProperty({ example: '2029-06-14', description: 'the last day the grade is valid (five years)' })
  validUntil!: string;
  @ApiProperty({ description: 'true once validUntil has passed (Asia/Shanghai)' }) expired!: boolean;
}

export class CreateOrganisationRequest {
  @ApiProperty({ example: '湖光社区邻里守望队' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: ORG_LEGAL_STATUSES, description: 'registered 登记, filed 备案, informal resident group' })
  @IsIn(ORG_LEGAL_STATUSES)
  legalStatus!: OrgLegalStatus;

  @ApiPropertyOptional({
    example: '52510100MJ0000000X',
    description: 'the unified social credit code (统一社会信用代码), for a registered organisation',
  })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, {
    message: 'creditCode must be an 18-character unified social credit code',
  })
  creditCode?: string;

  @ApiProperty({ example: 'd01.s01.c01', description: 'the community the organisation is based in (its street decides who keeps it)' })
  @Matches(COMMUNITY_PATH, { message: 'communityPath must be a community path such as d01.s01.c01' })
  communityPath!: string;

  @ApiProperty({ type: [String], example: ['d01.s01.c01'], description: 'the communities it serves (at least its own)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(COMMUNITY_PATH, { each: true, message: 'communitiesServed must be community paths such as d01.s01.c01' })
  communitiesServed!: string[];

  @ApiProperty({ enum: SERVICE_FIELDS, isArray: true, example: ['elderly'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SERVICE_FIELDS, { each: true })
  fields!: ServiceField[];

  @ApiPropertyOptional({
    example: 'd01.s01.so01',
    description: "the organisation's unit in the org tree, whose staff accounts (social_org_staff) act for it",
  })
  @IsOptional()
  @Matches(ORG_PATH)
  orgPath?: string;

  @ApiPropertyOptional({ example: '关爱独居老人，开展邻里互助' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  purpose?: string;
}

export class OrganisationIdRequest {
  @IsUUID()
  id!: string;
}

export class OrganisationListQuery extends PageQuery {
  @OptionalOrgPath({ description: 'only organisations based within this org path', example: 'd01.s01' })
  within?: string;

  @ApiPropertyOptional({ enum: ORG_LEGAL_STATUSES })
  @IsOptional()
  @IsIn(ORG_LEGAL_STATUSES)
  legalStatus?: OrgLegalStatus;

  @ApiPropertyOptional({ enum: SERVICE_FIELDS })
  @IsOptional()
  @IsIn(SERVICE_FIELDS)
  field?: ServiceField;

  @ApiPropertyOptional({ description: 'part of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}

export class OrganisationView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORG_LEGAL_STATUSES }) legalStatus!: OrgLegalStatus;
  @Nullable(String) creditCode!: string | null;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ example: 'd01.s01.c01' }) communityPath!: string;
  @ApiProperty({ type: [String] }) communitiesServed!: string[];
  @ApiProperty({ enum: SERVICE_FIELDS, isArray: true }) fields!: ServiceField[];
  @Nullable(String) orgPath!: string | null;
  @Nullable(String) purpose!: string | null;
  @ApiPropertyOptional({
    type: OrganisationGradeView,
    nullable: true,
    description: 'the latest assessment grade (null: never graded)',
  })
  grade!: OrganisationGradeView | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
