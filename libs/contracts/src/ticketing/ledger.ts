import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsInstant, ORG_PATH, PageQuery } from '../common';
import { PersonRef, TICKET_STATES, type TicketSource, type TicketState } from './tickets';

/**
 * The public-opinion ledger (民情账本): residents' requests, i.e. tickets whose source is a
 * resident (居民诉求) or the 12345 hotline, listed per community (the first three segments of the
 * grid path, `d01.s01.c01`).
 */
export const REQUEST_SOURCES: readonly TicketSource[] = ['resident', 'hotline_12345'];

/** Closed or rated: the request was resolved. */
export const RESOLVED_STATES: readonly TicketState[] = ['closed', 'rated'];

export class LedgerQuery extends PageQuery {
  @ApiProperty({
    example: 'd01.s01.c01',
    description: 'a community, or a street / district to list all of its communities',
  })
  @Matches(ORG_PATH)
  path!: string;

  @ApiPropertyOptional({ enum: TICKET_STATES })
  @IsOptional()
  @IsIn(TICKET_STATES)
  state?: TicketState;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only requests someone follows; false: only unclaimed ones',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  claimed?: 'true' | 'false';
}

export class LedgerStatsQuery {
  @ApiProperty({ example: 'd01.s01', description: 'a community, street or district' })
  @Matches(ORG_PATH)
  path!: string;

  @ApiPropertyOptional({
    description: 'requests reported at or after (ISO 8601)',
    example: '2026-01-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'requests reported before (ISO 8601)', example: '2027-01-01T00:00:00+08:00' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class ClaimRequest {
  @ApiPropertyOptional({ example: '我来跟进，每周回访' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ClaimCommand extends ClaimRequest {
  @IsUUID()
  ticketId!: string;
}

export class ReleaseClaimCommand {
  @IsUUID()
  ticketId!: string;
}

export class LedgerClaim {
  @ApiProperty() id!: string;
  @ApiProperty() ticketId!: string;
  @ApiProperty({ type: PersonRef }) by!: PersonRef;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() claimedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) releasedAt!: string | null;
}

export class LedgerEntry {
  @ApiProperty() ticketId!: string;
  @ApiProperty({ example: 'd01.s01.c01' }) community!: string;
  @ApiProperty() gridPath!: string;
  @ApiProperty({ enum: ['resident', 'hotline_12345'] }) source!: TicketSource;
  @ApiProperty({ enum: TICKET_STATES }) state!: TicketState;
  @ApiProperty() categoryCode!: string;
  @ApiProperty() categoryName!: string;
  @ApiProperty() description!: string;
  @ApiProperty() resolved!: boolean;
  @ApiProperty() reportedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: [LedgerClaim], description: 'who follows the request (active claims)' })
  followers!: LedgerClaim[];
}

export class CommunityLedgerStats {
  @ApiProperty({ example: 'd01.s01.c01' }) community!: string;
  @ApiProperty({ description: 'requests collected (reported in the period)', example: 1167 }) collected!: number;
  @ApiProperty({ description: 'of those, resolved (closed or rated)', example: 987 }) resolved!: number;
  @ApiProperty({
    description: 'resolved / collected in percent, rounded; null when none collected',
    example: 85,
    nullable: true,
    type: Number,
  })
  resolvedPercent!: number | null;
  @ApiProperty({ description: 'of those, followed by at least one claimant now' }) followed!: number;
}

export class LedgerStats {
  @ApiProperty() path!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) from!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) to!: string | null;
  @ApiProperty({ type: [CommunityLedgerStats] }) communities!: CommunityLedgerStats[];
  @ApiProperty({ type: CommunityLedgerStats, description: 'all communities together (community = the path)' })
  total!: CommunityLedgerStats;
}
