import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common';
import { IntBetween, Nullable, OptionalOrgPath, stacked } from '../decorators';
import { IDEMPOTENCY_KEY } from '../councils/votes';
import { IsCalendarDate } from '../registry/decorators';

/**
 * The most money one amount may hold, in fen (分): 100 亿元. Sums of many such amounts stay far
 * below 2^53, so they are exact as JavaScript numbers.
 */
export const MAX_MONEY_FEN = 1_000_000_000_000;

/** An amount of money in fen (分): a whole number from 1 to MAX_MONEY_FEN. */
export const MoneyFen = (description = 'in fen (分, 1/100 yuan)'): PropertyDecorator =>
  stacked(
    ApiProperty({ description, minimum: 1, maximum: MAX_MONEY_FEN, example: 1_500_000 }),
    IsInt(),
    Min(1),
    Max(MAX_MONEY_FEN),
  );

/** Who buys: a street (`d01.s01`) or the district (`d01`). */
export const BUYER_PATH = /^[a-z][a-z0-9_-]{0,31}(\.[a-z][a-z0-9_-]{0,31})?$/;

/**
 * A deliverable's states: pending (planned), reported by the organisation, accepted by the buyer
 * (final; only then can it be paid) or returned to the organisation, which reports again.
 */
export const DELIVERABLE_STATUSES = ['pending', 'reported', 'accepted', 'returned'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];

/** At most this many deliverables in one contract (a contract's view lists them all). */
export const MAX_DELIVERABLES = 100;

