import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CertificateListQuery,
  IncubatorRoutes,
  IssueCertificateCommand,
  RegisterSelfRequest,
  RegisterVolunteerRequest,
  RevealVolunteerCommand,
  VerifyCertificateRequest,
  VolunteerEntriesQuery,
  VolunteerHoursQuery,
  VolunteerIdRequest,
  VolunteerListQuery,
  VolunteerPiiAccessQuery,
  VolunteerRecordQuery,
  type Actor,
  type EmptyRequest,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { HoursReportsService } from '../services/hours-reports.service';
import { VolunteerCertificatesService } from '../services/volunteer-certificates.service';
import { VolunteerHoursService } from '../services/volunteer-hours.service';
import { VolunteerPiiService } from '../services/volunteer-pii.service';
import { VolunteersService } from '../services/volunteers.service';

/** Volunteers: the roll, full reads of their data, their hours, records and certificates. */
@Controller()
export class VolunteerHandlers {
  constructor(
    private readonly volunteers: VolunteersService,
    private readonly pii: VolunteerPiiService,
    private readonly hours: VolunteerHoursService,
    private readonly reports: HoursReportsService,
    private readonly certificates: VolunteerCertificatesService,
  ) {}

  @BusHandler(IncubatorRoutes.volunteerRegister)
  register(@Payload() req: RegisterVolunteerRequest, @CallerActor() actor?: Actor) {
    return this.volunteers.register(req, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerRegisterSelf)
  registerSelf(@Payload() req: RegisterSelfRequest, @CallerActor() actor?: Actor) {
    return this.volunteers.registerSelf(req, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerMine)
  mine(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.volunteers.mine(actor);
  }

  @BusHandler(IncubatorRoutes.volunteerGet)
  get(@Payload() req: VolunteerIdRequest, @CallerActor() actor?: Actor) {
    return this.volunteers.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerList)
  list(@Payload() query: VolunteerListQuery, @CallerActor() actor?: Actor) {
    return this.volunteers.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerReveal)
  reveal(@Payload() cmd: RevealVolunteerCommand, @CallerActor() actor?: Actor) {
    return this.pii.reveal(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerPiiAccess)
  piiAccess(@Payload() query: VolunteerPiiAccessQuery, @CallerActor() actor?: Actor) {
    return this.pii.reads(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerHours)
  hoursOf(@Payload() query: VolunteerHoursQuery, @CallerActor() actor?: Actor) {
    return this.reports.ofVolunteer(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerHoursEntries)
  entries(@Payload() query: VolunteerEntriesQuery, @CallerActor() actor?: Actor) {
    return this.hours.ofVolunteer(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerRecord)
  record(@Payload() query: VolunteerRecordQuery, @CallerActor() actor?: Actor) {
    return this.reports.record(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerCertificateIssue)
  issueCertificate(@Payload() cmd: IssueCertificateCommand, @CallerActor() actor?: Actor) {
    return this.certificates.issue(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerCertificateList)
  certificatesIssued(@Payload() query: CertificateListQuery, @CallerActor() actor?: Actor) {
    return this.certificates.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.volunteerCertificateVerify)
  verifyCertificate(@Payload() req: VerifyCertificateRequest) {
    return this.certificates.verify(req);
  }
}
