import { Controller, Get, HttpCode, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  DispatchRoutes,
  RESPONSIBILITY_COLUMNS,
  RESPONSIBILITY_IMPORT_MAX_ROWS,
  ResponsibilityImportQuery,
  ResponsibilityImportReport,
  ResponsibilityQuery,
  type Actor,
  type DepartmentRef,
  type ResponsibilityImportCommand,
  type ResponsibilityListView,
  type ResponsibilitySheetRow,
} from '@gz/contracts';
import { BusClient, invalid, loadWorkbook, rowText, unprocessable } from '@gz/platform';
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor } from '../../auth/auth';
import { streetOf } from '../street';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_COLUMNS = 20;

const department = (d: DepartmentRef) => `${d.name} (${d.path})`;

/** The parsed sheet travels as one bus message: NATS carries at most 1 MiB by default. */
const MAX_SHEET_BYTES = 900_000;

/** The first worksheet as text: the heading row and the data rows with their row numbers. */
export async function readSheet(data: Buffer): Promise<{ header: string[]; rows: ResponsibilitySheetRow[] }> {
  const sheet = (await loadWorkbook(data)).worksheets[0];
  if (!sheet) throw unprocessable('The workbook has no worksheet', { field: 'file' });
  const width = Math.min(sheet.columnCount, MAX_COLUMNS);
  // every row as wide as the sheet, so that a cell's index is its column
  const text = (row: ExcelJS.Row) => {
    const cells = rowText(row);
    return Array.from({ length: width }, (_, i) => (cells[i] ?? '').trim());
  };
  const header = text(sheet.getRow(1));
  const rows: ResponsibilitySheetRow[] = [];
  // Only the rows the file holds: a cell far down (row 1048576) must not make a million empty rows.
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const cells = text(row);
    if (cells.every((c) => c === '')) return;
    if (rows.length === RESPONSIBILITY_IMPORT_MAX_ROWS)
      throw unprocessable(`At most ${RESPONSIBILITY_IMPORT_MAX_ROWS} rows in one file`, { field: 'file' });
    rows.push({ row: n, cells });
  });
  if (Buffer.byteLength(JSON.stringify({ header, rows })) > MAX_SHEET_BYTES)
    throw unprocessable('The sheet holds too much text for one import: split the file', { field: 'file' });
  return { header, rows };
}

/** A responsibility list as a workbook with the columns the import reads. */
export async function writeSheet(list: ResponsibilityListView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Gongzhi';
  const sheet = workbook.addWorksheet(`${list.street} v${list.version}`);
  sheet.columns = RESPONSIBILITY_COLUMNS.map((c) => ({
    header: c.heading,
    key: c.key,
    width: c.key === 'co' ? 48 : 28,
  }));
  for (const r of list.rules)
    sheet.addRow({
      street: list.street,
      category: r.category,
      orgPath: r.orgPath,
      lead: department(r.lead),
      co: r.co.map(department).join(', '),
    });
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Responsibility lists (责任清单) as spreadsheets. The gateway reads and writes the XLSX; the
 * dispatch service checks the rows and publishes (only text crosses the bus).
 */
@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1/responsibility-lists')
export class ResponsibilityXlsxController {
  constructor(private readonly bus: BusClient) {}

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import responsibility lists from an XLSX file (multipart, field `file`; street and district admins)',
    description:
      'Columns (heading row 1, any order): 街道 (street), 类别代码 (category), 区域 (org path, default the street), ' +
      '牵头部门 (lead: `名称 (path)`), 协办部门 (co-departments, comma separated). Every street in the file gets a ' +
      'new version of its list holding exactly its rows. Any bad row rejects the file with 422 and the row report ' +
      '(details.report), unless mode=valid-rows; dryRun=true only checks.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  })
  @ApiOkResponse({ type: ResponsibilityImportReport })
  async import(
    @Req() req: FastifyRequest,
    @Query() query: ResponsibilityImportQuery,
    @CurrentActor() actor: Actor,
  ): Promise<ResponsibilityImportReport> {
    if (!req.isMultipart())
      throw invalid('Send the XLSX as multipart/form-data with a part named file', { fields: { file: ['missing'] } });
    const part = await req.file();
    if (!part || part.fieldname !== 'file')
      throw invalid('Send the XLSX in a part named file', { fields: { file: ['missing'] } });
    const data = await part.toBuffer();
    if (data.length === 0) throw invalid('Send the XLSX in a part named file', { fields: { file: ['missing'] } });
    const sheet = await readSheet(data);
    const cmd: ResponsibilityImportCommand = {
      dryRun: query.dryRun === 'true',
      mode: query.mode ?? 'all-or-nothing',
      ...sheet,
    };
    return this.bus.request(DispatchRoutes.responsibilityImport, streetOf(actor), cmd, {
      actor,
    });
  }

  @Get('export')
  @ApiOperation({ summary: 'The responsibility list in force for a street, as an XLSX file the import reads back' })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'the workbook' })
  async export(
    @Query() query: ResponsibilityQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const list = await this.bus.request(DispatchRoutes.responsibilityGet, query.street, query, {
      actor,
    });
    const data = await writeSheet(list);
    void reply
      .header('content-disposition', `attachment; filename="responsibility-${list.street}-v${list.version}.xlsx"`)
      .header('x-content-type-options', 'nosniff');
    return new StreamableFile(data, { type: XLSX_TYPE, length: data.length });
  }
}
