import { Injectable } from '@nestjs/common';
import {
  FIRST_REVIEW_WORKING_DAYS,
  IncubatorEvents,
  personOf,
  type Actor,
  type ApplyForIncubationCommand,
  type IncubationListQuery,
  type IncubationView,
  type MoveIncubationStageCommand,
  type Page,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  Outbox,
  requireActor,
  unprocessable,
  WorkingCalendar,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { actsFor, keeps, listingScopes, reads } from '../domain/access';
import { allowedNextStages, mayMove, stageMoveProblem } from '../domain/incubation-stages';
import { CapacityAssessmentStore } from '../persistence/capacity-assessment.store';
import { IncubationStore } from '../persistence/incubation.store';
import { incubationView, type IncubationDetailRow, type IncubationRow } from '../persistence/incubation-views';
import { OrganisationStore } from '../persistence/organisation.store';
import { ParksService } from './parks.service';

/**
 * Organisations' incubation in a park: the application, whose first review is due within five
 * working days, then one stage at a time to graduation, or leaving with a reason; every stage
 * entered is kept with who and when.
 */
@Injectable()
export class IncubationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incubations: IncubationStore,
    private readonly assessments: CapacityAssessmentStore,
    private readonly organisations: OrganisationStore,
    private readonly parks: ParksService,
    private readonly calendar: WorkingCalendar,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** An organisation applies to a park of its street: its own staff, its keepers or the park's. */
  async apply(cmd: ApplyForIncubationCommand, actor: Actor | undefined): Promise<IncubationView> {
    const a = requireActor(actor);
    const park = await this.parks.require(cmd.parkId);
    const o = await this.organisations.get(this.dataSource, cmd.organisationId);
    if (!o) throw notFound('organisation', { id: cmd.organisationId });
    if (!actsFor(a, o.org_path) && !keeps(a, o.community_path) && !keeps(a, park.path))
      throw forbidden('Only the organisation, its keepers or the park apply for it', { id: o.id });
    if (o.street_code !== park.street_code)
      throw unprocessable(`The park takes organisations of its street (${park.street_code})`, {
        field: 'organisationId',
      });
    const now = this.clock.now();
    const row: IncubationRow = {
      id: newId(),
      park_id: park.id,
      organisation_id: o.id,
      stage: 'applied',
      street_code: park.street_code,
      park_path: park.path,
      applied_at: now,
      first_review_due_at: this.calendar.deadlineAfter(now, FIRST_REVIEW_WORKING_DAYS),
      first_reviewed_at: null,
      left_reason: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.dataSource.transaction(async (m) => {
        await this.incubations.insert(m, row);
        await this.incubations.enter(m, {
          incubationId: row.id,
          stage: 'applied',
          from: null,
          reason: null,
          note: cmd.note?.trim() ?? null,
          byId: a.id,
          byName: a.username ?? null,
          at: now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'incubation_active'))
        throw conflict('The organisation is in incubation already; it applies again once it graduated or left', {
          field: 'organisationId',
        });
      throw error;
    }
    return this.view(row.id);
  }

  /**
   * Moves an incubation to its next stage or out (left): the park's keepers; the organisation's
   * own staff may withdraw it. 409 names the stages it may go to; the rules of a stage are 422.
   */
  async move(cmd: MoveIncubationStageCommand, actor: Actor | undefined): Promise<IncubationView> {
    const a = requireActor(actor);
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      const i = await this.incubations.lock(m, cmd.id);
      if (!i) throw notFound('incubation', { id: cmd.id });
      const withdrawing = cmd.stage === 'left' && cmd.reason === 'withdrew' && actsFor(a, i.org_path);
      if (!keeps(a, i.park_path) && !withdrawing)
        throw forbidden("Only the park's keepers move an incubation (its organisation may withdraw)", { id: i.id });
      if (!mayMove(i.stage, cmd.stage)) {
        const allowed = allowedNextStages(i.stage);
        throw conflict(
          allowed.length
            ? `The incubation is ${i.stage}; it may move to ${allowed.join(' or ')}`
            : `The incubation has ${i.stage === 'left' ? 'left' : 'graduated'}; it moves no further`,
          { stage: i.stage, allowed },
        );
      }
      const problem = stageMoveProblem({
        from: i.stage,
        to: cmd.stage,
        legalStatus: i.legal_status,
        reason: cmd.reason,
        note: cmd.note,
        submittedAssessments: await this.assessments.submittedCount(m, i.id),
      });
      if (problem) throw unprocessable(problem.message, { field: problem.field, stage: i.stage });
      if (!(await this.incubations.move(m, i.id, i.version, cmd.stage, cmd.reason ?? null, now)))
        throw conflict('The incubation was changed meanwhile; read it again', { id: i.id });
      await this.incubations.enter(m, {
        incubationId: i.id,
        stage: cmd.stage,
        from: i.stage,
        reason: cmd.reason ?? null,
        note: cmd.note?.trim() ?? null,
        byId: a.id,
        byName: a.username ?? null,
        at: now,
      });
      await this.publish(m, i, cmd, a, now);
    });
    return this.view(cmd.id);
  }

  async get(id: string, actor: Actor | undefined): Promise<IncubationView> {
    return incubationView(await this.visible(id, actor), this.clock.now());
  }

  /** Incubations the caller sees; `overdue` lists the applications past their first review's deadline. */
  async list(query: IncubationListQuery, actor: Actor | undefined): Promise<Page<IncubationView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const now = this.clock.now();
    const { rows, total } = await this.incubations.list(
      {
        scopes: listingScopes(a),
        orgScopes: a.roles.includes('social_org_staff') ? a.scopes : [],
        parkId: query.parkId,
        organisationId: query.organisationId,
        stage: query.stage,
        within: query.within,
        overdueAt: query.overdue ? now : undefined,
      },
      page,
      pageSize,
    );
    return { items: rows.map((r) => incubationView(r, now)), total, page, pageSize };
  }

  /** The incubation when the caller sees it (the park's and the organisation's readers, its staff, its assessors), else 404/403. */
  async visible(id: string, actor: Actor | undefined): Promise<IncubationDetailRow> {
    const a = requireActor(actor);
    const i = await this.incubations.get(this.dataSource, id);
    if (!i) throw notFound('incubation', { id });
    if (this.sees(a, i)) return i;
    if (a.kind === 'user' && (await this.assessments.namedTo(this.dataSource, id, a.id))) return i;
    throw forbidden('This incubation lies outside your scope', { id });
  }

  /** The incubation when the caller keeps its park, else 404/403. */
  async kept(id: string, actor: Actor | undefined): Promise<IncubationDetailRow> {
    const a = requireActor(actor);
    const i = await this.visible(id, a);
    if (!keeps(a, i.park_path)) throw forbidden("Only the park's keepers record this", { id });
    return i;
  }

  private sees(a: Actor, i: IncubationDetailRow): boolean {
    return reads(a, i.park_path) || reads(a, i.community_path) || actsFor(a, i.org_path);
  }

  private async view(id: string): Promise<IncubationView> {
    const i = await this.incubations.get(this.dataSource, id);
    if (!i) throw notFound('incubation', { id });
    return incubationView(i, this.clock.now());
  }

  /** The event of a move, in its transaction: admitted, graduated and left are counted by evaluation. */
  private async publish(
    m: EntityManager,
    i: IncubationDetailRow,
    cmd: MoveIncubationStageCommand,
    a: Actor,
    now: Date,
  ): Promise<void> {
    const facts = {
      incubationId: i.id,
      parkId: i.park_id,
      parkPath: i.park_path,
      organisationId: i.organisation_id,
      street: i.street_code,
      communityPath: i.community_path,
      communitiesServed: i.communities_served,
      legalStatus: i.legal_status,
      by: personOf(a),
      at: now.toISOString(),
    };
    const base = { street: i.street_code, actor: a, occurredAt: now };
    if (cmd.stage === 'admitted')
      await this.outbox.add(m, {
        ...base,
        type: IncubatorEvents.incubationAdmitted,
        data: {
          ...facts,
          appliedAt: i.applied_at.toISOString(),
          firstReviewDueAt: i.first_review_due_at.toISOString(),
          firstReviewLate: now > i.first_review_due_at,
        },
      });
    else if (cmd.stage === 'graduated')
      await this.outbox.add(m, {
        ...base,
        type: IncubatorEvents.incubationGraduated,
        data: {
          ...facts,
          appliedAt: i.applied_at.toISOString(),
          admittedAt: ((await this.incubations.enteredAt(m, i.id, 'admitted')) ?? i.applied_at).toISOString(),
          assessmentTotal: await this.assessments.latestTotal(m, i.id),
        },
      });
    else if (cmd.stage === 'left')
      await this.outbox.add(m, {
        ...base,
        type: IncubatorEvents.incubationLeft,
        data: { ...facts, fromStage: i.stage, reason: cmd.reason! },
      });
  }
}
