import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IntBetween, Nullable } from '../decorators';
import { SCHEME_CODE } from './schemes';
import { ExactValue, PERIOD, PERIOD_MESSAGE, PeriodView, UNIT_KEY, UNIT_KINDS, type UnitKind } from './units';

const STREET = /^s\d{2,3}$/;

export class ScorecardQuery {
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS) unitKind!: UnitKind;
  @ApiProperty({ example: 'd01.dep-sanitation', description: 'an org path, or a grid worker’s user id' })
  @Matches(UNIT_KEY)
  unit!: string;
  @ApiProperty({ example: '2026-03' }) @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
  @ApiProperty({ example: 'department-2026' }) @Matches(SCHEME_CODE) scheme!: string;
  @ApiPropertyOptional({ description: 'the scheme version (default: its latest)' })
  @IsOptional()
  @IntBetween(1, 100000)
  schemeVersion?: number;
  @ApiPropertyOptional({
    example: 's01',
    description: 'departments: the street that evaluates it (only that street’s dispatch facts, plus its rating)',
  })
  @IsOptional()
  @Matches(STREET)
  street?: string;
}

export class RankingQuery {
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS) unitKind!: UnitKind;
  @ApiProperty({ example: '2026' }) @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
  @ApiProperty({ example: 'community-2026' }) @Matches(SCHEME_CODE) scheme!: string;
  @ApiPropertyOptional() @IsOptional() @IntBetween(1, 100000) schemeVersion?: number;
  @ApiPropertyOptional({
    example: 's01',
    description: 'units of this street only; departments: as this street evaluates them',
  })
  @IsOptional()
  @Matches(STREET)
  street?: string;
  @ApiPropertyOptional({ default: 5, description: 'how many units the red and black lists hold' })
  @IsOptional()
  @IntBetween(1, 100)
  top?: number;
}

export class TrendQuery extends ScorecardQuery {
  @ApiProperty({ example: '2026-06', description: 'the last month of the trend; `period` is the first' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  until!: string;
}

export class ScorecardCommand extends ScorecardQuery {
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/) district!: string;
}
export class RankingCommand extends RankingQuery {
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/) district!: string;
}
export class TrendCommand extends TrendQuery {
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/) district!: string;
}

/** One indicator's line of a scorecard. */
export class ScorecardLine {
  @ApiProperty() indicator!: string;
  @ApiProperty() indicatorVersion!: number;
  @ApiProperty() name!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ nullable: true, type: Number }) numerator!: number | null;
  @ApiProperty({ nullable: true, type: Number }) denominator!: number | null;
  @Nullable(ExactValue) value!: ExactValue | null;
  @ApiProperty({
    description: 'points earned, to hundredths (rounded half up; the total is added exactly)',
    nullable: true,
    type: String,
  })
  points!: string | null;
  @ApiProperty() explanation!: string;
}

export class VetoView {
  @ApiProperty() indicator!: string;
  @ApiProperty() count!: number;
  @ApiProperty() reason!: string;
}

/** What the scorecard would say with the events that came after its period was closed (封账). */
export class RestatementView {
  @ApiProperty({ description: 'facts that arrived after the period was closed' }) lateFacts!: number;
  @ApiProperty({ nullable: true, type: String }) score!: string | null;
  @ApiProperty({ nullable: true, type: String }) grade!: string | null;
  @ApiProperty({ type: [ScorecardLine] }) lines!: ScorecardLine[];
  @ApiProperty({ type: [ScorecardLine] }) notApplicable!: ScorecardLine[];
}

export class ScorecardView {
  @ApiProperty({ enum: UNIT_KINDS }) unitKind!: UnitKind;
  @ApiProperty() unit!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "the unit's name in identity's org tree (null for a unit it does not hold: a grid worker, an organisation)",
  })
  unitName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'departments evaluated by one street' }) street!:
    string | null;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty() scheme!: string;
  @ApiProperty() schemeVersion!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'SHA-256 of the scheme and indicator definitions used (canonical JSON)' })
  definitionsHash!: string;
  @ApiProperty({ description: 'how far into evaluation’s event history it is computed (the log position)' })
  historyPosition!: string;
  @ApiProperty({ description: 'false: no indicator applies (nothing due); listed apart in rankings' })
  applicable!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'to hundredths, rounded half up' }) score!: string | null;
  @ApiProperty({ nullable: true, type: String }) grade!: string | null;
  @Nullable(VetoView) veto!: VetoView | null;
  @ApiProperty({ type: [ScorecardLine] }) lines!: ScorecardLine[];
  @ApiProperty({
    type: [ScorecardLine],
    description: 'indicators whose denominator is zero: listed apart, their weight shared by the others',
  })
  notApplicable!: ScorecardLine[];
  @ApiProperty({ description: 'true: the period is closed (封账) and these are its published figures' })
  closed!: boolean;
  @Nullable(RestatementView) restatement!: RestatementView | null;
  @ApiProperty() explanation!: string;
}

export class RankedUnit {
  @ApiProperty() rank!: number;
  @ApiProperty() unit!: string;
  @ApiProperty() score!: string;
  @ApiProperty({ nullable: true, type: String }) grade!: string | null;
  @ApiProperty() vetoed!: boolean;
}

export class RankingView {
  @ApiProperty({ enum: UNIT_KINDS }) unitKind!: UnitKind;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty() scheme!: string;
  @ApiProperty() schemeVersion!: number;
  @ApiProperty() definitionsHash!: string;
  @ApiProperty() historyPosition!: string;
  @ApiProperty({ type: [RankedUnit], description: 'equal scores share a rank (1, 2, 2, 4)' }) ranked!: RankedUnit[];
  @ApiProperty({ type: [String], description: 'units with nothing due in the period: listed apart, not ranked' })
  nothingDue!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "the names of the units listed, from identity's org tree (units it does not hold are left out)",
  })
  unitNames!: Record<string, string>;
  @ApiProperty({ type: [RankedUnit], description: 'the red list: the top N' }) top!: RankedUnit[];
  @ApiProperty({ type: [RankedUnit], description: 'the black list: the bottom N' }) bottom!: RankedUnit[];
}

export class TrendPoint {
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ nullable: true, type: String }) score!: string | null;
  @ApiProperty({ nullable: true, type: String }) grade!: string | null;
  @ApiProperty({ type: Object, description: 'indicator code → value shown (不适用 when not applicable)' })
  values!: Record<string, string>;
}

export class TrendView {
  @ApiProperty({ enum: UNIT_KINDS }) unitKind!: UnitKind;
  @ApiProperty() unit!: string;
  @ApiProperty() scheme!: string;
  @ApiProperty() schemeVersion!: number;
  @ApiProperty({ type: [TrendPoint] }) points!: TrendPoint[];
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ScorecardExportQuery extends ScorecardQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class RankingExportQuery extends RankingQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
