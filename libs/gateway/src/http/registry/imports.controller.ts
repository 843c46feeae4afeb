import { PassThrough } from 'node:stream';
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  HTTP_IMPORT_MAX_ROWS,
  IMPORT_MODES,
  pathAtDepth,
  ImportJobView,
  RegistryRoutes,
  streetOfPath,
  type Actor,
  type ExportPage,
  type ImportMode,
} from '@gz/contracts';
import { BusClient, invalid, readSpreadsheet, unprocessable } from '@gz/platform';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { CurrentActor } from '../../auth/auth';
import { streetOf } from '../street';

/**
 * An upload of up to HTTP_IMPORT_MAX_ROWS rows writes its rows and their per-person events in
 * batches: seconds, not the milliseconds of other requests, so it gets a timeout of its own.
 */
const IMPORT_TIMEOUT_MS = 60_000;

const COLUMNS_DOC = `One row per person; the first row holds the headers (Chinese or English, case, spaces, _ and - ignored):

| 中文表头 | English | required | meaning |
|---|---|---|---|
| 网格 | gridPath | yes | grid path, e.g. d01.s01.c01.g01: a grid of the org tree, within your scope |
| 地址 | address | yes | building address; the building is found or created by grid + address |
| 楼栋名称 | buildingName | | name of a new building |
| 单元数 / 楼层数 | units / floors | | of a new building (default 1) |
| 门牌号 | doorNumber | yes | the household is found or created by building + door |
| 户类型 | householdType | | 家庭户/集体户/出租户/空置 (family/collective/rental/vacant), default family |
| 姓名 | name | yes | |
| 性别 | gender | without 身份证号 | 男/女 (male/female) |
| 出生日期 | birthDate | without 身份证号 | YYYY-MM-DD |
| 民族 | ethnicity | | default 汉族 |
| 身份证号 | idNumber | | 18 characters, GB 11643; the key of re-import |
| 电话 | phone | | |
| 居住类型 | residenceType | yes | 户籍/常住/流动/境外 (registered/resident/floating/foreign) |
| 工作单位 | employer | | |
| 与户主关系 | relation | | 户主/配偶/子女/父母/... (head/spouse/child/parent/...), default other |
| 标签 | tags | | 独居老人;残疾人;低保;留守儿童;退役军人;老党员;帮扶对象, or tags your district defined (code or name) |

Mode \`all-or-nothing\` (default): any wrong row rejects the whole file (422 with the report, nothing written).
Mode \`valid-rows\`: the valid rows are imported, the report lists the others. A person already registered
(same identity number, through the blind index; without one: same name and birth date in the same household)
is left unchanged, so importing the same file again changes nothing. The upload runs synchronously (at most
${HTTP_IMPORT_MAX_ROWS} rows, a few seconds); larger files go through \`gz import-registry\`, whose progress
\`GET /api/v1/registry/imports/{id}\` shows.`;

const isImportMode = (mode: string): mode is ImportMode => (IMPORT_MODES as readonly string[]).includes(mode);

const EXPORT_HEADER = ['网格', '地址', '门牌号', '姓名', '性别', '出生日期', '民族', '身份证号', '电话', '居住类型', '工作单位', '与户主关系', '标签'];

@ApiTags('registry: import and export')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class RegistryImportsController {
  constructor(private readonly bus: BusClient) {}

  @Post('imports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Import households and persons from CSV or XLSX (multipart: file, mode)', description: COLUMNS_DOC })
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'mode', required: false, enum: IMPORT_MODES, description: 'the mode, when the form has no mode part' })
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, mode: { type: 'string', enum: [...IMPORT_MODES] } },
      required: ['file'],
    },
  })
  @ApiOkResponse({ type: ImportJobView, description: '201 with the report; 422 (details.import) when all-or-nothing rejected the file' })
  async upload(@Req() req: FastifyRequest, @Query('mode') queryMode: string | undefined, @CurrentActor() actor: Actor): Promise<ImportJobView> {
    if (!req.isMultipart()) throw invalid('Send the file as multipart/form-data with a part named file', { fields: { file: ['missing'] } });
    const part = await req.file();
    if (!part || part.fieldname !== 'file') throw invalid('Send the file in a part named file', { fields: { file: ['missing'] } });
    const data = await part.toBuffer();
    const field = (part.fields as Record<string, { value?: unknown } | undefined>).mode?.value;
    const mode = (typeof field === 'string' ? field : queryMode) ?? 'all-or-nothing';
    if (!isImportMode(mode)) throw invalid('The request is not valid', { fields: { mode: ['all-or-nothing or valid-rows'] } });
    const cells = await readSpreadsheet(data, part.filename ?? 'upload');
    // the parsed cells travel as one bus message (NATS carries at most 1 MiB by default)
    if (cells.length - 1 > HTTP_IMPORT_MAX_ROWS || Buffer.byteLength(JSON.stringify(cells)) > 900_000) {
      throw unprocessable(`At most ${HTTP_IMPORT_MAX_ROWS} rows per upload; import larger files with gz import-registry`, { field: 'file', rows: cells.length - 1 });
    }
    const streets = new Set(cells.slice(1).map((r) => r.find((c) => /^[a-z][\w-]*\.s\d{2,3}\./.test(c)) ?? '').map((p) => streetOfPath(p)));
    const street = streets.size === 1 ? [...streets][0] : streetOf(actor);
    const job = await this.bus.request(RegistryRoutes.importRun, street, { fileName: part.filename ?? 'upload', mode, cells }, { actor, timeoutMs: IMPORT_TIMEOUT_MS });
    if (job.status === 'rejected') throw unprocessable(`The file has ${job.problems.length} problem(s); nothing was imported`, { import: job });
    return job;
  }

  @Get('imports/:id')
  @ApiOperation({ summary: 'An import: status, progress (processed / total) and its row-by-row report' })
  @ApiOkResponse({ type: ImportJobView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(RegistryRoutes.importGet, streetOf(actor), { id }, { actor });
  }

  @Get('export')
  @ApiOperation({ summary: 'Export the persons of a scope to XLSX (streamed), identity numbers and phones masked' })
  @ApiQuery({ name: 'path', type: String, example: 'd01.s01.c01', description: 'the scope to export, within yours' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@Query('path') path: string | undefined, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    if (!path || !/^[a-z][\w-]*(\.[a-z][\w-]*){0,3}$/.test(path)) throw invalid('The request is not valid', { fields: { path: ['a scope path such as d01.s01.c01'] } });
    const street = streetOf(actor, pathAtDepth(path, 2) ? path : undefined);
    const page = (after: string | null) => this.bus.request(RegistryRoutes.exportPage, street, { path, after: after ?? undefined, limit: 2000 }, { actor });
    const first = await page(null); // scope errors surface before any byte is sent
    const out = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = wb.addWorksheet('人口');
    void (async () => {
      sheet.addRow(EXPORT_HEADER).commit();
      let current: ExportPage = first;
      for (;;) {
        for (const r of current.rows) {
          sheet
            .addRow([r.gridPath, r.address, r.doorNumber, r.name, r.gender === 'male' ? '男' : '女', r.birthDate, r.ethnicity, r.idNumberMasked, r.phoneMasked, r.residenceType, r.employer, r.relation, r.tags.join(';')])
            .commit();
        }
        if (!current.next) break;
        current = await page(current.next);
      }
      sheet.commit();
      await wb.commit();
    })().catch((error) => out.destroy(error as Error));
    return new StreamableFile(out, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="registry-${path}.xlsx"`,
    });
  }
}
