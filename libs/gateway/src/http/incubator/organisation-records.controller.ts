import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AddContactRequest,
  ChangeLegalStatusRequest,
  CommunityCoverageQuery,
  CommunityCoverageView,
  DocumentListQuery,
  ContactListQuery,
  ContactPhoneView,
  ContactView,
  IncubatorPiiAccessEntry,
  IncubatorPiiAccessQuery,
  IncubatorRoutes,
  OrganisationDocumentInput,
  OrganisationDocumentView,
  OrganisationGradeRecordView,
  OrganisationStatusChangeView,
  OrganisationView,
  PageQuery,
  RecordGradeRequest,
  RevealContactRequest,
  UpdateOrganisationRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** An organisation's record: edits, legal status, documents, grade, contacts; reads of personal data; coverage of communities. */
@ApiTags('incubator: organisations')
@ApiBearerAuth()
@Controller('api/v1/incubator')
export class OrganisationRecordsController {
  constructor(private readonly bus: BusClient) {}

  @Patch('organisations/:id')
  @ApiOperation({
    summary:
      'Edit the record: name, fields, communities served, purpose, org unit, at the version you read (its keepers)',
  })
  @ApiOkResponse({ type: OrganisationView })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateOrganisationRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.organisationUpdate, actor, { ...body, id });
  }

  @Post('organisations/:id/status')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Change the legal status upwards (informal → filed 备案 → registered 登记, with the credit code), resting on a document (its keepers)',
  })
  @ApiOkResponse({ type: OrganisationView })
  changeStatus(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeLegalStatusRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.organisationStatusChange, actor, { ...body, id });
  }

  @Get('organisations/:id/status-history')
  @ApiOperation({ summary: 'Every change of legal status in order: from, to, the document, who, when' })
  @ApiOkResponse({ type: [OrganisationStatusChangeView] })
  statusHistory(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.organisationStatusHistory, actor, { id });
  }

  @Post('organisations/:id/documents')
  @ApiOperation({
    summary: "Put a document on file: charter, certificate, receipt, report (keepers, the organisation's staff)",
  })
  @ApiCreatedResponse({ type: OrganisationDocumentView })
  addDocument(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: OrganisationDocumentInput,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.organisationDocumentAdd, actor, { ...body, organisationId: id });
  }

  @Get('organisations/:id/documents')
  @ApiOperation({ summary: "The organisation's documents on file" })
  @ApiPageResponse(OrganisationDocumentView)
  documents(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DocumentListQuery,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.organisationDocumentList, actor, { ...query, organisationId: id });
  }

  @Post('organisations/:id/grades')
  @ApiOperation({
    summary:
      'Record the civil-affairs assessment grade 1A–5A of a registered organisation, valid five years (its keepers)',
  })
  @ApiCreatedResponse({ type: OrganisationView })
  recordGrade(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordGradeRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.organisationGradeRecord, actor, { ...body, id });
  }

  @Get('organisations/:id/grades')
  @ApiOperation({ summary: 'Every grade recorded, latest assessment first, each shown expired or not' })
  @ApiOkResponse({ type: [OrganisationGradeRecordView] })
  grades(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.organisationGradeHistory, actor, { id });
  }

  @Post('organisations/:id/contacts')
  @ApiOperation({
    summary: "Add a contact; the phone is stored encrypted and answered masked (keepers, the organisation's staff)",
  })
  @ApiCreatedResponse({ type: ContactView })
  addContact(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddContactRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.contactAdd, actor, { ...body, organisationId: id });
  }

  @Get('organisations/:id/contacts')
  @ApiOperation({ summary: "The organisation's contacts, phones masked" })
  @ApiPageResponse(ContactView)
  contacts(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const req: ContactListQuery = { ...query, organisationId: id };
    return toStreet(this.bus, IncubatorRoutes.contactList, actor, req);
  }

  @Delete('contacts/:id')
  @ApiOperation({ summary: "Remove a contact (keepers, the organisation's staff)" })
  @ApiOkResponse({ type: ContactView })
  removeContact(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.contactRemove, actor, { id });
  }

  @Post('contacts/:id/reveal')
  @HttpCode(200)
  @ApiOperation({
    summary: "A contact's full phone, with a reason (the organisation's keepers); every such read is audited",
  })
  @ApiOkResponse({ type: ContactPhoneView })
  reveal(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RevealContactRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.contactReveal, actor, { ...body, id });
  }

  @Get('pii-access')
  @ApiOperation({ summary: 'Who read which personal data in full, when and why (auditors, district admins)' })
  @ApiPageResponse(IncubatorPiiAccessEntry)
  piiAccess(@Query() query: IncubatorPiiAccessQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.piiAccessList, actor, query);
  }

  @Get('coverage/communities')
  @ApiOperation({
    summary: 'Per community: organisations serving it against the target (ORGS_PER_COMMUNITY_TARGET) and the shortfall',
  })
  @ApiPageResponse(CommunityCoverageView)
  coverage(@Query() query: CommunityCoverageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.communityCoverage, actor, query, query.within);
  }
}
