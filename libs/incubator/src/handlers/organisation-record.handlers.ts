import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddContactCommand,
  AddOrganisationDocumentCommand,
  ChangeLegalStatusCommand,
  CommunityCoverageQuery,
  ContactIdRequest,
  ContactListQuery,
  IncubatorPiiAccessQuery,
  IncubatorRoutes,
  OrganisationDocumentQuery,
  OrganisationIdRequest,
  RecordGradeCommand,
  RevealContactCommand,
  UpdateOrganisationCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CommunityCoverageService } from '../services/community-coverage.service';
import { OrganisationContactsService } from '../services/organisation-contacts.service';
import { OrganisationDocumentsService } from '../services/organisation-documents.service';
import { OrganisationEditsService } from '../services/organisation-edits.service';

/** Organisations' records: edits, legal status, documents, grades, contacts and reads of them, coverage of communities. */
@Controller()
export class OrganisationRecordHandlers {
  constructor(
    private readonly edits: OrganisationEditsService,
    private readonly documents: OrganisationDocumentsService,
    private readonly contacts: OrganisationContactsService,
    private readonly coverage: CommunityCoverageService,
  ) {}

  @BusHandler(IncubatorRoutes.organisationUpdate)
  update(@Payload() cmd: UpdateOrganisationCommand, @CallerActor() actor?: Actor) {
    return this.edits.update(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.organisationStatusChange)
  changeStatus(@Payload() cmd: ChangeLegalStatusCommand, @CallerActor() actor?: Actor) {
    return this.edits.changeStatus(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.organisationStatusHistory)
  statusHistory(@Payload() req: OrganisationIdRequest, @CallerActor() actor?: Actor) {
    return this.edits.statusHistory(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.organisationDocumentAdd)
  addDocument(@Payload() cmd: AddOrganisationDocumentCommand, @CallerActor() actor?: Actor) {
    return this.documents.add(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.organisationDocumentList)
  listDocuments(@Payload() query: OrganisationDocumentQuery, @CallerActor() actor?: Actor) {
    return this.documents.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.organisationGradeRecord)
  recordGrade(@Payload() cmd: RecordGradeCommand, @CallerActor() actor?: Actor) {
    return this.documents.recordGrade(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.organisationGradeHistory)
  grades(@Payload() req: OrganisationIdRequest, @CallerActor() actor?: Actor) {
    return this.documents.grades(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.contactAdd)
  addContact(@Payload() cmd: AddContactCommand, @CallerActor() actor?: Actor) {
    return this.contacts.add(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.contactList)
  listContacts(@Payload() query: ContactListQuery, @CallerActor() actor?: Actor) {
    return this.contacts.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.contactRemove)
  removeContact(@Payload() req: ContactIdRequest, @CallerActor() actor?: Actor) {
    return this.contacts.remove(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.contactReveal)
  reveal(@Payload() cmd: RevealContactCommand, @CallerActor() actor?: Actor) {
    return this.contacts.reveal(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.piiAccessList)
  piiAccess(@Payload() query: IncubatorPiiAccessQuery, @CallerActor() actor?: Actor) {
    return this.contacts.piiAccess(query, actor);
  }

  @BusHandler(IncubatorRoutes.communityCoverage)
  communityCoverage(@Payload() query: CommunityCoverageQuery, @CallerActor() actor?: Actor) {
    return this.coverage.list(query, actor);
  }
}
