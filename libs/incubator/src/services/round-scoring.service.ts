import { Injectable } from '@nestjs/common';
import type {
  Actor,
  Page,
  RoundRankingCommand,
  RankingEntryView,
  RankingExportCommand,
  RankingExportView,
  ScoreSheetListCommand,
  ScoreSheetView,
  SubmitScoreSheetCommand,
} from '@gz/contracts';
import { Clock, conflict, forbidden, newId, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { actsFor, reads } from '../domain/access';
import { marksProblem, sheetScore } from '../domain/scoring';
import { IncubatorConfig } from '../incubator.config';
import { RoundApplicationStore } from '../persistence/round-application.store';
import { RoundReviewStore } from '../persistence/round-review.store';
import { RoundStore } from '../persistence/round.store';
import { fen, rankingView, scoreSheetView } from '../persistence/round-views';
import { RoundAccess } from './round-access.service';

/** Score sheets (one per reviewer and application, editable while the round is reviewing) and the ranking they make. */
@Injectable()
export class RoundScoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundStore,
    private readonly applications: RoundApplicationStore,
    private readonly reviews: RoundReviewStore,
    private readonly access: RoundAccess,
    private readonly clock: Clock,
    private readonly config: IncubatorConfig,
  ) {}

  /**
   * Writes the caller's sheet on an application: every criterion of the round, 0–10 or not
   * applicable. A conflicted reviewer does not see the application, so their sheet is 404.
   */
  async submit(cmd: SubmitScoreSheetCommand, actor: Actor | undefined): Promise<ScoreSheetView> {
    const a = requireActor(actor);
    const app = await this.access.application(cmd.applicationId, a);
    if (a.kind !== 'user' || !(await this.rounds.isReviewer(this.dataSource, app.round_id, a.id)))
      throw forbidden("Score sheets are written by the round's reviewers");
    if (actsFor(a, app.organisation_org_path))
      throw forbidden('You act for the applicant: declare the conflict instead of scoring');
    const round = await this.rounds.get(this.dataSource, app.round_id);
    if (!round) throw notFound('round', { id: app.round_id });
    if (round.status !== 'reviewing')
      throw conflict(`Sheets are written while the round is reviewing; it is ${round.status}`, {
        status: round.status,
      });
    const problem = marksProblem(round.criteria, cmd.marks);
    if (problem) throw unprocessable(`marks: ${problem}`, { field: 'marks' });
    // in the criteria's order, so a sheet reads the same however it was sent
    const given = new Map(cmd.marks.map((m) => [m.criterion, m.points ?? null]));
    const marks = round.criteria.map((c) => ({ criterion: c.key, points: given.get(c.key) ?? null }));
    const { score, applicableWeight } = sheetScore(round.criteria, marks);
    const row = await this.dataSource.transaction(async (m) => {
      const locked = await this.rounds.share(m, round.id);
      if (locked?.status !== 'reviewing')
        throw conflict(`The review has closed (the round is ${locked?.status})`, { status: locked?.status });
      // the application's row lock: its counts take every sheet written at the same moment
      await this.applications.lock(m, app.id);
      const now = this.clock.now();
      const sheet = await this.reviews.putSheet(m, {
        id: newId(),
        round_id: round.id,
        application_id: app.id,
        reviewer_id: a.id,
        marks,
        score_h: score,
        applicable_weight: applicableWeight,
        comment: cmd.comment?.trim() ?? null,
        created_at: now,
        updated_at: now,
      });
      if (sheet) await this.reviews.recount(m, app.id);
      return sheet;
    });
    // a conflict recorded between the read and the write: the application is hidden from them now
    if (!row) throw notFound('application', { id: app.id });
    return scoreSheetView(row);
  }

  /** An application's counted sheets: all of them for the round's readers, a reviewer's own for them. */
  async sheets(cmd: ScoreSheetListCommand, actor: Actor | undefined): Promise<Page<ScoreSheetView>> {
    const a = requireActor(actor);
    const app = await this.access.application(cmd.applicationId, a);
    let reviewer: string | null = null;
    if (!reads(a, app.place_path)) {
      if (a.kind !== 'user' || !(await this.rounds.isReviewer(this.dataSource, app.round_id, a.id)))
        throw forbidden("Score sheets are read by the round's keepers, auditors and reviewers (their own)");
      reviewer = a.id;
    }
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 50;
    const { rows, total } = await this.reviews.sheets(app.id, reviewer, page, pageSize);
    return { items: rows.map(scoreSheetView), total, page, pageSize };
  }

  /** The ranking as the caller may see it (a conflicted reviewer's applications left out), one page. */
  async ranking(cmd: RoundRankingCommand, actor: Actor | undefined): Promise<Page<RankingEntryView>> {
    const a = requireActor(actor);
    const round = await this.access.readable(cmd.roundId, a);
    await this.access.requireReviewReader(a, round);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 50;
    const { rows, total } = await this.reviews.ranking(round.id, this.access.viewer(a), cmd.community, page, pageSize);
    return { items: rows.map((r) => rankingView(r, round.min_sheets)), total, page, pageSize };
  }

  /** The whole ranking as the caller may see it, for the gateway to write as CSV or XLSX. */
  async rankingExport(cmd: RankingExportCommand, actor: Actor | undefined): Promise<RankingExportView> {
    const a = requireActor(actor);
    const round = await this.access.readable(cmd.roundId, a);
    await this.access.requireReviewReader(a, round);
    const max = this.config.RANKING_EXPORT_MAX_ROWS;
    const rows = await this.reviews.rankingAll(round.id, this.access.viewer(a), max);
    if (rows.length > max)
      throw unprocessable(`The ranking has more than ${max} applications: read it page by page`, { max });
    return {
      round: {
        id: round.id,
        title: round.title,
        place: round.place_path,
        track: round.track,
        status: round.status,
        budgetFen: fen(round.budget_fen),
        remainingFen: fen(round.remaining_fen),
      },
      rows: rows.map((r) => rankingView(r, round.min_sheets)),
    };
  }
}
