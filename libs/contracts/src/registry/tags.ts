import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Length } from 'class-validator';
import { OptionalDistrict } from '../decorators';
import { IsTagCode } from './decorators';

export class TagDefinitionView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'one of the seven special-care tags' }) builtIn!: boolean;
}

export class TagListQuery {
  @OptionalDistrict()
  district?: string;
}

export class DefineTagRequest {
  @OptionalDistrict({ example: 'd01', description: 'default: the district of your scope' })
  district?: string;

  @ApiProperty({ example: 'dialysis_patient' })
  @IsTagCode()
  code!: string;

  @ApiProperty({ example: '透析病人' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 32)
  name!: string;
}

/** A tag added to or removed from a person. */
export class TagRequest {
  @ApiProperty({ description: 'a built-in tag or one the district defined', example: 'elderly_alone' })
  @IsTagCode()
  tag!: string;
}

export class TagCommand extends TagRequest {
  @IsUUID()
  id!: string;
}
