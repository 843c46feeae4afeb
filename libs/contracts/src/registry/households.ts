import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { PageQuery } from '../common';
import { HOUSEHOLD_TYPES, type HouseholdType } from './common';
import { IfGiven, IntBetween, Nullable, OptionalOrgPath, ReadVersion } from '../decorators';
import { IsDoorNumber } from './decorators';
import { PersonView } from './persons';

export class CreateHouseholdRequest {
  @ApiProperty()
  @IsUUID()
  buildingId!: string;

  @ApiProperty({ example: '1-302', description: 'door number, unique within the building' })
  @IsString()
  @IsDoorNumber()
  doorNumber!: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IntBetween(1, 100)
  unit?: number;

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IntBetween(-5, 200)
  floor?: number;

  @ApiProperty({ enum: HOUSEHOLD_TYPES })
  @IsIn(HOUSEHOLD_TYPES)
  type!: HouseholdType;
}

export class UpdateHouseholdRequest {
  @ReadVersion()
  version!: number;

  @ApiPropertyOptional({ enum: HOUSEHOLD_TYPES })
  @IfGiven()
  @IsIn(HOUSEHOLD_TYPES)
  type?: HouseholdType;

  @ApiPropertyOptional()
  @IfGiven()
  @IsString()
  @IsDoorNumber()
  doorNumber?: string;
}

export class UpdateHouseholdCommand extends UpdateHouseholdRequest {
  @IsUUID()
  id!: string;
}

export class HouseholdListQuery extends PageQuery {
  @OptionalOrgPath({ example: 'd01.s01.c01' })
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
  @Nullable(Number) unit!: number | null;
  @Nullable(Number) floor!: number | null;
  @ApiProperty({ enum: HOUSEHOLD_TYPES }) type!: HouseholdType;
  @Nullable(String) headPersonId!: string | null;
  @ApiProperty() memberCount!: number;
  @ApiProperty() path!: string;
  @ApiProperty() street!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class HouseholdDetail extends HouseholdView {
  @ApiProperty({ type: () => [PersonView] }) members!: PersonView[];
}
