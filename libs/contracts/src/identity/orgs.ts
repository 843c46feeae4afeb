// The organisation tree.
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { ORG_CODE, ORG_PATH } from '../common';

export const ORG_KINDS = [
  'district',
  'street',
  'community',
  'grid',
  'department',
  'social_org',
  'property_company',
  'owners_committee',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export class OrgNode {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 's01' }) code!: string;
  @ApiProperty({ example: '锦华街道' }) name!: string;
  @ApiProperty({ enum: ORG_KINDS }) kind!: OrgKind;
  @ApiProperty({ example: 'd01.s01' }) path!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ type: () => [OrgNode] }) children!: OrgNode[];
}

export class CreateOrgRequest {
  @ApiProperty({ example: 'd01.s01', description: 'path of the parent unit' })
  @Matches(ORG_PATH, { message: 'parentPath must be an org path such as d01.s01' })
  parentPath!: string;

  @ApiProperty({ example: 'c03' })
  @Matches(ORG_CODE, { message: 'code must be lower-case letters, digits, - or _ and start with a letter' })
  code!: string;

  @ApiProperty({ example: '东湖社区' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: ORG_KINDS })
  @IsIn(ORG_KINDS)
  kind!: OrgKind;
}