export class ServiceItemInput {
  @ApiProperty({ example: '独居老人上门探访' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: '每月探访两次，记录身体与居住情况' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;

  @ApiPropertyOptional({ example: 480, description: 'how many (visits, sessions, people served)' })
  @IsOptional()
  @IntBetween(1, 10_000_000)
  quantity?: number;

  @ApiPropertyOptional({ example: '人次' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  unit?: string;
}

export class DeliverableInput {
  @ApiProperty({ example: '第一季度探访记录与服务报告' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  description?: string;

  @ApiProperty({ example: '2026-06-30', description: 'due date (YYYY-MM-DD), within the contract period' })
  @IsCalendarDate()
  dueOn!: string;

  @MoneyFen('what the deliverable pays once accepted, in fen')
  amountFen!: number;
}

export class CreateServiceContractRequest {
  @ApiProperty({ format: 'uuid', description: 'the organisation providing the service (on the roll)' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ example: 'd01.s01', description: 'who buys: a street or the district (its admins keep the contract)' })
  @Matches(BUYER_PATH, { message: 'buyerPath must be a street (d01.s01) or a district (d01) path' })
  buyerPath!: string;

  @ApiPropertyOptional({ example: 'DH-GM-2026-007', description: 'the contract number (合同编号), unique per buyer' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z_\-/]{0,39}$/, { message: 'contractNo must be 1-40 letters, digits, -, _ or /' })
  contractNo?: string;

  @ApiProperty({ example: '2026年东湖街道居家养老上门服务项目' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ type: [ServiceItemInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ServiceItemInput)
  serviceItems!: ServiceItemInput[];

  @MoneyFen('the whole budget, in fen')
  budgetFen!: number;

  @ApiProperty({ example: '2026-04-01' })
  @IsCalendarDate()
  periodStart!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  periodEnd!: string;

  @ApiPropertyOptional({ type: [DeliverableInput], description: 'deliverables agreed at signing (more can be added)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DELIVERABLES)
  @ValidateNested({ each: true })
  @Type(() => DeliverableInput)
  deliverables?: DeliverableInput[];
}

export class ServiceContractIdRequest {
  @IsUUID()
  id!: string;
}

export class ServiceContractListQuery extends PageQuery {
  @OptionalOrgPath({ description: 'only contracts of organisations based within this org path', example: 'd01.s01' })
  within?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class AddDeliverablesRequest {
  @ApiProperty({ type: [DeliverableInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DELIVERABLES)
  @ValidateNested({ each: true })
  @Type(() => DeliverableInput)
  deliverables!: DeliverableInput[];
}

export class AddDeliverablesCommand extends AddDeliverablesRequest {
  @IsUUID()
  contractId!: string;
}

export class DeliverableIdRequest {
  @IsUUID()
  id!: string;
}

export class ReportDeliverableRequest {
  @ApiProperty({ example: '本季度完成上门探访126人次，附探访台账与照片' })
  @IsString()
  @Length(1, 4000)
  summary!: string;

  @ApiPropertyOptional({ type: [String], description: 'references of the evidence (file ids, links)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  attachments?: string[];
}

export class ReportDeliverableCommand extends ReportDeliverableRequest {
  @IsUUID()
  id!: string;
}

export class AcceptDeliverableRequest {
  @ApiPropertyOptional({ example: '材料齐全，验收合格' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class AcceptDeliverableCommand extends AcceptDeliverableRequest {
  @IsUUID()
  id!: string;
}

export class ReturnDeliverableRequest {
  @ApiProperty({ example: '缺少服务对象签字，请补充后重新提交' })
  @IsString()
  @Length(2, 1000)
  reason!: string;
}

export class ReturnDeliverableCommand extends ReturnDeliverableRequest {
  @IsUUID()
  id!: string;
}

export class PayDeliverableRequest {
  @MoneyFen('paid now, in fen: at most what the deliverable has left, within the contract budget')
  amountFen!: number;

  @ApiProperty({ example: '2026-07-10', description: 'the day it was paid (YYYY-MM-DD), not in the future' })
  @IsCalendarDate()
  paidOn!: string;

  @ApiPropertyOptional({ example: '记账凭证2026-07-031', description: 'the voucher or transfer reference' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;
}

export class PayDeliverableCommand extends PayDeliverableRequest {
  @IsUUID()
  id!: string;

  /** the request's Idempotency-Key: a retry with it answers the first payment */
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, { message: 'Idempotency-Key must be 8 to 100 letters, digits or ._:-' })
  idempotencyKey?: string;
}

export class ServiceContractPaymentsQuery extends PageQuery {
  @IsUUID()
  contractId!: string;
}

export class ServiceItemView {
  @ApiProperty() name!: string;
  @Nullable(String) description!: string | null;
  @Nullable(Number) quantity!: number | null;
  @Nullable(String) unit!: string | null;
}

export class DeliverableView {
  @ApiProperty() id!: string;
  @ApiProperty() contractId!: string;
  @ApiProperty({ description: 'its number within the contract, from 1' }) seq!: number;
  @ApiProperty() title!: string;
  @Nullable(String) description!: string | null;
  @ApiProperty({ example: '2026-06-30' }) dueOn!: string;
  @ApiProperty({ description: 'fen' }) amountFen!: number;
  @ApiProperty({ description: 'fen paid so far' }) paidFen!: number;
  @ApiProperty({ enum: DELIVERABLE_STATUSES }) status!: DeliverableStatus;
  @Nullable(String) reportSummary!: string | null;
  @ApiProperty({ type: [String] }) attachments!: string[];
  @Nullable(String) reportedBy!: string | null;
  @Nullable(String) reportedAt!: string | null;
  @ApiProperty({ description: 'how many times it was reported' }) reports!: number;
  @Nullable(String, { description: 'the note of the acceptance, or why it was returned' }) decisionNote!: string | null;
  @Nullable(String) decidedBy!: string | null;
  @Nullable(String) decidedAt!: string | null;
}

export class ServiceContractView {
  @ApiProperty() id!: string;
  @Nullable(String) contractNo!: string | null;
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ example: 's01', description: "the organisation's street" }) street!: string;
  @ApiProperty({ example: 'd01.s01.c01', description: "the organisation's community" }) communityPath!: string;
  @ApiProperty({ example: 'd01.s01' }) buyerPath!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [ServiceItemView] }) serviceItems!: ServiceItemView[];
  @ApiProperty({ description: 'fen' }) budgetFen!: number;
  @ApiProperty({ description: "fen: the deliverables' amounts together (never over the budget)" })
  committedFen!: number;
  @ApiProperty({ description: 'fen paid so far (never over the budget)' }) paidFen!: number;
  @ApiProperty({ example: '2026-04-01' }) periodStart!: string;
  @ApiProperty({ example: '2026-12-31' }) periodEnd!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ServiceContractDetailView extends ServiceContractView {
  @ApiProperty({ type: [DeliverableView] }) deliverables!: DeliverableView[];
}

export class ServicePaymentView {
  @ApiProperty() id!: string;
  @ApiProperty() contractId!: string;
  @ApiProperty() deliverableId!: string;
  @ApiProperty({ description: 'fen' }) amountFen!: number;
  @ApiProperty({ example: '2026-07-10' }) paidOn!: string;
  @Nullable(String) reference!: string | null;
  @ApiProperty() paidBy!: string;
  @ApiProperty() at!: string;
}

export class PayDeliverableResult {
  @ApiProperty({ type: ServicePaymentView }) payment!: ServicePaymentView;
  @ApiProperty({ type: DeliverableView }) deliverable!: DeliverableView;
  @ApiProperty({ description: "fen: the contract's payments together after this one" }) contractPaidFen!: number;
}
