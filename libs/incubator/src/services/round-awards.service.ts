import { Injectable } from '@nestjs/common';
import { IncubatorEvents, personOf, type Actor, type AwardApplicationCommand, type AwardView } from '@gz/contracts';
import { Clock, conflict, newId, Outbox, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { milestoneAmounts } from '../domain/round-rules';
import { meanScore } from '../domain/scoring';
import { MilestoneStore } from '../persistence/milestone.store';
import { RoundApplicationStore } from '../persistence/round-application.store';
import { RoundStore } from '../persistence/round.store';
import { fen, milestoneView } from '../persistence/round-views';
import { RoundAccess } from './round-access.service';

const fenText = (n: number) => `${n.toLocaleString('en-US')} fen`;

/**
 * Awards within the round's budget, never over it: the amount is taken from the round's remaining
 * budget in one conditional UPDATE, so two awards at the same moment queue on the round's row and
 * the second sees what the first left (409 naming it when that is too little).
 */
@Injectable()
export class RoundAwardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundStore,
    private readonly applications: RoundApplicationStore,
    private readonly milestones: MilestoneStore,
    private readonly access: RoundAccess,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async award(cmd: AwardApplicationCommand, actor: Actor | undefined): Promise<AwardView> {
    const a = requireActor(actor);
    const app = await this.access.application(cmd.applicationId, a);
    const round = await this.access.kept(app.round_id, a);
    if (round.status !== 'awarded')
      throw conflict(`Awards are made once the review has closed; the round is ${round.status}`, {
        status: round.status,
      });
    const asked = fen(app.amount_fen);
    const amount = cmd.amountFen ?? asked;
    if (amount > asked) throw unprocessable(`amountFen: at most the ${fenText(asked)} asked`, { field: 'amountFen' });
    if (round.award_cap_fen !== null && amount > fen(round.award_cap_fen))
      throw unprocessable(`amountFen: one award is at most ${fenText(fen(round.award_cap_fen))}`, {
        field: 'amountFen',
      });
    const plan = app.milestone_plan;
    const amounts = milestoneAmounts(
      amount,
      plan.map((p) => p.shareBp),
    );
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const locked = await this.applications.lock(m, app.id);
      if (locked?.status !== 'submitted')
        throw conflict('The application has been awarded already', { status: locked?.status });
      const { sheets } = locked;
      const scoreSum = Number(locked.score_sum);
      if (sheets < round.min_sheets)
        throw conflict(
          `The application has ${sheets} score sheet(s); the round asks for ${round.min_sheets} before an award`,
          {
            sheets,
            minScoreSheets: round.min_sheets,
          },
        );
      const taken = await this.rounds.takeBudget(m, round.id, amount, now);
      if (!taken) {
        const current = await this.rounds.get(m, round.id);
        if (current?.status !== 'awarded')
          throw conflict(`Awards are made once the review has closed; the round is ${current?.status}`, {
            status: current?.status,
          });
        const remaining = fen(current.remaining_fen);
        throw conflict(
          `The award of ${fenText(amount)} exceeds the round's remaining budget of ${fenText(remaining)}`,
          {
            remainingFen: remaining,
            amountFen: amount,
          },
        );
      }
      const remaining = fen(taken.remaining_fen);
      await this.applications.award(m, app.id, amount, a.username ?? a.id, now);
      const rows = await this.milestones.insertAll(
        m,
        plan.map((p, i) => ({
          id: newId(),
          application_id: app.id,
          round_id: round.id,
          position: i + 1,
          title: p.title,
          due_on: p.dueOn,
          share_bp: p.shareBp,
          amount_fen: amounts[i],
        })),
      );
      await this.outbox.add(m, {
        type: IncubatorEvents.applicationAwarded,
        street: app.street_code,
        actor: a,
        data: {
          applicationId: app.id,
          roundId: round.id,
          organisationId: app.organisation_id,
          street: app.street_code,
          place: round.place_path,
          communityPath: app.community_path,
          track: round.track,
          amountFen: amount,
          askedFen: asked,
          roundRemainingFen: remaining,
          meanScore: meanScore(scoreSum, sheets),
          reviewers: sheets,
          by: personOf(a),
          at: now.toISOString(),
        },
      });
      return {
        applicationId: app.id,
        roundId: round.id,
        amountFen: amount,
        roundRemainingFen: remaining,
        milestones: rows.sort((x, y) => x.position - y.position).map(milestoneView),
        at: now.toISOString(),
      };
    });
  }
}
