import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common';
import { Nullable, OptionalOrgPath } from '../decorators';
import { IDEMPOTENCY_KEY } from '../councils/votes';
import { IsCalendarDate, IsPhone } from '../registry/decorators';
import { MoneyFen } from './purchased-services';

/** 社区基金 (a community fund) or 微基金 (a micro-fund), both ring-fenced in a charity's accounts. */
export const FUND_KINDS = ['community_fund', 'micro_fund'] as const;
export type FundKind = (typeof FUND_KINDS)[number];

/** How a donation came in. */
export const DONATION_CHANNELS = ['cash', 'bank_transfer', 'wechat_pay', 'alipay', 'other'] as const;
export type DonationChannel = (typeof DONATION_CHANNELS)[number];

/** Entries of a fund's ledger: money in, money out, and a correction reversing an earlier entry. */
export const FUND_ENTRY_KINDS = ['donation', 'spending', 'reversal'] as const;
export type FundEntryKind = (typeof FUND_ENTRY_KINDS)[number];

/** Spending: requested, approved (by someone other than the requester) or rejected, then paid. */
export const FUND_SPENDING_STATUSES = ['requested', 'approved', 'rejected', 'paid'] as const;
export type FundSpendingStatus = (typeof FUND_SPENDING_STATUSES)[number];

export const STATEMENT_FORMATS = ['csv', 'xlsx'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** A fund belongs to a community (`d01.s01.c01`) or a street (`d01.s01`). */
export const FUND_PLACE_PATH = /^[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,31}(\.[a-z][a-z0-9_-]{0,31})?$/;

/** The longest period one statement covers, in days. */
export const STATEMENT_MAX_DAYS = 366;

/** The most entries one statement lists (it crosses the bus as one message): a longer one asks for a shorter period. */
export const STATEMENT_MAX_LINES = 2000;

/** An amount in fen as yuan with two decimals (`123456` → `1234.56`), by integer arithmetic. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export class FundManagerInput {
  @ApiProperty({ format: 'uuid', description: "the manager's user id (identity)" })
  @IsUUID()
  userId!: string;

  @ApiProperty({ example: '李桂芳' })
  @IsString()
  @Length(1, 50)
  name!: string;
}

export class CreateFundRequest {
  @ApiProperty({ enum: FUND_KINDS, description: 'community_fund 社区基金, micro_fund 微基金' })
  @IsIn(FUND_KINDS)
  kind!: FundKind;

  @ApiProperty({ example: '湖光社区邻里微基金' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: 'd01.s01.c01', description: 'the community or street it belongs to' })
  @Matches(FUND_PLACE_PATH, { message: 'placePath must be a community (d01.s01.c01) or a street (d01.s01) path' })
  placePath!: string;

  @ApiProperty({ example: '东湖街道社区发展基金会', description: 'the charity whose accounts hold it' })
  @IsString()
  @Length(1, 100)
  charity!: string;

  @ApiPropertyOptional({ example: '53510100MJ0000009X', description: "the charity's unified social credit code" })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, {
    message: 'charityCreditCode must be an 18-character unified social credit code',
  })
  charityCreditCode?: string;

  @ApiPropertyOptional({ example: '资助楼道微更新与困难家庭临时救助' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  purpose?: string;

  @ApiProperty({
    type: [FundManagerInput],
    description: 'who manages it: record donations, request, approve and pay spending',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FundManagerInput)
  managers!: FundManagerInput[];
}

export class FundIdRequest {
  @IsUUID()
  id!: string;
}

export class FundListQuery extends PageQuery {
  @OptionalOrgPath({ description: 'only funds of places within this org path', example: 'd01.s01' })
  within?: string;

  @ApiPropertyOptional({ enum: FUND_KINDS })
  @IsOptional()
  @IsIn(FUND_KINDS)
  kind?: FundKind;
}

export class RecordDonationRequest {
  @ApiPropertyOptional({ example: '湖光社区居民王女士', description: 'the donor as published (absent when anonymous)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  donorName?: string;

  @ApiPropertyOptional({ default: false, description: 'published as 匿名 (the name is then not given)' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ example: '13800001234', description: 'stored encrypted, answered masked, never published' })
  @IsOptional()
  @IsPhone()
  donorPhone?: string;

  @MoneyFen('the donation, in fen')
  amountFen!: number;

  @ApiProperty({ enum: DONATION_CHANNELS })
  @IsIn(DONATION_CHANNELS)
  channel!: DonationChannel;

  @ApiProperty({ example: '2026-05-10', description: 'the day it was given (YYYY-MM-DD), not in the future' })
  @IsCalendarDate()
  receivedOn!: string;

  @ApiPropertyOptional({ example: '定向用于楼道照明' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class RecordDonationCommand extends RecordDonationRequest {
  @IsUUID()
  fundId!: string;

  /** the request's Idempotency-Key: a retry with it answers the first booking */
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, { message: 'Idempotency-Key must be 8 to 100 letters, digits or ._:-' })
  idempotencyKey?: string;
}

