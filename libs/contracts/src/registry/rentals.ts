import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../common';
import { Nullable, OptionalOrgPath } from '../decorators';
import { RentalScore } from './decorators';

/** The seven aspects a rental house (出租房屋) is scored on, each 0–10. */
export const RENTAL_ASPECTS = [
  'populationRecords',
  'hygiene',
  'fireSafety',
  'security',
  'neighbourRelations',
  'publicProperty',
  'familyPlanning',
] as const;
export type RentalAspect = (typeof RENTAL_ASPECTS)[number];
export const RENTAL_COLOURS = ['green', 'yellow', 'red'] as const;
export type RentalColour = (typeof RENTAL_COLOURS)[number];

export class RegisterRentalBody {
  @ApiProperty({ description: 'the landlord, a registered person (may live elsewhere)' })
  @IsUUID()
  landlordPersonId!: string;
}

export class RegisterRentalRequest extends RegisterRentalBody {
  /** the household (door) that is let; its type becomes rental */
  @IsUUID()
  householdId!: string;
}

export class RentalScores {
  @RentalScore('人口登记 population records') populationRecords!: number;
  @RentalScore('环境卫生 hygiene') hygiene!: number;
  @RentalScore('消防安全 fire safety') fireSafety!: number;
  @RentalScore('治安防范 security') security!: number;
  @RentalScore('邻里关系 neighbour relations') neighbourRelations!: number;
  @RentalScore('爱护公物 care of public property') publicProperty!: number;
  @RentalScore('计划生育 family planning') familyPlanning!: number;
}

export class GradeRentalRequest extends RentalScores {
  @ApiPropertyOptional({ example: '楼道堆放杂物，已要求清理' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  notes?: string;
}

export class GradeRentalCommand extends GradeRentalRequest {
  @IsUUID()
  id!: string;
}

export class RentalListQuery extends PageQuery {
  @OptionalOrgPath({ example: 'd01.s01.c01' })
  within?: string;

  @ApiPropertyOptional({ enum: RENTAL_COLOURS })
  @IsOptional()
  @IsIn(RENTAL_COLOURS)
  colour?: RentalColour;
}

export class RentalGradeView {
  @ApiProperty() id!: string;
  @ApiProperty() householdId!: string;
  @ApiProperty({ type: RentalScores }) scores!: RentalScores;
  @ApiProperty({ description: 'sum of the seven aspects, 0–70' }) total!: number;
  @ApiProperty({ enum: RENTAL_COLOURS }) colour!: RentalColour;
  @Nullable(String) notes!: string | null;
  @ApiProperty() gradedBy!: string;
  @Nullable(String) gradedByName!: string | null;
  @ApiProperty() gradedAt!: string;
}

export class RentalPersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @Nullable(String, { description: 'masked' }) phone!: string | null;
  @ApiProperty() residenceType!: string;
  @Nullable(String) employer!: string | null;
  @Nullable(String) relation!: string | null;
}

export class RentalView {
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() doorNumber!: string;
  @ApiProperty() path!: string;
  @ApiProperty() street!: string;
  @ApiProperty({ type: RentalPersonView }) landlord!: RentalPersonView;
  @ApiProperty({ type: [RentalPersonView], description: 'present members of the household other than the landlord' })
  tenants!: RentalPersonView[];
  @ApiProperty({ description: 'floating tenants registered without an employer (to complete)' })
  tenantsWithoutEmployer!: number;
  @ApiPropertyOptional({
    enum: RENTAL_COLOURS,
    nullable: true,
    description: 'colour of the latest grading; null before any',
  })
  colour!: RentalColour | null;
  @Nullable(Number) total!: number | null;
  @Nullable(String) gradedAt!: string | null;
  @ApiPropertyOptional({ type: [RentalGradeView], description: 'grading history, newest first (red list and detail)' })
  history?: RentalGradeView[];
  @ApiProperty() createdAt!: string;
}
