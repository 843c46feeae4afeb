import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, ValidateNested } from 'class-validator';
import { ORG_PATH } from '../common';
import { STREET_CODE } from '../subjects';
import { DepartmentRef } from './department.dto';

/** The categories a rule names: a code (`C0302`, a district's `C0302-01`), a class prefix (`C03*`, `E*`) or `*`. */
export const RULE_CATEGORY = /^(\*|[CE]\*|[CE]\d{2}\*|[CE]\d{4}(-\d{2})?)$/;

export class ResponsibilityRuleInput {
  @ApiProperty({ example: 'C0302', description: 'a category code, or a class prefix: `C03*`, `E*`, `*`' })
  @Matches(RULE_CATEGORY, {
    message: 'category must be a code (C0302), a class prefix (C03*, E*) or *',
  })
  category!: string;

  @ApiPropertyOptional({
    example: 'd01.s01.c01',
    description: 'org subtree the rule covers (default: the whole street)',
  })
  @IsOptional()
  @Matches(ORG_PATH)
  orgPath?: string;

  @ApiProperty({ type: DepartmentRef })
  @ValidateNested()
  @Type(() => DepartmentRef)
  lead!: DepartmentRef;

  @ApiPropertyOptional({ type: [DepartmentRef] })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => DepartmentRef)
  co?: DepartmentRef[];
}

export class PublishResponsibilityRequest {
  @ApiProperty({ example: 's01' })
  @Matches(STREET_CODE)
  street!: string;

  @ApiProperty({ type: [ResponsibilityRuleInput] })
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => ResponsibilityRuleInput)
  rules!: ResponsibilityRuleInput[];
}

export class ResponsibilityQuery {
  @ApiProperty({ example: 's01' })
  @Matches(STREET_CODE)
  street!: string;
}

export class ResponsibilityRuleView {
  @ApiProperty() id!: string;
  @ApiProperty() category!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ type: DepartmentRef }) lead!: DepartmentRef;
  @ApiProperty({ type: [DepartmentRef] }) co!: DepartmentRef[];
}

export class ResponsibilityListView {
  @ApiProperty() id!: string;
  @ApiProperty() street!: string;
  @ApiProperty() version!: number;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() publishedBy!: string;
  @ApiProperty({ type: [ResponsibilityRuleView] }) rules!: ResponsibilityRuleView[];
}
