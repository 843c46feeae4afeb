import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  streetOfPath,
  type Actor,
  type Page,
  type RoundApplicationListQuery,
  type RoundApplicationView,
  type SubmitRoundApplicationCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  Outbox,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { actsFor, keeps } from '../domain/access';
import { budgetLinesProblem, eligibilityProblem, milestonePlanProblem } from '../domain/round-rules';
import { RoundApplicationStore } from '../persistence/round-application.store';
import { RoundStore } from '../persistence/round.store';
import { fen, roundApplicationView, type RoundRow } from '../persistence/round-views';
import { OrganisationsService } from './organisations.service';
import { RoundAccess } from './round-access.service';

/** Why the round takes no application now, or null while its call is open. */
function callProblem(round: RoundRow, now: Date): string | null {
  if (round.status !== 'open') return `the round is ${round.status}: it takes applications only while its call is open`;
  if (now.getTime() < round.opens_at.getTime()) return `the call opens at ${round.opens_at.toISOString()}`;
  if (now.getTime() >= round.closes_at.getTime()) return `the call closed at ${round.closes_at.toISOString()}`;
  return null;
}

/** Applications to a round: by an organisation's staff, or a keeper of its community on its behalf, while the call is open. */
@Injectable()
export class RoundApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundStore,
    private readonly applications: RoundApplicationStore,
    private readonly organisations: OrganisationsService,
    private readonly access: RoundAccess,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async submit(cmd: SubmitRoundApplicationCommand, actor: Actor | undefined): Promise<RoundApplicationView> {
    const a = requireActor(actor);
    const round = await this.access.readable(cmd.roundId, a);
    const org = await this.organisations.visible(cmd.organisationId, a);
    if (!actsFor(a, org.org_path) && !keeps(a, org.community_path))
      throw forbidden('An organisation applies through its own staff, or a keeper of its community on its behalf');
    const closed = callProblem(round, this.clock.now());
    if (closed) throw conflict(`No application now: ${closed}`, { status: round.status });
    const lines = budgetLinesProblem(cmd.budgetLines, cmd.amountFen);
    if (lines)
      throw unprocessable(`budgetLines: ${lines}`, {
        field: 'budgetLines',
        differenceFen: cmd.budgetLines.reduce((t, l) => t + l.amountFen, 0) - cmd.amountFen,
      });
    const plan = milestonePlanProblem(cmd.milestones);
    if (plan) throw unprocessable(`milestones: ${plan}`, { field: 'milestones' });
    const ineligible = eligibilityProblem(
      {
        track: round.track,
        placePath: round.place_path,
        budgetFen: fen(round.budget_fen),
        awardCapFen: round.award_cap_fen === null ? null : fen(round.award_cap_fen),
        eligibleStatuses: round.eligible_statuses,
        eligibleFields: round.eligible_fields,
        eligibleCommunities: round.eligible_communities,
      },
      { legalStatus: org.legal_status, fields: org.fields, communitiesServed: org.communities_served },
      { communityPath: cmd.communityPath, amountFen: cmd.amountFen },
    );
    if (ineligible) throw unprocessable(`${ineligible.field}: ${ineligible.message}`, { field: ineligible.field });
    const id = newId();
    const street = streetOfPath(cmd.communityPath);
    try {
      await this.dataSource.transaction(async (m) => {
        // under the share lock the call cannot close between the check and the insert
        const locked = await this.rounds.share(m, round.id);
        const now = this.clock.now();
        const problem = locked ? callProblem(locked, now) : 'the round is gone';
        if (problem) throw conflict(`No application now: ${problem}`, { status: locked?.status });
        await this.applications.insert(m, {
          id,
          round_id: round.id,
          organisation_id: org.id,
          // the project's street, also in a district round: what evaluation counts it by
          street_code: street,
          community_path: cmd.communityPath,
          title: cmd.title.trim(),
          summary: cmd.summary.trim(),
          target_group: cmd.targetGroup.trim(),
          amount_fen: cmd.amountFen,
          budget_lines: cmd.budgetLines.map((l) => ({ item: l.item.trim(), amountFen: l.amountFen })),
          milestone_plan: cmd.milestones.map((p) => ({ title: p.title.trim(), dueOn: p.dueOn, shareBp: p.shareBp })),
          submitted_by: a.username ?? a.id,
          submitted_at: now,
        });
        await this.outbox.add(m, {
          type: IncubatorEvents.applicationSubmitted,
          street,
          actor: a,
          data: {
            applicationId: id,
            roundId: round.id,
            organisationId: org.id,
            street,
            place: round.place_path,
            communityPath: cmd.communityPath,
            track: round.track,
            amountFen: cmd.amountFen,
            by: personOf(a),
            at: now.toISOString(),
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'round_application_one_per_organisation'))
        throw conflict(`${org.name} has applied to this round already`, { field: 'organisationId' });
      throw error;
    }
    return this.get(id, a);
  }

  async get(id: string, actor: Actor | undefined): Promise<RoundApplicationView> {
    return roundApplicationView(await this.access.application(id, actor));
  }

  /** Applications the caller may see (see `visibleTo`), newest first; `unscored` leaves a reviewer's to-do. */
  async list(query: RoundApplicationListQuery, actor: Actor | undefined): Promise<Page<RoundApplicationView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    if (query.roundId) await this.access.readable(query.roundId, a);
    const { rows, total } = await this.applications.list(
      this.access.viewer(a),
      { roundId: query.roundId, organisationId: query.organisationId, status: query.status, unscored: query.unscored },
      page,
      pageSize,
    );
    return { items: rows.map(roundApplicationView), total, page, pageSize };
  }
}
