import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';

export const TICKET_STATES = [
  'reported',
  'opened',
  'rejected',
  'merged',
  'dispatched',
  'acknowledged',
  'handled',
  'checked',
  'closed',
  'reopened',
  'rated',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** Where a report came from. */
export const TICKET_SOURCES = ['grid_patrol', 'informant', 'resident', 'hotline_12345', 'partner', 'camera'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const TICKET_SOURCE_LABELS: Record<TicketSource, string> = {
  grid_patrol: '网格员巡查',
  informant: '信息员报送',
  resident: '居民诉求',
  hotline_12345: '12345热线',
  partner: '对接系统',
  camera: '视频监控',
};

/** 部件 (component: a thing in public space) or 事件 (event: something that happened). */
export const CATEGORY_KINDS = ['component', 'event'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const SEVERITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Category codes: `C0101` (component) or `E0102` (event), district additions with a suffix: `C0302-01`. */
export const CATEGORY_CODE = /^[CE]\d{4}(-\d{2})?$/;

/** Ticket photos are references to stored files (64 hex chars: their SHA-256), or opaque ids. */
export const PHOTO_REF = /^[A-Za-z0-9:_-]{8,100}$/;

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

export class TicketLocation {
  @ApiProperty({ example: 'd01.s01.c01.g01', description: 'the grid (网格) the problem is in' })
  @Matches(ORG_PATH, { message: 'gridPath must be an org path such as d01.s01.c01.g01' })
  gridPath!: string;

  @ApiPropertyOptional({ example: '3号楼', description: 'building (楼栋), free text or a registry id' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  building?: string;

  @ApiPropertyOptional({ example: 30.5728 })
  @IsOptional()
  @IsLatitude()
  lat?: number;

  @ApiPropertyOptional({ example: 104.0668 })
  @IsOptional()
  @IsLongitude()
  lng?: number;

  @ApiPropertyOptional({ example: '东湖路12号旁公厕', description: 'address or landmark' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class ReportTicketRequest {
  @ApiProperty({ enum: TICKET_SOURCES })
  @IsIn(TICKET_SOURCES)
  source!: TicketSource;

  @ApiProperty({ example: 'C0302' })
  @Matches(CATEGORY_CODE, { message: 'categoryCode must look like C0101, E0102 or C0302-01' })
  categoryCode!: string;

  @ApiProperty({ example: '旱厕东侧墙体开裂，有倒塌危险' })
  @IsString()
  @Length(2, 2000)
  description!: string;

  @ApiProperty({ type: TicketLocation })
  @ValidateNested()
  @Type(() => TicketLocation)
  location!: TicketLocation;

  @ApiPropertyOptional({
    description: 'who told the reporter (an informant relayed by a grid worker, a 12345 caller)',
    example: '张阿姨',
  })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  informant?: string;

  @ApiPropertyOptional({ type: [String], description: 'photo references (uploaded before)' })
  @IsOptional()
  @ArrayMaxSize(9)
  @Matches(PHOTO_REF, { each: true })
  photos?: string[];

  @ApiPropertyOptional({
    description: 'reference of the report in the sending system (12345 work order number, partner id)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  externalRef?: string;

  @ApiPropertyOptional({
    description:
      'the reporter checked it on site and opens it with the report (核实后上报): staff of the place only. ' +
      'A report with possible duplicates stays reported, so that it can be merged or opened.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  verified?: boolean;
}

/** What the service receives: the HTTP body plus the Idempotency-Key header. */
export class ReportTicketCommand extends ReportTicketRequest {
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{8,100}$/, { message: 'Idempotency-Key must be 8 to 100 letters, digits or ._:-' })
  idempotencyKey?: string;
}

export class TicketIdRequest {
  @ApiProperty()
  @IsUUID()
  id!: string;
}

/** Common to every transition: the version read (stale → 409), a note and photos. */
export class TransitionRequest {
  @ApiPropertyOptional({ description: 'the version you read; a stale one is 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ example: '已现场核实' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMaxSize(9)
  @Matches(PHOTO_REF, { each: true })
  photos?: string[];
}

export class TransitionCommand extends TransitionRequest {
  @IsUUID()
  id!: string;
}

export class RejectRequest extends TransitionRequest {
  @ApiProperty({ example: '经核实不属实' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}
export class RejectCommand extends RejectRequest {
  @IsUUID()
  id!: string;
}

export class MergeRequest extends TransitionRequest {
  @ApiProperty({ description: 'the open ticket this report duplicates' })
  @IsUUID()
  intoTicketId!: string;
}
export class MergeCommand extends MergeRequest {
  @IsUUID()
  id!: string;
}

export class HandleRequest extends TransitionRequest {
  @ApiProperty({ example: '已组织清理' })
  @IsString()
  @Length(2, 2000)
  result!: string;
}
export class HandleCommand extends HandleRequest {
  @IsUUID()
  id!: string;
}

export class CheckRequest extends TransitionRequest {
  @ApiProperty({ description: 'true: the problem is solved (→ checked); false: it goes back (→ reopened)' })
  @IsBoolean()
  passed!: boolean;
}
export class CheckCommand extends CheckRequest {
  @IsUUID()
  id!: string;
}

export class RateRequest {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  stars!: number;

  @ApiPropertyOptional({ example: '处理太慢' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}
export class RateCommand extends RateRequest {
  @IsUUID()
  id!: string;
}

export class TicketListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TICKET_STATES })
  @IsOptional()
  @IsIn(TICKET_STATES)
  state?: TicketState;

  @ApiPropertyOptional({ description: 'only tickets at or below this org path', example: 'd01.s01.c01' })
  @IsOptional()
  @Matches(ORG_PATH)
  path?: string;

  @ApiPropertyOptional({ example: 'C0302' })
  @IsOptional()
  @Matches(CATEGORY_CODE)
  categoryCode?: string;

  @ApiPropertyOptional({ description: 'only tickets not yet closed, rejected or merged' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}

export class TicketStatsQuery {
  @ApiPropertyOptional({ description: 'only tickets at or below this org path' })
  @IsOptional()
  @Matches(ORG_PATH)
  path?: string;
}

export class PersonRef {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['user', 'client', 'system'] }) kind!: 'user' | 'client' | 'system';
  @ApiPropertyOptional() name?: string;
}

export class AssignedDepartment {
  @ApiProperty({ example: 'd01.dep-sanitation' }) path!: string;
  @ApiProperty({ example: '区环卫局' }) name!: string;
  @ApiProperty({ enum: ['lead', 'co'] }) role!: 'lead' | 'co';
}

export class TicketView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: TICKET_STATES }) state!: TicketState;
  @ApiProperty() version!: number;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ enum: TICKET_SOURCES }) source!: TicketSource;
  @ApiProperty() categoryCode!: string;
  @ApiProperty() categoryName!: string;
  @ApiProperty({ enum: CATEGORY_KINDS }) categoryKind!: CategoryKind;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty() gridClosable!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty({ type: TicketLocation }) location!: TicketLocation;
  @ApiPropertyOptional({ type: String, nullable: true }) informant!: string | null;
  @ApiProperty({ type: [String] }) photos!: string[];
  @ApiProperty({ type: PersonRef }) reporter!: PersonRef;
  @ApiProperty({ type: [AssignedDepartment] }) departments!: AssignedDepartment[];
  @ApiPropertyOptional({ type: String, nullable: true }) mergedInto!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) rejectReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) result!: string | null;
  @ApiProperty({ description: '0 none, 1 street command centre, 2 district' }) escalationLevel!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) rating!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) ratingComment!: string | null;
  @ApiProperty() reportedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) openedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) dispatchedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) acknowledgedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) handledAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) checkedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) closedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) ratedAt!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class DuplicateCandidate {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: TICKET_STATES }) state!: TicketState;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'metres from the new report' }) distanceM!: number;
  @ApiProperty() reportedAt!: string;
}

export class ReportedTicket extends TicketView {
  @ApiProperty({ description: 'false when an Idempotency-Key was seen before: the ticket of the first submission' })
  created!: boolean;
  @ApiProperty({
    type: [DuplicateCandidate],
    description: 'open tickets of the same category nearby: offered to merge',
  })
  possibleDuplicates!: DuplicateCandidate[];
}

export class TimelineEntry {
  @ApiProperty() id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'opened', description: 'what happened: reported, opened, proposed, dispatched, escalated …' })
  action!: string;
  @ApiPropertyOptional({ enum: TICKET_STATES, nullable: true }) fromState!: TicketState | null;
  @ApiPropertyOptional({ enum: TICKET_STATES, nullable: true }) toState!: TicketState | null;
  @ApiProperty() at!: string;
  @ApiProperty({ type: PersonRef }) by!: PersonRef;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: [String] }) photos!: string[];
  @ApiProperty({ type: Object }) data!: Record<string, unknown>;
}

export class TicketStats {
  @ApiProperty({ type: Object, description: 'open tickets by state', example: { reported: 2, dispatched: 5 } })
  byState!: Record<string, number>;
  @ApiProperty() open!: number;
  @ApiProperty() escalated!: number;
}
