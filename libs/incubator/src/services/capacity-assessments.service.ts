import { Injectable } from '@nestjs/common';
import type {
  Actor,
  AssessmentListQuery,
  CapacityAssessmentView,
  IncubationStage,
  NameAssessorCommand,
  Page,
  SubmitAssessmentCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  invalid,
  newId,
  notFound,
  requireActor,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { capacityTotal, scoreRows } from '../domain/capacity-assessment';
import { CapacityAssessmentStore } from '../persistence/capacity-assessment.store';
import { IncubationStore } from '../persistence/incubation.store';
import { assessmentView, type AssessmentRow } from '../persistence/incubation-views';
import { IncubationsService } from './incubations.service';

/** Stages in which an organisation's capacity is assessed (before it is marked assessed, and again after). */
const ASSESSED_IN: readonly IncubationStage[] = ['incubating', 'assessed'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Capacity assessments (能力评估) by a third party on the fixed dimensions: the park's keeper
 * names the assessor, a user who then submits the scores, or records an assessor without an
 * account by name and organisation together with the scores they gave.
 */
@Injectable()
export class CapacityAssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incubations: IncubationsService,
    private readonly assessments: CapacityAssessmentStore,
    private readonly store: IncubationStore,
    private readonly clock: Clock,
  ) {}

  async name(cmd: NameAssessorCommand, actor: Actor | undefined): Promise<CapacityAssessmentView> {
    const a = requireActor(actor);
    const i = await this.incubations.kept(cmd.incubationId, a);
    this.requireAssessable(i.stage);
    if (cmd.assessorUserId && cmd.scores)
      throw unprocessable('A named user submits their own scores; leave scores out', { field: 'scores' });
    if (!cmd.assessorUserId && !cmd.scores)
      throw unprocessable('An assessor recorded by name comes with the scores they gave (or name a user)', {
        field: 'scores',
      });
    const now = this.clock.now();
    const assessedOn = cmd.scores ? this.assessedOn(cmd.assessedOn, now) : null;
    const row: AssessmentRow = {
      id: newId(),
      incubation_id: i.id,
      status: cmd.scores ? 'submitted' : 'named',
      assessor_user_id: cmd.assessorUserId ?? null,
      assessor_name: cmd.assessorName.trim(),
      assessor_organisation: cmd.assessorOrganisation.trim(),
      total: cmd.scores ? capacityTotal(cmd.scores) : null,
      assessed_on: assessedOn,
      summary: cmd.summary?.trim() ?? null,
      named_by_id: a.id,
      named_by_name: a.username ?? null,
      named_at: now,
      submitted_by_id: cmd.scores ? a.id : null,
      submitted_by_name: cmd.scores ? (a.username ?? null) : null,
      submitted_at: cmd.scores ? now : null,
    };
    await this.dataSource.transaction(async (m) => {
      const locked = await this.store.lock(m, i.id);
      if (!locked) throw notFound('incubation', { id: i.id });
      this.requireAssessable(locked.stage);
      await this.assessments.insert(m, row);
      if (cmd.scores) await this.assessments.insertScores(m, row.id, scoreRows(cmd.scores));
    });
    return this.view(row.id);
  }

  /** The named assessor submits the scores, once. */
  async submit(cmd: SubmitAssessmentCommand, actor: Actor | undefined): Promise<CapacityAssessmentView> {
    const a = requireActor(actor);
    const row = await this.assessments.get(this.dataSource, cmd.id);
    if (!row) throw notFound('assessment', { id: cmd.id });
    if (a.kind !== 'user' || row.assessor_user_id !== a.id)
      throw forbidden('Only the assessor named for this assessment submits its scores', { id: cmd.id });
    const now = this.clock.now();
    const assessedOn = this.assessedOn(cmd.assessedOn, now);
    const submitted = await this.dataSource.transaction(async (m) => {
      // under the incubation's lock, so a move (which counts submitted assessments) sees it or not at all
      const i = await this.store.lock(m, row.incubation_id);
      if (!i) throw notFound('incubation', { id: row.incubation_id });
      this.requireAssessable(i.stage);
      return this.assessments.submit(m, row.id, {
        scores: scoreRows(cmd.scores),
        total: capacityTotal(cmd.scores),
        assessedOn,
        summary: cmd.summary?.trim() ?? null,
        byId: a.id,
        byName: a.username ?? null,
        at: now,
      });
    });
    if (!submitted) throw conflict('The assessment has been submitted already', { id: row.id });
    return this.view(row.id);
  }

  /** One incubation's assessments (those who see it), or those you are named for (mine). */
  async list(query: AssessmentListQuery, actor: Actor | undefined): Promise<Page<CapacityAssessmentView>> {
    const a = requireActor(actor);
    if (query.incubationId) await this.incubations.visible(query.incubationId, a);
    else if (!query.mine)
      throw invalid('Give an incubationId, or mine=true for your own assessments', {
        fields: { incubationId: ['incubationId or mine=true'] },
      });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    // an actor that is no user (a partner, the system) is named for nothing
    if (query.mine && (a.kind !== 'user' || !UUID.test(a.id))) return { items: [], total: 0, page, pageSize };
    const { rows, total } = await this.assessments.list(
      { incubationId: query.incubationId, assessorUserId: query.mine ? a.id : undefined, status: query.status },
      page,
      pageSize,
    );
    return { items: rows.map(assessmentView), total, page, pageSize };
  }

  private requireAssessable(stage: IncubationStage): void {
    if (!ASSESSED_IN.includes(stage))
      throw conflict(`Capacity is assessed while incubating (or assessed); the incubation is ${stage}`, { stage });
  }

  private assessedOn(given: string | undefined, now: Date): string {
    const today = shanghaiDay(now);
    if (given && given > today) throw unprocessable('assessedOn lies in the future', { field: 'assessedOn' });
    return given ?? today;
  }

  private async view(id: string): Promise<CapacityAssessmentView> {
    const row = await this.assessments.get(this.dataSource, id);
    if (!row) throw notFound('assessment', { id });
    return assessmentView(row);
  }
}