export class FundEntryFilter extends PageQuery {
  @ApiPropertyOptional({ enum: FUND_ENTRY_KINDS })
  @IsOptional()
  @IsIn(FUND_ENTRY_KINDS)
  kind?: FundEntryKind;
}

export class FundEntryListQuery extends FundEntryFilter {
  @IsUUID()
  fundId!: string;
}

export class ReverseFundEntryRequest {
  @ApiProperty({ example: '捐赠金额录入错误，冲正后重新登记' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}

export class ReverseFundEntryCommand extends ReverseFundEntryRequest {
  @IsUUID()
  fundId!: string;

  @IsUUID()
  entryId!: string;
}

export class RevealDonorPhoneRequest {
  @ApiProperty({ example: '开具捐赠票据，联系捐赠人', description: 'why the full number is needed (audited)' })
  @IsString()
  @Length(2, 200)
  reason!: string;
}

export class RevealDonorPhoneCommand extends RevealDonorPhoneRequest {
  @IsUUID()
  fundId!: string;

  @IsUUID()
  entryId!: string;
}

export class DonorPhoneView {
  @ApiProperty() entryId!: string;
  @Nullable(String) phone!: string | null;
}

export class RequestSpendingRequest {
  @ApiProperty({ example: '3号楼楼道感应灯更换' })
  @IsString()
  @Length(1, 500)
  purpose!: string;

  @ApiProperty({ example: '东湖物业服务有限公司', description: 'who is paid (published)' })
  @IsString()
  @Length(1, 100)
  payee!: string;

  @MoneyFen('the amount asked, in fen')
  amountFen!: number;
}

export class RequestSpendingCommand extends RequestSpendingRequest {
  @IsUUID()
  fundId!: string;
}

export class ApproveSpendingRequest {
  @ApiPropertyOptional({ example: '经基金管理小组审议同意' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ApproveSpendingCommand extends ApproveSpendingRequest {
  @IsUUID()
  id!: string;
}

export class RejectSpendingRequest {
  @ApiProperty({ example: '不属于基金资助范围' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}

export class RejectSpendingCommand extends RejectSpendingRequest {
  @IsUUID()
  id!: string;
}

export class PaySpendingRequest {
  @ApiPropertyOptional({ example: '转账流水 20260512-0031' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;
}

export class PaySpendingCommand extends PaySpendingRequest {
  @IsUUID()
  id!: string;
}

export class SpendingFilter extends PageQuery {
  @ApiPropertyOptional({ enum: FUND_SPENDING_STATUSES })
  @IsOptional()
  @IsIn(FUND_SPENDING_STATUSES)
  status?: FundSpendingStatus;
}

export class SpendingListQuery extends SpendingFilter {
  @IsUUID()
  fundId!: string;
}

export class FundStatementQuery {
  @ApiProperty({ example: '2026-05-01', description: 'first day of the period (YYYY-MM-DD, Asia/Shanghai)' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2026-05-31', description: `last day of the period (at most ${STATEMENT_MAX_DAYS} days)` })
  @IsCalendarDate()
  to!: string;
}

export class FundStatementCommand extends FundStatementQuery {
  @IsUUID()
  fundId!: string;
}

export class FundStatementExportQuery extends FundStatementQuery {
  @ApiProperty({ enum: STATEMENT_FORMATS })
  @IsIn(STATEMENT_FORMATS)
  format!: StatementFormat;
}

export class FundPiiAccessQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only reads of donors of this fund' })
  @IsOptional()
  @IsUUID()
  fundId?: string;
}

export class FundManagerView {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
}

export class FundView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: FUND_KINDS }) kind!: FundKind;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'd01.s01.c01' }) placePath!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @Nullable(String, { description: 'its community, for a community-level fund' }) communityPath!: string | null;
  @ApiProperty() charity!: string;
  @Nullable(String) charityCreditCode!: string | null;
  @Nullable(String) purpose!: string | null;
  @ApiProperty({ type: [FundManagerView] }) managers!: FundManagerView[];
  @ApiProperty({ description: 'fen, never below zero' }) balanceFen!: number;
  @ApiProperty({ description: 'entries in its ledger' }) entries!: number;
  @ApiProperty() createdAt!: string;
}

export class FundEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() fundId!: string;
  @ApiProperty({ description: 'its place in the ledger, from 1' }) seq!: number;
  @ApiProperty({ enum: FUND_ENTRY_KINDS }) kind!: FundEntryKind;
  @ApiProperty({ description: 'fen' }) amountFen!: number;
  @ApiProperty({ description: 'fen: + into the fund, − out of it' }) deltaFen!: number;
  @ApiProperty({ description: 'fen: the balance after it' }) balanceAfterFen!: number;
  @ApiProperty({ example: '2026-05-12', description: 'the day it was booked (Asia/Shanghai)' }) day!: string;
  @ApiProperty() bookedAt!: string;
  @Nullable(String, { description: 'a donation: the donor as published (null when anonymous)' }) donorName!:
    string | null;
  @ApiProperty() anonymous!: boolean;
  @Nullable(String, { example: '138****1234' }) donorPhoneMasked!: string | null;
  @Nullable(String) channel!: DonationChannel | null;
  @Nullable(String) receivedOn!: string | null;
  @Nullable(String) note!: string | null;
  @Nullable(String, { description: 'a spending entry: the spending paid' }) spendingId!: string | null;
  @Nullable(String) purpose!: string | null;
  @Nullable(String) payee!: string | null;
  @Nullable(String, { description: 'a reversal: the entry it reverses' }) reversesEntryId!: string | null;
  @Nullable(String, { description: 'the reversal of this entry, when there is one' }) reversedByEntryId!: string | null;
  @Nullable(String, { description: 'a reversal: why' }) reason!: string | null;
  @ApiProperty() by!: string;
}

export class FundSpendingView {
  @ApiProperty() id!: string;
  @ApiProperty() fundId!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty() payee!: string;
  @ApiProperty({ description: 'fen' }) amountFen!: number;
  @ApiProperty({ enum: FUND_SPENDING_STATUSES }) status!: FundSpendingStatus;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() requestedById!: string;
  @ApiProperty() requestedAt!: string;
  @Nullable(String) decidedBy!: string | null;
  @Nullable(String) decidedAt!: string | null;
  @Nullable(String) decisionNote!: string | null;
  @Nullable(String) paidBy!: string | null;
  @Nullable(String) paidAt!: string | null;
  @Nullable(String) reference!: string | null;
  @Nullable(String, { description: 'the ledger entry of its payment' }) entryId!: string | null;
  @ApiProperty() version!: number;
}

export class FundStatementLine {
  @ApiProperty() seq!: number;
  @ApiProperty({ example: '2026-05-12' }) day!: string;
  @ApiProperty({ enum: FUND_ENTRY_KINDS }) kind!: FundEntryKind;
  @Nullable(String, { description: 'a donation: the donor, 匿名 when anonymous' }) donor!: string | null;
  @Nullable(String) channel!: DonationChannel | null;
  @Nullable(String) purpose!: string | null;
  @Nullable(String) payee!: string | null;
  @Nullable(Number, { description: 'a reversal: the seq of the entry it reverses' }) reversesSeq!: number | null;
  @Nullable(String, { description: 'a reversal: why' }) reason!: string | null;
  @ApiProperty({ description: 'fen in (0 when none)' }) inFen!: number;
  @ApiProperty({ description: 'fen out (0 when none)' }) outFen!: number;
  @ApiProperty({ description: 'fen: the balance after it' }) balanceFen!: number;
}

/** A fund's public statement of one period: what came in and went out, in the ledger's order. */
export class FundStatementView {
  @ApiProperty() fundId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: FUND_KINDS }) kind!: FundKind;
  @ApiProperty() placePath!: string;
  @ApiProperty() charity!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'fen: the balance before the first day' }) openingBalanceFen!: number;
  @ApiProperty({ type: [FundStatementLine] }) lines!: FundStatementLine[];
  @ApiProperty({ description: 'fen: donations booked in the period' }) donationsFen!: number;
  @ApiProperty({ description: 'fen: spending paid in the period' }) spendingFen!: number;
  @ApiProperty({ description: 'fen: corrections in the period (+ back in, − out)' }) correctionsFen!: number;
  @ApiProperty({ description: 'fen: opening + donations − spending + corrections' }) closingBalanceFen!: number;
  @ApiProperty() generatedAt!: string;
}

/** One read of a donor's full phone: who, when, why. */
export class FundPiiAccessEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() fundId!: string;
  @ApiProperty() entryId!: string;
  @ApiProperty({ example: 'donor_phone' }) field!: string;
  @ApiProperty({ description: 'who read it (username, else id)' }) reader!: string;
  @ApiProperty() readerId!: string;
  @ApiProperty() reason!: string;
}
