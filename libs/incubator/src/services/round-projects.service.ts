import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  type AcceptMilestoneCommand,
  type Actor,
  type DisburseMilestoneCommand,
  type FinalEvaluationCommand,
  type MidtermReviewCommand,
  type MilestoneListCommand,
  type Page,
  type ProjectMilestoneView,
  type ReportMilestoneCommand,
  type ReturnMilestoneCommand,
  type RoundApplicationView,
} from '@gz/contracts';
import { Clock, conflict, forbidden, notFound, Outbox, requireActor, shanghaiDay } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { gradeOf } from '../domain/scoring';
import { MilestoneStore } from '../persistence/milestone.store';
import { RoundApplicationStore } from '../persistence/round-application.store';
import { fen, milestoneView, type MilestoneRow, type RoundApplicationRow } from '../persistence/round-views';
import { RoundAccess } from './round-access.service';
import { RoundApplicationsService } from './round-applications.service';

type MilestoneStep = 'report' | 'accept' | 'return' | 'disburse';

/** The milestone statuses each step starts from. */
const FROM: Record<MilestoneStep, readonly MilestoneRow['status'][]> = {
  report: ['planned', 'returned'],
  accept: ['reported'],
  return: ['reported'],
  disburse: ['accepted'],
};
const DONE: Record<MilestoneStep, string> = {
  report: 'reported',
  accept: 'accepted',
  return: 'returned',
  disburse: 'paid',
};

/**
 * Funded projects: each milestone's report (the organisation), acceptance or return (the round's
 * keeper) and disbursement (award × share, in order); the mid-term review, whose failure stops
 * every further disbursement; the final evaluation, which closes the project.
 */
