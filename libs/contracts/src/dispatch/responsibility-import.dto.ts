import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * The columns of a responsibility list (责任清单) as a spreadsheet: the Chinese heading (what the
 * export writes) and the English ones the import also accepts. A department is written
 * `名称 (path)`, e.g. `区环卫局 (d01.dep-sanitation)`; co-departments are separated by commas.
 */
export const RESPONSIBILITY_COLUMNS = [
  { key: 'street', heading: '街道', aliases: ['street'] },
  { key: 'category', heading: '类别代码', aliases: ['category', 'category code'] },
  { key: 'orgPath', heading: '区域', aliases: ['org', 'org path', 'area'] },
  { key: 'lead', heading: '牵头部门', aliases: ['lead', 'lead department'] },
  { key: 'co', heading: '协办部门', aliases: ['co', 'co-departments', 'co departments'] },
] as const;
export type ResponsibilityColumn = (typeof RESPONSIBILITY_COLUMNS)[number]['key'];

export const RESPONSIBILITY_IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type ResponsibilityImportMode = (typeof RESPONSIBILITY_IMPORT_MODES)[number];

/** At most this many data rows in one file (the JSON publish route's limit too). */
export const RESPONSIBILITY_IMPORT_MAX_ROWS = 2000;

export class ResponsibilityImportQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'only validate; write nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: RESPONSIBILITY_IMPORT_MODES,
    default: 'all-or-nothing',
    description: 'all-or-nothing: any bad row rejects the file (422); valid-rows: import the valid rows',
  })
  @IsOptional()
  @IsIn(RESPONSIBILITY_IMPORT_MODES)
  mode?: ResponsibilityImportMode;
}

/** One data row of the sheet as the gateway read it: its row number in the sheet and its cells. */
export class ResponsibilitySheetRow {
  @IsInt()
  @Min(1)
  row!: number;

  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  cells!: string[];
}

/** The gateway's request to dispatch: the sheet read as text (bytes never cross the bus). */
export class ResponsibilityImportCommand {
  @IsBoolean()
  dryRun!: boolean;

  @IsIn(RESPONSIBILITY_IMPORT_MODES)
  mode!: ResponsibilityImportMode;

  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  header!: string[];

  @IsArray()
  @ArrayMaxSize(RESPONSIBILITY_IMPORT_MAX_ROWS + 1)
  @ValidateNested({ each: true })
  @Type(() => ResponsibilitySheetRow)
  rows!: ResponsibilitySheetRow[];
}

export class ResponsibilityImportError {
  @ApiProperty({ description: 'row number in the sheet (the heading is row 1); 0 for the whole file' })
  row!: number;
  @ApiPropertyOptional({ description: 'the column heading, when one cell is at fault' })
  column?: string;
  @ApiProperty() reason!: string;
}

export class ResponsibilityImportedList {
  @ApiProperty() street!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the new version (null on a dry run)' })
  version!: number | null;
  @ApiProperty() rules!: number;
}

export class ResponsibilityImportReport {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: RESPONSIBILITY_IMPORT_MODES }) mode!: ResponsibilityImportMode;
  @ApiProperty({ description: 'data rows read (blank rows skipped)' }) rows!: number;
  @ApiProperty({ description: 'rows that are valid' }) validRows!: number;
  @ApiProperty({ description: 'rows written (0 on a dry run or when rejected)' }) imported!: number;
  @ApiProperty({ type: [ResponsibilityImportError] }) errors!: ResponsibilityImportError[];
  @ApiProperty({
    type: [ResponsibilityImportedList],
    description: 'per street: the list version made (or that would be)',
  })
  lists!: ResponsibilityImportedList[];
}
