import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { IntBetween, Nullable, OptionalOrgPath, stacked } from '../decorators';

/** A community path of the org tree (district.street.community). */
export const COMMUNITY_PATH = /^[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}$/;

/** Where a unit's floor area comes from, in the order the count takes it (registered, else surveyed, else contract). */
export const AREA_SOURCES = ['registered', 'surveyed', 'contract'] as const;
export type AreaSource = (typeof AREA_SOURCES)[number];

/** A floor area in hundredths of a square metre (12345 = 123.45 m²), at most 100,000 m². */
const AreaHundredths = (description: string): PropertyDecorator =>
  stacked(
    ApiPropertyOptional({ type: Number, minimum: 1, maximum: 10_000_000, description, example: 8975 }),
    IsOptional(),
    IntBetween(1, 10_000_000),
  );

export class CreateCompoundRequest {
  @ApiProperty({
    example: 'd01.s01.c01',
    description: 'the community the compound lies in (a community of the org tree)',
  })
  @Matches(COMMUNITY_PATH, { message: 'communityPath must be a community path such as d01.s01.c01' })
  communityPath!: string;

  @ApiProperty({ example: '锦华苑' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: '锦华路18号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;

  @ApiPropertyOptional({
    example: 'd01.s01.c01.pm-jinhua',
    description: 'the property company (an org unit of kind property_company)',
  })
  @IsOptional()
  @Matches(ORG_PATH)
  propertyCompanyPath?: string;

  @ApiPropertyOptional({
    example: 'd01.s01.c01.oc-jinhua',
    description: "the owners' committee (an org unit of kind owners_committee)",
  })
  @IsOptional()
  @Matches(ORG_PATH)
  ownersCommitteePath?: string;
}

export class CompoundIdRequest {
  @IsUUID()
  id!: string;
}

export class CompoundListQuery extends PageQuery {
  @OptionalOrgPath({ description: 'only within this org path', example: 'd01.s01.c01' })
  within?: string;
}

export class OrgRefView {
  @ApiProperty() path!: string;
  @ApiProperty() name!: string;
}

export class CompoundView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ example: 'd01.s01.c01' }) communityPath!: string;
  @ApiProperty() name!: string;
  @Nullable(String) address!: string | null;
  @Nullable(OrgRefView) propertyCompany!: OrgRefView | null;
  @Nullable(OrgRefView) ownersCommittee!: OrgRefView | null;
  @ApiProperty() buildings!: number;
  @ApiProperty() units!: number;
  @ApiProperty() owners!: number;
  @ApiProperty({ description: 'exclusive area of every unit, hundredths of m²' }) totalArea!: number;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}

export class CreateCompoundBuildingRequest {
  @ApiProperty({ example: '3栋' })
  @IsString()
  @Length(1, 50)
  name!: string;
}

export class CreateCompoundBuildingCommand extends CreateCompoundBuildingRequest {
  @IsUUID()
  compoundId!: string;
}

export class CompoundBuildingView {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: string;
}

export class CreateUnitRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  buildingId!: string;

  @ApiProperty({ example: '2-1201', description: 'the unit number, unique within its building' })
  @IsString()
  @Length(1, 30)
  number!: string;

  @AreaHundredths('the registered area (登记), hundredths of m²')
  registeredArea?: number;

  @AreaHundredths('the surveyed area (测绘), hundredths of m²')
  surveyedArea?: number;

  @AreaHundredths("the contract's area (合同), hundredths of m²")
  contractArea?: number;

  @ApiPropertyOptional({ default: false, description: "one of the developer's unsold units" })
  @IsOptional()
  @IsBoolean()
  developerUnsold?: boolean;
}

export class CreateUnitCommand extends CreateUnitRequest {
  @IsUUID()
  compoundId!: string;
}

export class UnitListRequest extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only this building' })
  @IsOptional()
  @IsUUID()
  buildingId?: string;
}

export class UnitListQuery extends UnitListRequest {
  @IsUUID()
  compoundId!: string;
}

export class UnitOwnerRef {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class UnitView {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty() buildingId!: string;
  @ApiProperty() building!: string;
  @ApiProperty() number!: string;
  @Nullable(Number) registeredArea!: number | null;
  @Nullable(Number) surveyedArea!: number | null;
  @Nullable(Number) contractArea!: number | null;
  @ApiProperty({ description: 'the area the count uses, hundredths of m²' }) area!: number;
  @ApiProperty({ enum: AREA_SOURCES }) areaSource!: AreaSource;
  @ApiProperty() developerUnsold!: boolean;
  @ApiProperty({ type: [UnitOwnerRef] }) owners!: UnitOwnerRef[];
  @ApiProperty() version!: number;
}
