import { Injectable } from '@nestjs/common';
import {
  ALL_STREETS,
  IdentityRoutes,
  type Actor,
  type AddRoundReviewerCommand,
  type AskRecusalCommand,
  type DecideRecusalCommand,
  type DeclareConflictCommand,
  type Page,
  type RecusalListCommand,
  type RecusalView,
  type ReviewerConflictView,
  type RoundPageCommand,
  type RoundReviewerView,
  type UserView,
} from '@gz/contracts';
import {
  BusClient,
  BusError,
  Clock,
  conflict,
  DomainError,
  forbidden,
  newId,
  notFound,
  requireActor,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { reads } from '../domain/access';
import { declarationProblem } from '../domain/conflicts';
import { panelOpen } from '../domain/round-rules';
import { RoundApplicationStore } from '../persistence/round-application.store';
import { RoundReviewStore } from '../persistence/round-review.store';
import { RoundStore } from '../persistence/round.store';
import { conflictView, recusalView, reviewerView, type RoundRow } from '../persistence/round-views';
import { RoundAccess } from './round-access.service';

/**
 * The review panel: reviewers named by the round's keepers; conflicts of interest each reviewer
 * declares (an interest in an applicant, or a post there left less than two years ago); recusals
 * an applicant asks for and the keepers decide (granted = conflicted). A conflicted reviewer
 * neither scores nor sees the application (see `visibleTo`).
 */
@Injectable()
export class RoundPanelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundStore,
    private readonly applications: RoundApplicationStore,
    private readonly reviews: RoundReviewStore,
    private readonly access: RoundAccess,
    private readonly bus: BusClient,
    private readonly clock: Clock,
  ) {}

  async addReviewer(cmd: AddRoundReviewerCommand, actor: Actor | undefined): Promise<RoundReviewerView> {
    const a = requireActor(actor);
    const round = await this.access.kept(cmd.roundId, a);
    this.requirePanelOpen(round);
    const user = await this.user(cmd.userId, a);
    const row = await this.dataSource.transaction(async (m) => {
      await this.openRound(m, round.id);
      return this.rounds.addReviewer(m, {
        round_id: round.id,
        user_id: user.id,
        name: user.displayName,
        added_by: a.username ?? a.id,
        added_at: this.clock.now(),
      });
    });
    if (!row) throw conflict(`${user.displayName} is on the panel already`, { userId: user.id });
    return reviewerView(row);
  }

  /** The panel: for the round's readers, its reviewers, and the staff of its applicants (who may ask for a recusal). */
  async reviewers(cmd: RoundPageCommand, actor: Actor | undefined): Promise<Page<RoundReviewerView>> {
    const a = requireActor(actor);
    const round = await this.access.readable(cmd.roundId, a);
    if (!(await this.applications.applies(round.id, this.access.viewer(a).orgScopes)))
      await this.access.requireReviewReader(a, round);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 50;
    const { rows, total } = await this.rounds.reviewers(round.id, page, pageSize);
    return { items: rows.map(reviewerView), total, page, pageSize };
  }

  /** A reviewer declares a conflict with an application (which they no longer see from then on). */
  async declare(cmd: DeclareConflictCommand, actor: Actor | undefined): Promise<ReviewerConflictView> {
    const a = requireActor(actor);
    const round = await this.access.readable(cmd.roundId, a);
    if (a.kind !== 'user' || !(await this.rounds.isReviewer(this.dataSource, round.id, a.id)))
      throw forbidden('Conflicts are declared by the reviewers of the round');
    this.requirePanelOpen(round);
    const problem = declarationProblem(cmd.kind, cmd.leftOn, shanghaiDay(this.clock.now()));
    if (problem) throw unprocessable(`leftOn: ${problem}`, { field: 'leftOn' });
    const app = await this.access.application(cmd.applicationId, a);
    if (app.round_id !== round.id) throw notFound('application', { id: cmd.applicationId });
    const row = await this.dataSource.transaction(async (m) => {
      await this.openRound(m, round.id);
      await this.applications.lock(m, app.id);
      const added = await this.reviews.addConflict(m, {
        application_id: app.id,
        reviewer_id: a.id,
        round_id: round.id,
        kind: cmd.kind,
        source: 'declared',
        left_on: cmd.leftOn ?? null,
        note: cmd.note?.trim() ?? null,
        recorded_by: a.username ?? a.id,
        recorded_at: this.clock.now(),
      });
      // a sheet they wrote before stops counting at once
      if (added) await this.reviews.recount(m, app.id);
      return added;
    });
    // the application is hidden from them now: a second declaration finds nothing, so this is a race
    if (!row) throw notFound('application', { id: cmd.applicationId });
    return conflictView(row);
  }

  /** The round's conflicts: all of them for its readers, a reviewer's own for them (ids only: the applications stay hidden). */
  async conflicts(cmd: RoundPageCommand, actor: Actor | undefined): Promise<Page<ReviewerConflictView>> {
    const a = requireActor(actor);
    const round = await this.access.readable(cmd.roundId, a);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 50;
    let reviewer: string | null = null;
    if (!reads(a, round.place_path)) {
      if (a.kind !== 'user' || !(await this.rounds.isReviewer(this.dataSource, round.id, a.id)))
        throw forbidden("The round's conflicts are read by its keepers, auditors and its reviewers (their own)");
      reviewer = a.id;
    }
    const { rows, total } = await this.reviews.conflicts(round.id, reviewer, page, pageSize);
    return { items: rows.map(conflictView), total, page, pageSize };
  }

  /** The applicant (its staff, or a keeper on its behalf) asks for a reviewer's recusal. */
  async askRecusal(cmd: AskRecusalCommand, actor: Actor | undefined): Promise<RecusalView> {
    const a = requireActor(actor);
    const app = await this.access.application(cmd.applicationId, a);
    if (!this.access.actsForApplicant(a, app)) throw forbidden('A recusal is asked for by the applicant');
    const round = await this.access.readable(app.round_id, a);
    this.requirePanelOpen(round);
    if (!(await this.rounds.isReviewer(this.dataSource, round.id, cmd.reviewerId)))
      throw unprocessable('reviewerId: not a reviewer of this round', { field: 'reviewerId' });
    const row = await this.dataSource.transaction(async (m) => {
      await this.openRound(m, round.id);
      return this.reviews.addRecusal(m, {
        id: newId(),
        round_id: round.id,
        application_id: app.id,
        reviewer_id: cmd.reviewerId,
        reason: cmd.reason.trim(),
        status: 'requested',
        requested_by: a.username ?? a.id,
        requested_at: this.clock.now(),
        decided_by: null,
        decided_at: null,
        note: null,
      });
    });
    if (!row) throw conflict('A recusal of this reviewer was asked for already', { reviewerId: cmd.reviewerId });
    return recusalView(row);
  }

  /** The round's keeper decides a recusal request; granted, the reviewer is conflicted with the application. */
  async decideRecusal(cmd: DecideRecusalCommand, actor: Actor | undefined): Promise<RecusalView> {
    const a = requireActor(actor);
    const app = await this.access.application(cmd.applicationId, a);
    const round = await this.access.kept(app.round_id, a);
    this.requirePanelOpen(round);
    const now = this.clock.now();
    const row = await this.dataSource.transaction(async (m) => {
      await this.openRound(m, round.id);
      await this.applications.lock(m, app.id);
      const request = await this.reviews.recusal(m, cmd.recusalId);
      if (!request || request.application_id !== app.id) throw notFound('recusal', { id: cmd.recusalId });
      const decided = await this.reviews.decideRecusal(m, request.id, {
        status: cmd.granted ? 'granted' : 'declined',
        by: a.username ?? a.id,
        at: now,
        note: cmd.note?.trim() ?? null,
      });
      if (!decided) throw conflict(`The request was ${request.status} already`, { status: request.status });
      if (cmd.granted) {
        await this.reviews.addConflict(m, {
          application_id: app.id,
          reviewer_id: request.reviewer_id,
          round_id: round.id,
          kind: 'recusal',
          source: 'recusal',
          left_on: null,
          note: request.reason,
          recorded_by: a.username ?? a.id,
          recorded_at: now,
        });
        await this.reviews.recount(m, app.id);
      }
      return decided;
    });
    return recusalView(row);
  }

  /** Recusal requests: a round's or an application's, for the round's readers; an application's for its applicant. */
  async recusals(cmd: RecusalListCommand, actor: Actor | undefined): Promise<Page<RecusalView>> {
    const a = requireActor(actor);
    if (!cmd.applicationId && !cmd.roundId)
      throw unprocessable('Name the round or the application', { field: 'roundId' });
    if (cmd.applicationId) {
      const app = await this.access.application(cmd.applicationId, a);
      if (!reads(a, app.place_path) && !this.access.actsForApplicant(a, app))
        throw forbidden('Recusal requests are read by the applicant and the round’s keepers');
    } else {
      const round = await this.access.readable(cmd.roundId as string, a);
      if (!reads(a, round.place_path))
        throw forbidden("A round's recusal requests are read by its keepers and auditors");
    }
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 50;
    const { rows, total } = await this.reviews.recusals(
      { roundId: cmd.roundId, applicationId: cmd.applicationId, status: cmd.status },
      page,
      pageSize,
    );
    return { items: rows.map(recusalView), total, page, pageSize };
  }

  private requirePanelOpen(round: RoundRow): void {
    if (!panelOpen(round.status))
      throw conflict(`The review has closed (the round is ${round.status})`, { status: round.status });
  }

  /** Share-locks the round for the write and checks, under the lock, that its review has not closed meanwhile. */
  private async openRound(m: EntityManager, id: string): Promise<void> {
    const round = await this.rounds.share(m, id);
    if (!round) throw notFound('round', { id });
    this.requirePanelOpen(round);
  }

  /** The user named as a reviewer, as identity answers the round's keeper (422 when there is none they may name). */
  private async user(id: string, a: Actor): Promise<UserView> {
    let user: UserView;
    try {
      user = await this.bus.request(IdentityRoutes.userGet, ALL_STREETS, { id }, { actor: a });
    } catch (error) {
      const code = error instanceof BusError ? error.body.code : error instanceof DomainError ? error.code : undefined;
      if (code === 'not_found' || code === 'forbidden')
        throw unprocessable(`userId: no user ${id} you may name`, { field: 'userId' });
      if (error instanceof BusError)
        throw new DomainError(
          code === 'timeout' ? 'timeout' : 'unavailable',
          `The user could not be read from the identity service (${error.body.message}); try again`,
        );
      throw error;
    }
    if (user.status !== 'active') throw unprocessable(`userId: ${user.username} is disabled`, { field: 'userId' });
    return user;
  }
}
