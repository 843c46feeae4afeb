import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../common';
import { IfGiven, IfPresent, IntBetween, Nullable, OptionalOrgPath, ReadVersion } from '../decorators';
import { IsGridPath } from './decorators';

export class CreateBuildingRequest {
  @ApiProperty({ example: 'd01.s01.c01.g01', description: 'the grid the building stands in' })
  @IsGridPath()
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
  @IntBetween(1, 100)
  units!: number;

  @ApiProperty({ minimum: 1, maximum: 200, example: 6 })
  @IntBetween(1, 200)
  floors!: number;
}

export class UpdateBuildingRequest {
  @ReadVersion()
  version!: number;

  @ApiPropertyOptional()
  @IfGiven()
  @IsString()
  @Length(2, 200)
  address?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IfPresent()
  @IsString()
  @Length(1, 100)
  name?: string | null;

  @ApiPropertyOptional()
  @IfGiven()
  @IntBetween(1, 100)
  units?: number;

  @ApiPropertyOptional()
  @IfGiven()
  @IntBetween(1, 200)
  floors?: number;
}

export class UpdateBuildingCommand extends UpdateBuildingRequest {
  @IsUUID()
  id!: string;
}

export class BuildingListQuery extends PageQuery {
  @OptionalOrgPath({ description: 'only within this org path', example: 'd01.s01.c01' })
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
  @Nullable(String) name!: string | null;
  @ApiProperty() units!: number;
  @ApiProperty() floors!: number;
  @ApiProperty() households!: number;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