@Injectable()
export class RoundProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: RoundApplicationStore,
    private readonly milestones: MilestoneStore,
    private readonly access: RoundAccess,
    private readonly applicationViews: RoundApplicationsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async list(cmd: MilestoneListCommand, actor: Actor | undefined): Promise<Page<ProjectMilestoneView>> {
    const app = await this.access.application(cmd.applicationId, actor);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 20;
    const { rows, total } = await this.milestones.list(app.id, page, pageSize);
    return { items: rows.map(milestoneView), total, page, pageSize };
  }

  /** The organisation reports on a milestone (its staff, or a keeper of its community on its behalf). */
  async report(cmd: ReportMilestoneCommand, actor: Actor | undefined): Promise<ProjectMilestoneView> {
    return this.step(cmd, 'report', actor, async (m, a, app, ms, now) =>
      this.milestones.report(m, ms.id, cmd.report.trim(), a.username ?? a.id, now),
    );
  }

  async accept(cmd: AcceptMilestoneCommand, actor: Actor | undefined): Promise<ProjectMilestoneView> {
    return this.step(cmd, 'accept', actor, async (m, a, app, ms, now) => {
      const row = await this.milestones.decide(m, ms.id, 'accepted', cmd.note?.trim() ?? null, a.username ?? a.id, now);
      await this.outbox.add(m, {
        type: IncubatorEvents.milestoneAccepted,
        street: app.street_code,
        actor: a,
        data: {
          ...this.facts(app, a, now),
          milestoneId: ms.id,
          position: ms.position,
          amountFen: fen(ms.amount_fen),
        },
      });
      return row;
    });
  }

  async return(cmd: ReturnMilestoneCommand, actor: Actor | undefined): Promise<ProjectMilestoneView> {
    return this.step(cmd, 'return', actor, (m, a, app, ms, now) =>
      this.milestones.decide(m, ms.id, 'returned', cmd.note.trim(), a.username ?? a.id, now),
    );
  }

  /** Pays an accepted milestone, in order; none once a mid-term review has failed (409 saying why). */
  async disburse(cmd: DisburseMilestoneCommand, actor: Actor | undefined): Promise<ProjectMilestoneView> {
    return this.step(cmd, 'disburse', actor, async (m, a, app, ms, now) => {
      if (app.project_status === 'stopped')
        throw conflict(
          `No further disbursement: the mid-term review of ${app.midterm_at ? shanghaiDay(app.midterm_at) : '?'} failed (${app.midterm_findings})`,
          { projectStatus: 'stopped', midterm: 'fail' },
        );
      const earlier = await this.milestones.unpaidBefore(m, app.id, ms.position);
      if (earlier.length > 0)
        throw conflict(`Milestones are paid in order: milestone ${earlier.join(', ')} first`, { unpaid: earlier });
      const row = await this.milestones.disburse(m, ms.id, cmd.voucher?.trim() ?? null, a.username ?? a.id, now);
      const disbursedFen = await this.applications.addDisbursed(m, app.id, fen(ms.amount_fen), now);
      await this.outbox.add(m, {
        type: IncubatorEvents.milestoneDisbursed,
        street: app.street_code,
        actor: a,
        data: {
          ...this.facts(app, a, now),
          milestoneId: ms.id,
          position: ms.position,
          amountFen: fen(ms.amount_fen),
          disbursedFen,
        },
      });
      return row;
    });
  }

  /** The mid-term review, once per project: a failed one stops the project's further disbursements. */
  async midterm(cmd: MidtermReviewCommand, actor: Actor | undefined): Promise<RoundApplicationView> {
    const a = requireActor(actor);
    await this.project(cmd.applicationId, a, async (m, app, now) => {
      if (app.midterm_outcome) throw conflict(`The mid-term review was held already (${app.midterm_outcome})`, {});
      if (app.project_status !== 'running') throw conflict(`The project is ${app.project_status}`, {});
      await this.applications.recordMidterm(m, app.id, {
        outcome: cmd.outcome,
        findings: cmd.findings.trim(),
        by: a.username ?? a.id,
        at: now,
      });
    });
    return this.applicationViews.get(cmd.applicationId, a);
  }

  /**
   * The final evaluation closes the project: a running one once every milestone is paid; a stopped
   * one (a failed mid-term review) at any time. The grade follows from the score.
   */
  async final(cmd: FinalEvaluationCommand, actor: Actor | undefined): Promise<RoundApplicationView> {
    const a = requireActor(actor);
    await this.project(cmd.applicationId, a, async (m, app, now) => {
      if (app.project_status === 'completed') throw conflict('The project has had its final evaluation', {});
      if (app.project_status === 'running') {
        const unpaid = await this.milestones.unpaid(m, app.id);
        if (unpaid.length > 0)
          throw conflict(`Milestone ${unpaid.join(', ')} not yet paid: evaluate once every milestone is`, { unpaid });
      }
      const grade = gradeOf(cmd.score);
      await this.applications.recordFinal(m, app.id, {
        score: cmd.score,
        grade,
        findings: cmd.findings.trim(),
        by: a.username ?? a.id,
        at: now,
      });
      await this.outbox.add(m, {
        type: IncubatorEvents.applicationEvaluated,
        street: app.street_code,
        actor: a,
        data: {
          ...this.facts(app, a, now),
          score: cmd.score,
          grade,
          midterm: app.midterm_outcome,
          awardedFen: fen(app.awarded_fen ?? 0),
          disbursedFen: fen(app.disbursed_fen),
        },
      });
    });
    return this.applicationViews.get(cmd.applicationId, a);
  }

  /** One step of a milestone, under the application's lock: who may take it, from which status. */
  private async step(
    cmd: { applicationId: string; milestoneId: string },
    step: MilestoneStep,
    actor: Actor | undefined,
    apply: (m: EntityManager, a: Actor, app: RoundApplicationRow, ms: MilestoneRow, now: Date) => Promise<MilestoneRow>,
  ): Promise<ProjectMilestoneView> {
    const a = requireActor(actor);
    const seen = await this.access.application(cmd.applicationId, a);
    if (step !== 'report') this.access.requireKeeper(a, seen);
    else if (!this.access.actsForApplicant(a, seen))
      throw forbidden('A milestone is reported by the organisation (its staff, or a keeper of its community)');
    const row = await this.dataSource.transaction(async (m) => {
      const app = await this.awarded(m, seen.id);
      if (app.project_status === 'completed') throw conflict('The project has had its final evaluation', {});
      const ms = await this.milestones.lock(m, app.id, cmd.milestoneId);
      if (!ms) throw notFound('milestone', { id: cmd.milestoneId });
      if (!FROM[step].includes(ms.status))
        throw conflict(`The milestone is ${ms.status}; only a ${FROM[step].join(' or ')} one is ${DONE[step]}`, {
          status: ms.status,
        });
      return apply(m, a, app, ms, this.clock.now());
    });
    return milestoneView(row);
  }

  /** A change of the project by the round's keeper, under the application's lock. */
  private async project(
    id: string,
    a: Actor,
    apply: (m: EntityManager, app: RoundApplicationRow, now: Date) => Promise<void>,
  ): Promise<void> {
    const seen = await this.access.application(id, a);
    this.access.requireKeeper(a, seen);
    await this.dataSource.transaction(async (m) => apply(m, await this.awarded(m, seen.id), this.clock.now()));
  }

  private async awarded(m: EntityManager, id: string): Promise<RoundApplicationRow> {
    const app = await this.applications.lock(m, id);
    if (!app) throw notFound('application', { id });
    if (app.status !== 'awarded') throw conflict('The application has not been awarded', { status: app.status });
    return app;
  }

  private facts(app: RoundApplicationRow, a: Actor, now: Date) {
    return {
      applicationId: app.id,
      roundId: app.round_id,
      organisationId: app.organisation_id,
      street: app.street_code,
      place: app.place_path,
      communityPath: app.community_path,
      track: app.track,
      by: personOf(a),
      at: now.toISOString(),
    };
  }
}
