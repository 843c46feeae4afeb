import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ALL_STREETS,
  CertificateIssueView,
  CertificateListQuery,
  CertificateVerificationView,
  CertificateView,
  HoursEntryView,
  HoursPeriodQuery,
  IncubatorRoutes,
  IssueCertificateRequest,
  RegisterSelfRequest,
  RegisterVolunteerRequest,
  RevealVolunteerRequest,
  VerifyCertificateRequest,
  VOLUNTEER_RECORD_COLUMNS,
  VolunteerEntriesRequest,
  VolunteerHoursView,
  VolunteerListQuery,
  VolunteerPiiAccessEntry,
  VolunteerPiiAccessQuery,
  VolunteerPiiView,
  VolunteerRecordRequest,
  VolunteerView,
  type Actor,
  type VolunteerRecordView,
} from '@gz/contracts';
import { BusClient, csvLine } from '@gz/platform';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Public } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv; charset=utf-8';

/** A record's cells as a person reads them: yes/no in Chinese, nothing for an absent organisation. */
function recordCells(record: VolunteerRecordView): unknown[][] {
  return record.rows.map((row) =>
    VOLUNTEER_RECORD_COLUMNS.map(({ key }) => {
      const v = row[key];
      return typeof v === 'boolean' ? (v ? '是' : '否') : (v ?? '');
    }),
  );
}

/** The record as CSV (UTF-8 with a BOM, so that spreadsheet programs read the Chinese headings). */
export function recordCsv(record: VolunteerRecordView): Buffer {
  const lines = [VOLUNTEER_RECORD_COLUMNS.map((c) => c.heading), ...recordCells(record)].map(csvLine);
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The record as an XLSX workbook, one sheet, the headings in row 1. */
export async function recordXlsx(record: VolunteerRecordView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Gongzhi';
  const sheet = workbook.addWorksheet('志愿服务记录');
  sheet.columns = VOLUNTEER_RECORD_COLUMNS.map((c) => ({
    header: c.heading,
    key: c.key,
    width: c.key === 'content' ? 40 : 16,
  }));
  for (const cells of recordCells(record)) sheet.addRow(cells);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Volunteers (志愿者): the roll, their hours, records and certificates (with the public verification). */
@ApiTags('incubator: volunteers')
@Controller('api/v1/incubator/volunteers')
export class VolunteersController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Enter a volunteer with their consent on record (a team's organisers for their team, or the community's keepers); name, phone and ID number are sealed and answered masked",
  })
  @ApiCreatedResponse({ type: VolunteerView })
  register(@Body() body: RegisterVolunteerRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerRegister, actor, body, body.communityPath);
  }

  @Post('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Register yourself as a volunteer (consent: true); your account is linked to the record' })
  @ApiCreatedResponse({ type: VolunteerView })
  registerSelf(@Body() body: RegisterSelfRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerRegisterSelf, actor, body, body.communityPath);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your own volunteer record' })
  @ApiOkResponse({ type: VolunteerView })
  mine(@CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerMine, actor, {});
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Volunteers, masked: within your scope, on the teams you run, yourself' })
  @ApiPageResponse(VolunteerView)
  list(@Query() query: VolunteerListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerList, actor, query);
  }

  @Get('pii-access')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who read whose data in full, when and why (auditors, district admins)' })
  @ApiPageResponse(VolunteerPiiAccessEntry)
  piiAccess(@Query() query: VolunteerPiiAccessQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerPiiAccess, actor, query);
  }

  @Get('certificates')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Certificates issued, by whom and when (keepers and auditors within their scope)' })
  @ApiPageResponse(CertificateIssueView)
  certificatesIssued(@Query() query: CertificateListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerCertificateList, actor, query);
  }

  @Get('certificates/verify/:code')
  @Public()
  @ApiOperation({
    summary:
      "Verify a certificate's code (no sign-in): what the certificate states, the name masked; a forged or altered code is 404",
  })
  @ApiOkResponse({ type: CertificateVerificationView })
  verify(@Param() params: VerifyCertificateRequest) {
    return this.bus.request(IncubatorRoutes.volunteerCertificateVerify, ALL_STREETS, { code: params.code });
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOkResponse({ type: VolunteerView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerGet, actor, { id });
  }

  @Post(':id/reveal')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The volunteer's name, phone, ID number in full, with a reason (the community's keepers); every read is audited",
  })
  @ApiOkResponse({ type: VolunteerPiiView })
  reveal(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RevealVolunteerRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.volunteerReveal, actor, { ...body, id });
  }

  @Get(':id/hours')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "The volunteer's hours over a period (Asia/Shanghai days, from/to inclusive), per team: exact minutes, hours with one decimal",
  })
  @ApiOkResponse({ type: VolunteerHoursView })
  hours(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: HoursPeriodQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.volunteerHours, actor, { ...query, id });
  }

  @Get(':id/hours/entries')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "The volunteer's hours entries over a period, newest first (history=true: also those replaced)",
  })
  @ApiPageResponse(HoursEntryView)
  entries(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: VolunteerEntriesRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.volunteerHoursEntries, actor, { ...query, id });
  }

  @Get(':id/record')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "The volunteer's record (志愿服务记录) as XLSX or CSV with Chinese headings: the volunteer themself or their community's keepers",
  })
  @ApiProduces(XLSX_TYPE, 'text/csv')
  @ApiOkResponse({ description: 'the file' })
  async record(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: VolunteerRecordRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const record = await toStreet(this.bus, IncubatorRoutes.volunteerRecord, actor, {
      id,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    });
    const csv = query.format === 'csv';
    const data = csv ? recordCsv(record) : await recordXlsx(record);
    void reply
      .header('content-disposition', `attachment; filename="volunteer-record-${id}.${csv ? 'csv' : 'xlsx'}"`)
      .header('x-content-type-options', 'nosniff');
    return new StreamableFile(data, { type: csv ? CSV_TYPE : XLSX_TYPE, length: data.length });
  }

  @Post(':id/certificates')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Issue a certificate of the volunteer’s hours (志愿服务记录证明, free): the volunteer, their keepers, or a team’s organisers for what the team recorded; its issuing is audited',
  })
  @ApiCreatedResponse({ type: CertificateView })
  issueCertificate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: IssueCertificateRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.volunteerCertificateIssue, actor, { ...body, id });
  }
}
