import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** 部件 (component: a thing in public space) or 事件 (event: something that happened). */
export const CATEGORY_KINDS = ['component', 'event'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const SEVERITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Category codes: `C0101` (component) or `E0102` (event), district additions with a suffix: `C0302-01`. */
export const CATEGORY_CODE = /^[CE]\d{4}(-\d{2})?$/;

export class CategoryView {
  @ApiProperty({ example: 'C0302' }) code!: string;
  @ApiProperty({ enum: CATEGORY_KINDS }) kind!: CategoryKind;
  @ApiProperty({ example: '03', description: 'major class (大类) code' }) majorCode!: string;
  @ApiProperty({ example: '市容环境类' }) majorName!: string;
  @ApiProperty({ example: '旱厕' }) name!: string;
  @ApiProperty({ description: 'minutes a department has to acknowledge (签收)', example: 1440 }) ackMinutes!: number;
  @ApiProperty({ description: 'minutes a department has to handle it', example: 4320 }) handleMinutes!: number;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({ description: 'the grid may handle and close it itself, without dispatch (小事不出格)' })
  gridClosable!: boolean;
  @ApiProperty({
    nullable: true,
    description: 'null: national classification; else the district that added it',
    type: String,
  })
  district!: string | null;
}

export class CategoryQuery {
  @ApiPropertyOptional({ enum: CATEGORY_KINDS })
  @IsOptional()
  @IsIn(CATEGORY_KINDS)
  kind?: CategoryKind;

  @ApiPropertyOptional({ description: 'major class code, e.g. 03' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  majorCode?: string;
}

export class CreateCategoryRequest {
  @ApiProperty({ example: 'E0603-01' })
  @Matches(CATEGORY_CODE, { message: 'code must look like C0101, E0102 or C0302-01' })
  code!: string;

  @ApiProperty({ example: '楼道堆物' })
  @IsString()
  @Length(1, 60)
  name!: string;

  @ApiProperty({ example: '06' })
  @Matches(/^\d{2}$/)
  majorCode!: string;

  @ApiProperty({ example: '其他事件' })
  @IsString()
  @Length(1, 60)
  majorName!: string;

  @ApiProperty({ minimum: 10, maximum: 43200 })
  @IsInt()
  @Min(10)
  @Max(43200)
  ackMinutes!: number;

  @ApiProperty({ minimum: 10, maximum: 129600 })
  @IsInt()
  @Min(10)
  @Max(129600)
  handleMinutes!: number;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty()
  @IsBoolean()
  gridClosable!: boolean;

  @ApiProperty({ example: 'd01', description: 'the district the category is added for' })
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  district!: string;
}
