import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ORG_PATH } from '../common';

/** A department (an org unit of kind department), e.g. `d01.dep-sanitation` 区环卫局. */
export class DepartmentRef {
  @ApiProperty({ example: 'd01.dep-sanitation' })
  @Matches(ORG_PATH)
  path!: string;

  @ApiProperty({ example: '区环卫局' })
  @IsString()
  @Length(1, 60)
  name!: string;
}
