import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  pathDepth,
  pathWithin,
  personOf,
  streetOfPath,
  type Actor,
  type CreateRoundRequest,
  type Page,
  type RoundCriterion,
  type RoundCriterionView,
  type RoundListQuery,
  type RoundView,
  type SetRoundCriteriaCommand,
} from '@gz/contracts';
import { Clock, conflict, forbidden, newId, OrgUnits, Outbox, requireActor, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { keeps } from '../domain/access';
import {
  criteriaProblem,
  minSheetsOf,
  ROUND_TRANSITIONS,
  roundProblems,
  type RoundTransition,
} from '../domain/round-rules';
import { IncubatorConfig } from '../incubator.config';
import { RoundApplicationStore } from '../persistence/round-application.store';
import { RoundStore } from '../persistence/round.store';
import { roundView, type RoundRow } from '../persistence/round-views';
import { RoundAccess } from './round-access.service';

const criteriaRows = (criteria: RoundCriterion[]): RoundCriterionView[] =>
  criteria.map((c) => ({
    key: c.key,
    name: c.name.trim(),
    description: c.description?.trim() ?? null,
    weight: c.weight,
  }));

const refuse = (problems: Record<string, string>) => {
  const [field] = Object.keys(problems);
  if (field) throw unprocessable(`${field}: ${problems[field]}`, { field, problems });
};

/** Venture-philanthropy rounds (公益创投): the call, its criteria, and the round's course from draft to closed. */
@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundStore,
    private readonly applications: RoundApplicationStore,
    private readonly access: RoundAccess,
    private readonly orgs: OrgUnits,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly config: IncubatorConfig,
  ) {}

  async create(req: CreateRoundRequest, actor: Actor | undefined): Promise<RoundView> {
    const a = requireActor(actor);
    const depth = pathDepth(req.place);
    if (depth > 2 || (depth === 2 && streetOfPath(req.place) === 'all'))
      throw unprocessable('place: a round is run by a street (d01.s01) or by the district (d01)', { field: 'place' });
    if (!keeps(a, req.place)) throw forbidden(`Outside your scope: ${req.place}`, { path: req.place });
    const now = this.clock.now();
    const communities = req.eligibility.communities ?? [];
    refuse(
      roundProblems(
        {
          track: req.track,
          budgetFen: req.budgetFen,
          awardCapFen: req.awardCapFen,
          minScoreSheets: req.minScoreSheets,
          legalStatuses: req.eligibility.legalStatuses,
          opensAt: new Date(req.opensAt),
          closesAt: new Date(req.closesAt),
          reviewBy: new Date(req.reviewBy),
          criteria: req.criteria,
        },
        now,
        this.config.SMALL_GRANT_CAP_MAX_FEN,
      ),
    );
    const outside = communities.find((c) => !pathWithin(c, req.place));
    if (outside)
      throw unprocessable(`eligibility.communities: ${outside} lies outside ${req.place}`, {
        field: 'eligibility.communities',
      });
    await this.orgs.require(req.place, depth === 1 ? 'district' : 'street', 'place');
    for (const c of communities) await this.orgs.require(c, 'community', 'eligibility.communities');
    const id = newId();
    await this.dataSource.transaction((m) =>
      this.rounds.insert(m, {
        id,
        street_code: streetOfPath(req.place),
        place_path: req.place,
        title: req.title.trim(),
        call_text: req.callText.trim(),
        track: req.track,
        status: 'draft',
        budget_fen: req.budgetFen,
        award_cap_fen: req.awardCapFen ?? null,
        min_sheets: minSheetsOf(req.track, req.minScoreSheets),
        eligible_statuses: [...req.eligibility.legalStatuses].sort(),
        eligible_fields: [...(req.eligibility.fields ?? [])].sort(),
        eligible_communities: [...communities].sort(),
        criteria: criteriaRows(req.criteria),
        opens_at: new Date(req.opensAt),
        closes_at: new Date(req.closesAt),
        review_by: new Date(req.reviewBy),
        version: 1,
        created_by: a.username ?? a.id,
        created_at: now,
        updated_at: now,
      }),
    );
    return this.get(id, a);
  }

  async get(id: string, actor: Actor | undefined): Promise<RoundView> {
    return roundView(await this.access.readable(id, actor), this.clock.now());
  }

  async list(query: RoundListQuery, actor: Actor | undefined): Promise<Page<RoundView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.rounds.list(
      { scopes: this.access.viewer(a).scopes, status: query.status, track: query.track, within: query.within },
      page,
      pageSize,
    );
    const now = this.clock.now();
    return { items: rows.map((r) => roundView(r, now)), total, page, pageSize };
  }

  /** Replaces a draft's criteria; once the call is open they are fixed (409). */
  async setCriteria(cmd: SetRoundCriteriaCommand, actor: Actor | undefined): Promise<RoundView> {
    const round = await this.access.kept(cmd.id, actor);
    if (round.status !== 'draft')
      throw conflict('The criteria are fixed once the call is open', { status: round.status });
    const problem = criteriaProblem(round.track, cmd.criteria);
    if (problem) throw unprocessable(`criteria: ${problem}`, { field: 'criteria' });
    const row = await this.dataSource.transaction((m) =>
      this.rounds.setCriteria(m, round.id, cmd.version, criteriaRows(cmd.criteria), this.clock.now()),
    );
    if (!row) throw conflict('The round changed since you read it', { id: round.id });
    return roundView(row, this.clock.now());
  }

  /**
   * One step of the round's course, by its keepers: open the call (its criteria fixed from now on),
   * close the call (from its closing time on), close the review (scores fixed, awards may be made),
   * close the round (every funded project finally evaluated).
   */
  async transition(id: string, step: RoundTransition, actor: Actor | undefined): Promise<RoundView> {
    const a = requireActor(actor);
    const round = await this.access.kept(id, a);
    const { from, to } = ROUND_TRANSITIONS[step];
    if (round.status !== from) throw conflict(`The round is ${round.status}, not ${from}`, { status: round.status });
    const now = this.clock.now();
    if (step === 'open' && round.closes_at.getTime() <= now.getTime())
      throw conflict(`The call would close at ${round.closes_at.toISOString()}, which has passed`, {
        field: 'closesAt',
      });
    if (step === 'closeCall' && now.getTime() < round.closes_at.getTime())
      throw conflict(`The call is open until ${round.closes_at.toISOString()}`, {
        closesAt: round.closes_at.toISOString(),
      });
    const row = await this.dataSource.transaction(async (m) => {
      const moved = await this.rounds.transition(m, round.id, from, to, now);
      if (!moved) throw conflict('The round changed meanwhile; read it again', { id: round.id });
      if (step === 'open') await this.opened(m, moved, a, now);
      if (step === 'close') await this.closed(m, moved, a, now);
      return moved;
    });
    return roundView(row, now);
  }

  private async opened(m: EntityManager, r: RoundRow, a: Actor, now: Date): Promise<void> {
    await this.outbox.add(m, {
      type: IncubatorEvents.roundOpened,
      street: r.street_code,
      actor: a,
      data: {
        roundId: r.id,
        street: r.street_code,
        place: r.place_path,
        track: r.track,
        title: r.title,
        budgetFen: Number(r.budget_fen),
        opensAt: r.opens_at.toISOString(),
        closesAt: r.closes_at.toISOString(),
        by: personOf(a),
        at: now.toISOString(),
      },
    });
  }

  /** Closing needs every funded project finally evaluated; the transition's lock on the row holds off awards meanwhile. */
  private async closed(m: EntityManager, r: RoundRow, a: Actor, now: Date): Promise<void> {
    const totals = await this.applications.projectTotals(m, r.id);
    if (totals.open > 0)
      throw conflict(`${totals.open} funded project(s) still await their final evaluation`, {
        openProjects: totals.open,
      });
    await this.outbox.add(m, {
      type: IncubatorEvents.roundClosed,
      street: r.street_code,
      actor: a,
      data: {
        roundId: r.id,
        street: r.street_code,
        place: r.place_path,
        track: r.track,
        budgetFen: Number(r.budget_fen),
        awardedFen: totals.awardedFen,
        disbursedFen: totals.disbursedFen,
        projects: totals.projects,
        by: personOf(a),
        at: now.toISOString(),
      },
    });
  }
}
