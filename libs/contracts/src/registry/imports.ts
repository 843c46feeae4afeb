import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ORG_PATH } from '../common';
import { Nullable } from '../decorators';

export const IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** At most this many data rows per HTTP upload (the bus carries the parsed cells); larger files go through `gz import-registry`. */
export const HTTP_IMPORT_MAX_ROWS = 5000;

/** What the gateway sends over the bus after reading an upload (validated there too: the bus is an entry point). */
export class ImportRunCommand {
  @IsString()
  @MaxLength(255)
  fileName!: string;

  @IsIn(IMPORT_MODES)
  mode!: ImportMode;

  /** the header row first, then the data rows, as text cells */
  @IsArray()
  @ArrayMaxSize(HTTP_IMPORT_MAX_ROWS + 1)
  @IsArray({ each: true })
  cells!: string[][];
}

export class ImportProblem {
  @ApiProperty({ description: 'row in the file (the header is row 1)' }) row!: number;
  @ApiProperty({ description: 'field (column) at fault' }) field!: string;
  @ApiProperty() reason!: string;
}

export class ImportJobView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: IMPORT_MODES }) mode!: ImportMode;
  @ApiProperty({ enum: ['running', 'done', 'rejected', 'failed'] }) status!: 'running' | 'done' | 'rejected' | 'failed';
  @ApiProperty({ description: 'data rows in the file' }) total!: number;
  @ApiProperty({ description: 'data rows handled so far (progress)' }) processed!: number;
  @ApiProperty({ description: 'persons created' }) imported!: number;
  @ApiProperty({ description: 'rows whose person is already registered (re-import changes nothing)' })
  unchanged!: number;
  @ApiProperty({ description: 'rows not imported' }) rejected!: number;
  @ApiProperty() buildingsCreated!: number;
  @ApiProperty() householdsCreated!: number;
  @ApiProperty({ type: [ImportProblem], description: 'row-by-row report (at most 1,000 entries kept)' })
  problems!: ImportProblem[];
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @Nullable(String) finishedAt!: string | null;
}

/** One page of the export, asked by the gateway over the bus while it streams the file. */
export class ExportPageQuery {
  @Matches(ORG_PATH)
  path!: string;

  /** person id to continue after (keyset) */
  @IsOptional()
  @IsUUID()
  after?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

/** One exported person, masked (no full identity number nor phone ever leaves through export). */
export interface ExportRow {
  id: string;
  gridPath: string;
  address: string;
  doorNumber: string | null;
  name: string;
  gender: string;
  birthDate: string;
  ethnicity: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  residenceType: string;
  employer: string | null;
  relation: string | null;
  tags: string[];
}

export interface ExportPage {
  rows: ExportRow[];
  /** the `after` of the next page, null at the end */
  next: string | null;
}
