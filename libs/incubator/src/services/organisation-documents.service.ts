import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  type Actor,
  type AddOrganisationDocumentCommand,
  type OrganisationDocumentQuery,
  type OrganisationDocumentView,
  type OrganisationGradeRecordView,
  type OrganisationView,
  type Page,
  type RecordGradeCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  Outbox,
  requireActor,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { actsFor, keeps } from '../domain/access';
import { gradeValidUntil } from '../domain/grade';
import { OrganisationRecordStore } from '../persistence/organisation-record.store';
import { documentView, gradeRecordView, type DocumentRow } from '../persistence/organisation-record-views';
import { OrganisationsService } from './organisations.service';

/** An organisation's documents on file and its civil-affairs assessment grades. */
@Injectable()
export class OrganisationDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly records: OrganisationRecordStore,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** A document on file: by its keepers or the organisation's own staff. */
  async add(cmd: AddOrganisationDocumentCommand, actor: Actor | undefined): Promise<OrganisationDocumentView> {
    const a = requireActor(actor);
    const o = await this.organisations.visible(cmd.organisationId, a);
    if (!keeps(a, o.community_path) && !actsFor(a, o.org_path))
      throw forbidden("Only its keepers and its own staff add an organisation's documents", { id: o.id });
    const row: DocumentRow = {
      id: newId(),
      organisation_id: o.id,
      kind: cmd.kind,
      title: cmd.title.trim(),
      reference: cmd.reference.trim(),
      issued_on: cmd.issuedOn,
      added_by_id: a.id,
      added_by_name: a.username ?? null,
      added_at: this.clock.now(),
    };
    await this.records.insertDocument(this.dataSource, row);
    return documentView(row);
  }

  async list(query: OrganisationDocumentQuery, actor: Actor | undefined): Promise<Page<OrganisationDocumentView>> {
    await this.organisations.visible(query.organisationId, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.records.documents(
      { organisationId: query.organisationId, kind: query.kind },
      page,
      pageSize,
    );
    return { items: rows.map(documentView), total, page, pageSize };
  }

  /**
   * Records the grade of the civil-affairs assessment (社会组织评估, for registered organisations),
   * valid five years; the latest assessment is the organisation's grade.
   */
  async recordGrade(cmd: RecordGradeCommand, actor: Actor | undefined): Promise<OrganisationView> {
    const a = requireActor(actor);
    const o = await this.organisations.kept(cmd.id, a);
    if (o.legal_status !== 'registered')
      throw unprocessable('The civil-affairs assessment grades registered organisations (登记) only', {
        field: 'legalStatus',
        legalStatus: o.legal_status,
      });
    const now = this.clock.now();
    if (cmd.assessedOn > shanghaiDay(now))
      throw unprocessable('assessedOn lies in the future', { field: 'assessedOn' });
    const validUntil = gradeValidUntil(cmd.assessedOn);
    try {
      await this.dataSource.transaction(async (m) => {
        await this.records.insertGrade(m, {
          id: newId(),
          organisation_id: o.id,
          grade: cmd.grade,
          assessed_on: cmd.assessedOn,
          valid_until: validUntil,
          reference: cmd.reference?.trim() ?? null,
          by_id: a.id,
          by_name: a.username ?? null,
          at: now,
        });
        await this.outbox.add(m, {
          type: IncubatorEvents.organisationGraded,
          street: o.street_code,
          actor: a,
          occurredAt: now,
          data: {
            organisationId: o.id,
            street: o.street_code,
            communityPath: o.community_path,
            communitiesServed: o.communities_served,
            grade: cmd.grade,
            assessedOn: cmd.assessedOn,
            validUntil,
            by: personOf(a),
            at: now.toISOString(),
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organisation_grade_day'))
        throw conflict(`A grade assessed on ${cmd.assessedOn} is already recorded`, { field: 'assessedOn' });
      throw error;
    }
    return this.organisations.get(o.id, a);
  }

  /** Every grade recorded, latest assessment first, each shown expired or not. */
  async grades(id: string, actor: Actor | undefined): Promise<OrganisationGradeRecordView[]> {
    await this.organisations.visible(id, actor);
    const today = shanghaiDay(this.clock.now());
    return (await this.records.grades(this.dataSource, id)).map((g) => gradeRecordView(g, today));
  }
}
