import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  EvaluationRoutes,
  RankingExportQuery,
  ScorecardExportQuery,
  type ExportFormat,
  UNIT_KIND_LABELS,
  type Actor,
  type IndicatorView,
  type RankingView,
  type ScorecardView,
} from '@gz/contracts';
import { BusClient, csvLine } from '@gz/platform';
import ExcelJS from 'exceljs';
import { CurrentActor } from '../../auth/auth';
import { districtOf, toEvaluation } from './evaluation-street';

type Format = ExportFormat;
type Table = { name: string; rows: unknown[][] };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The definitions used, as a sheet: what each indicator counts, in words. */
function definitions(codes: string[], indicators: IndicatorView[]): Table {
  const rows: unknown[][] = [['指标代码', '版本', '指标名称', '说明', '计算规则', '越高越好', '单位']];
  for (const code of codes) {
    const d = [...indicators].reverse().find((i) => i.code === code);
    if (d) rows.push([d.code, d.version, d.name, d.description, d.ruleText, d.higherIsBetter ? '是' : '否', d.unit]);
  }
  return { name: '指标定义', rows };
}

function scorecardTables(c: ScorecardView, indicators: IndicatorView[]): Table[] {
  const line = (l: ScorecardView['lines'][number]) => [
    l.indicator,
    l.name,
    l.weight,
    l.numerator ?? '',
    l.denominator ?? '',
    l.value?.shown ?? '不适用',
    l.points ?? '',
    l.explanation,
  ];
  const rows: unknown[][] = [
    ['单位类型', UNIT_KIND_LABELS[c.unitKind]],
    ['单位', c.unit],
    ['单位名称', c.unitName ?? ''],
    ['考核期', `${c.period.label}（${c.period.from}至${c.period.to}）`],
    ['考核方案', `${c.scheme} 第${c.schemeVersion}版（满分${c.total}）`],
    ['得分', c.score ?? '不适用'],
    ['等级', c.grade ?? ''],
    ['一票否决', c.veto ? c.veto.reason : '无'],
    ['定义哈希', c.definitionsHash],
    ['事件历史位置', c.historyPosition],
    ['说明', c.explanation],
    [],
    ['指标代码', '指标名称', '权重', '分子', '分母', '指标值', '得分', '说明'],
    ...c.lines.map(line),
    ...c.notApplicable.map(line),
  ];
  return [
    { name: '考核结果', rows },
    definitions(
      [...c.lines, ...c.notApplicable].map((l) => l.indicator),
      indicators,
    ),
  ];
}

function rankingTables(r: RankingView, indicators: IndicatorView[], codes: string[]): Table[] {
  const rows: unknown[][] = [
    ['考核期', `${r.period.label}（${r.period.from}至${r.period.to}）`],
    ['考核方案', `${r.scheme} 第${r.schemeVersion}版`],
    ['定义哈希', r.definitionsHash],
    ['事件历史位置', r.historyPosition],
    [],
    ['排名', UNIT_KIND_LABELS[r.unitKind], '名称', '得分', '等级', '一票否决'],
    ...r.ranked.map((u) => [u.rank, u.unit, r.unitNames[u.unit] ?? '', u.score, u.grade ?? '', u.vetoed ? '是' : '']),
    ...r.nothingDue.map((u) => ['无应考核事项（不排名）', u, r.unitNames[u] ?? '', '', '', '']),
  ];
  return [{ name: '排名', rows }, definitions(codes, indicators)];
}

async function file(tables: Table[], format: Format, name: string): Promise<StreamableFile> {
  if (format === 'csv') {
    // one CSV holds the first table and then the definitions, a blank line between; UTF-8 with a BOM for spreadsheet programs
    const text = `\ufeff${tables.map((t) => t.rows.map(csvLine).join('\r\n')).join('\r\n\r\n')}\r\n`;
    return new StreamableFile(Buffer.from(text, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${name}.csv"`,
    });
  }
  const wb = new ExcelJS.Workbook();
  for (const t of tables) wb.addWorksheet(t.name).addRows(t.rows);
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return new StreamableFile(data, { type: XLSX, disposition: `attachment; filename="${name}.xlsx"` });
}

/** Scorecards and rankings as XLSX or CSV, in Chinese, with the definitions they used. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation/exports')
export class EvaluationExportsController {
  constructor(private readonly bus: BusClient) {}

  @Get('scorecard')
  @ApiOperation({ summary: 'A scorecard as XLSX (two sheets: 考核结果, 指标定义) or CSV' })
  @ApiProduces(XLSX, 'text/csv')
  async scorecard(@Query() query: ScorecardExportQuery, @CurrentActor() actor: Actor) {
    const { format, ...q } = query;
    const district = districtOf(actor);
    const card = await toEvaluation(this.bus, EvaluationRoutes.scorecard, actor, { ...q, district });
    const indicators = await toEvaluation(this.bus, EvaluationRoutes.indicatorList, actor, { district });
    return file(scorecardTables(card, indicators), format ?? 'xlsx', `scorecard-${card.unit}-${card.period.label}`);
  }

  @Get('ranking')
  @ApiOperation({ summary: 'A ranking as XLSX (two sheets: 排名, 指标定义) or CSV' })
  @ApiProduces(XLSX, 'text/csv')
  async ranking(@Query() query: RankingExportQuery, @CurrentActor() actor: Actor) {
    const { format, ...q } = query;
    const district = districtOf(actor);
    const ranking = await toEvaluation(this.bus, EvaluationRoutes.ranking, actor, { ...q, district });
    const [indicators, scheme] = await Promise.all([
      toEvaluation(this.bus, EvaluationRoutes.indicatorList, actor, { district }),
      toEvaluation(this.bus, EvaluationRoutes.schemeGet, actor, {
        district,
        code: ranking.scheme,
        version: ranking.schemeVersion,
      }),
    ]);
    return file(
      rankingTables(
        ranking,
        indicators,
        scheme.items.map((i) => i.indicator),
      ),
      format ?? 'xlsx',
      `ranking-${ranking.unitKind}-${ranking.period.label}`,
    );
  }
}
