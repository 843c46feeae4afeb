import { Controller, Get, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  IncubatorRoutes,
  RankingEntryView,
  RoundRankingExportQuery,
  RoundRankingQuery,
  type Actor,
  type RankingExportView,
} from '@gz/contracts';
import { BusClient, csvLine } from '@gz/platform';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Fen as yuan with two decimals, exactly (no floating point). */
export function yuan(fen: number | null): string {
  if (fen === null) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Hundredths of a point as points with two decimals. */
const points = (hundredths: number | null) => (hundredths === null ? '' : yuan(hundredths));

const STATUS: Record<RankingEntryView['status'], string> = { submitted: '已申报', awarded: '已资助' };

/** The export's columns: Chinese headings, and each line's text. */
export const RANKING_COLUMNS: ReadonlyArray<{
  heading: string;
  width: number;
  value: (r: RankingEntryView) => string | number;
}> = [
  { heading: '排名', width: 8, value: (r) => r.rank },
  { heading: '项目名称', width: 36, value: (r) => r.title },
  { heading: '申报组织', width: 28, value: (r) => r.organisationName },
  { heading: '服务社区', width: 16, value: (r) => r.communityPath },
  { heading: '申请金额（元）', width: 16, value: (r) => yuan(r.amountFen) },
  { heading: '评审人数', width: 10, value: (r) => r.reviewers },
  { heading: '平均分', width: 10, value: (r) => points(r.meanScore) },
  { heading: '状态', width: 10, value: (r) => STATUS[r.status] },
  { heading: '资助金额（元）', width: 16, value: (r) => yuan(r.awardedFen) },
  { heading: '申报时间', width: 22, value: (r) => r.submittedAt },
];

/** The ranking as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese headings). */
export function rankingCsv(view: RankingExportView): Buffer {
  const lines = [
    RANKING_COLUMNS.map((c) => c.heading),
    ...view.rows.map((r) => RANKING_COLUMNS.map((c) => c.value(r))),
  ];
  return Buffer.from(`\ufeff${lines.map(csvLine).join('\r\n')}\r\n`, 'utf8');
}

/** The ranking as a workbook: one sheet, the round's title above the table. */
export async function rankingXlsx(view: RankingExportView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Gongzhi';
  const sheet = workbook.addWorksheet('评审排名');
  sheet.columns = RANKING_COLUMNS.map((c) => ({ width: c.width }));
  sheet.addRow([
    `${view.round.title}（预算 ${yuan(view.round.budgetFen)} 元，剩余 ${yuan(view.round.remainingFen)} 元）`,
  ]);
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(RANKING_COLUMNS.map((c) => c.heading)).font = { bold: true };
  for (const r of view.rows) sheet.addRow(RANKING_COLUMNS.map((c) => c.value(r)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A round's ranking by score, and its export; both leave out what the caller has a conflict of interest with. */
@ApiTags('incubator: rounds')
@ApiBearerAuth()
@Controller('api/v1/incubator/rounds')
export class RoundRankingController {
  constructor(private readonly bus: BusClient) {}

  @Get(':id/ranking')
  @ApiOperation({
    summary: "The ranking by weighted mean score (the round's keepers, auditors and panel)",
    description:
      'Each sheet scores Σ weight × points / Σ weight over its applicable criteria × 10, in hundredths of a point (0–10000); ' +
      'an application ranks by the exact mean of its sheets, highest first; equal means by earlier submission, then by id; ' +
      'unscored ones last. A reviewer never sees an application they have a conflict with, and ranks are numbered without it.',
  })
  @ApiPageResponse(RankingEntryView)
  ranking(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Query() query: RoundRankingQuery,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundRanking, actor, { ...query, roundId });
  }

  @Get(':id/ranking/export')
  @ApiOperation({
    summary: 'The whole ranking as XLSX (default) or CSV, with Chinese headings; conflicts respected as in the ranking',
  })
  @ApiProduces(XLSX_TYPE, 'text/csv')
  @ApiOkResponse({ description: 'the file' })
  async export(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Query() query: RoundRankingExportQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const view = await toStreet(this.bus, IncubatorRoutes.roundRankingExport, actor, { roundId });
    const format = query.format ?? 'xlsx';
    const data = format === 'csv' ? rankingCsv(view) : await rankingXlsx(view);
    void reply
      .header('content-disposition', `attachment; filename="round-${view.round.id}-ranking.${format}"`)
      .header('x-content-type-options', 'nosniff');
    return new StreamableFile(data, {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      length: data.length,
    });
  }
}
