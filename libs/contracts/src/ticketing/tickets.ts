import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ORG_PATH, PageQuery } from '../common';
import { CATEGORY_CODE, CATEGORY_KINDS, SEVERITIES, type CategoryKind, type Severity } from './categories';
import { PHOTO_REF } from './photos';

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

  @ApiPropertyOptional({ type: Boolean, description: 'only tickets not yet closed, rejected or merged' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
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

/** One ticket as `GET /tickets/:id` answers it: a report not yet opened lists what it may repeat. */
export class TicketDetail extends TicketView {
  @ApiProperty({
    type: [DuplicateCandidate],
    description: 'for a reported ticket: open tickets of the same category nearby (empty once opened)',
  })
  duplicates!: DuplicateCandidate[];
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
