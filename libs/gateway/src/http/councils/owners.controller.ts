import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  CouncilsRoutes,
  CreateOwnerRequest,
  LinkCodeView,
  LinkOwnerRequest,
  MyOwnershipsView,
  OWNER_IMPORT_MAX_ROWS,
  OWNER_IMPORT_MODES,
  OWNER_ROLL_COLUMNS,
  OwnerChangeView,
  OwnerPhoneView,
  OwnerPiiAccessEntry,
  OwnerPiiAccessQuery,
  OwnerRollImportReport,
  OwnerView,
  PageQuery,
  RedeemLinkCodeCommand,
  RevealOwnerPhoneRequest,
  UpdateOwnerRequest,
  type Actor,
  type OwnerImportMode,
} from '@gz/contracts';
import { BusClient, invalid, readSpreadsheet, unprocessable } from '@gz/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** An upload of up to OWNER_IMPORT_MAX_ROWS rows takes seconds: its own timeout. */
const IMPORT_TIMEOUT_MS = 60_000;

const COLUMNS_DOC =
  'One row per owner and unit (an owner of two units: two rows; joint owners of a unit: a row each); headings in row 1, ' +
  'Chinese or English, any order: ' +
  OWNER_ROLL_COLUMNS.map((c) => `${c.heading} (${c.aliases[0]})${c.required ? ' required' : ''}`).join(', ') +
  '. Areas in m² (two decimals at most); a new unit needs one of them. 开发商 是/否 marks the developer (its units are unsold). ' +
  'Owners are matched by name and phone, so importing the same file again changes nothing. all-or-nothing (default): any refused ' +
  `row rejects the file (422, the report in details.import); valid-rows imports the valid rows. At most ${OWNER_IMPORT_MAX_ROWS} rows.`;

const isMode = (mode: string): mode is OwnerImportMode => (OWNER_IMPORT_MODES as readonly string[]).includes(mode);

/** The owners' roll (业主名册) of a compound. */
@ApiTags('councils: owners')
@ApiBearerAuth()
@Controller('api/v1/councils')
export class OwnersController {
  constructor(private readonly bus: BusClient) {}

  @Post('compounds/:id/owners')
  @ApiOperation({
    summary: 'Add an owner with the units they hold (community secretaries, street and district admins)',
  })
  @ApiCreatedResponse({ type: OwnerView })
  create(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateOwnerRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerCreate, actor, { ...body, compoundId: id });
  }

  @Get('compounds/:id/owners')
  @ApiOperation({ summary: "The compound's owners' roll, phones masked (its keepers and its owners' committee)" })
  @ApiPageResponse(OwnerView)
  list(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerList, actor, { ...query, compoundId: id });
  }

  @Post('compounds/:id/owners/import')
  @HttpCode(201)
  @ApiOperation({
    summary: "Import the owners' roll from CSV or XLSX (multipart: file, mode)",
    description: COLUMNS_DOC,
  })
  @ApiConsumes('multipart/form-data')
  @ApiQuery({
    name: 'mode',
    required: false,
    enum: OWNER_IMPORT_MODES,
    description: 'the mode, when the form has no mode part',
  })
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        mode: { type: 'string', enum: [...OWNER_IMPORT_MODES] },
      },
      required: ['file'],
    },
  })
  @ApiCreatedResponse({
    type: OwnerRollImportReport,
    description: '201 with the report; 422 (details.import) when all-or-nothing rejected the file',
  })
  async import(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Query('mode') queryMode: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<OwnerRollImportReport> {
    if (!req.isMultipart())
      throw invalid('Send the file as multipart/form-data with a part named file', { fields: { file: ['missing'] } });
    const part = await req.file();
    if (!part || part.fieldname !== 'file')
      throw invalid('Send the file in a part named file', { fields: { file: ['missing'] } });
    const data = await part.toBuffer();
    const field = (part.fields as Record<string, { value?: unknown } | undefined>).mode?.value;
    const mode = (typeof field === 'string' ? field : queryMode) ?? 'all-or-nothing';
    if (!isMode(mode))
      throw invalid('The request is not valid', { fields: { mode: ['all-or-nothing or valid-rows'] } });
    const cells = await readSpreadsheet(data, part.filename ?? 'upload');
    // the parsed cells travel as one bus message (NATS carries at most 1 MiB by default)
    if (cells.length - 1 > OWNER_IMPORT_MAX_ROWS || Buffer.byteLength(JSON.stringify(cells)) > 900_000)
      throw unprocessable(`At most ${OWNER_IMPORT_MAX_ROWS} rows per upload`, {
        field: 'file',
        rows: cells.length - 1,
      });
    const report = await toStreet(
      this.bus,
      CouncilsRoutes.ownerRollImport,
      actor,
      { compoundId: id, mode, cells },
      undefined,
      IMPORT_TIMEOUT_MS,
    );
    if (report.status === 'rejected')
      throw unprocessable(`The file has ${report.problems.length} problem(s); nothing was imported`, {
        import: report,
      });
    return report;
  }

  @Get('owners/:id')
  @ApiOkResponse({ type: OwnerView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerGet, actor, { id });
  }

  @Patch('owners/:id')
  @ApiOperation({
    summary: "Edit an owner: name, phone, the units they hold (each change goes into the owner's history)",
  })
  @ApiOkResponse({ type: OwnerView })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateOwnerRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerUpdate, actor, { ...body, id });
  }

  @Get('owners/:id/changes')
  @ApiOperation({ summary: "The owner's history: added, imported, updated, linked, field by field (phones masked)" })
  @ApiOkResponse({ type: [OwnerChangeView] })
  changes(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerChanges, actor, { id });
  }

  @Post('owners/:id/reveal')
  @HttpCode(200)
  @ApiOperation({ summary: "The owner's full phone, with a reason (the roll's keepers); every such read is audited" })
  @ApiOkResponse({ type: OwnerPhoneView })
  reveal(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RevealOwnerPhoneRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, CouncilsRoutes.ownerReveal, actor, { ...body, id });
  }

  @Post('owners/:id/link')
  @HttpCode(200)
  @ApiOperation({
    summary: "Link the owner to a resident's account (community secretaries, street and district admins)",
  })
  @ApiOkResponse({ type: OwnerView })
  link(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: LinkOwnerRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerLink, actor, { ...body, id });
  }

  @Post('owners/:id/link-code')
  @ApiOperation({
    summary: 'Issue a one-time code the owner redeems signed in (shown once; a new code replaces the last)',
  })
  @ApiCreatedResponse({ type: LinkCodeView })
  linkCode(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerLinkCode, actor, { id });
  }

  @Post('ownership/redeem')
  @HttpCode(200)
  @ApiOperation({ summary: "Redeem a code from your community: your account becomes that owner's" })
  @ApiOkResponse({ type: OwnerView })
  redeem(@Body() body: RedeemLinkCodeCommand, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.ownerRedeem, actor, body);
  }

  @Get('pii-access')
  @ApiOperation({ summary: 'Who read whose full phone, when and why (auditors, district admins)' })
  @ApiPageResponse(OwnerPiiAccessEntry)
  piiAccess(@Query() query: OwnerPiiAccessQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.piiAccess, actor, query);
  }

  @Get('ownership/mine')
  @ApiOperation({ summary: 'Your own ownership: per compound, the units you hold' })
  @ApiOkResponse({ type: MyOwnershipsView })
  mine(@CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.mine, actor, {});
  }
}
