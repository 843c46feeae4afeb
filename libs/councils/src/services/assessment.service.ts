import { Injectable } from '@nestjs/common';
import {
  ASSESSMENT_ASPECTS,
  CouncilsEvents,
  districtOfPath,
  pathWithin,
  personOf,
  type Actor,
  type AssessmentWeightsCommand,
  type AssessmentWeightsView,
  type CompanyScoreRequest,
  type CompanyScoreView,
  type DistrictRequest,
  type ExactRate,
  type FeeRateReportedData,
  type FeeRateView,
  type PropertyCompanyRatedData,
  type PropertyRatingView,
  type RatePropertyCompanyCommand,
  type ReportFeeRateCommand,
} from '@gz/contracts';
import { Clock, conflict, forbidden, isUniqueViolation, Outbox, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import {
  DEFAULT_SCORE_WEIGHTS,
  fraction,
  fractionText,
  percentOf,
  scoreCompany,
  weightsProblem,
  type Fraction,
  type ScoreWeights,
} from '../domain/assessment-score';
import { AssessmentStore, type FeeRow, type RatingRow } from '../persistence/assessment.store';
import { VoteStore, type CompoundRef } from '../persistence/vote.store';
import { VoteAccess } from './vote-access.service';

const holds = (a: Actor, role: string) => a.roles.some((r) => r === role);
const reaches = (a: Actor, path: string | null) => path !== null && a.scopes.some((s) => pathWithin(path, s));
const KEEPERS = ['community_secretary', 'street_admin', 'district_admin'];
const keeps = (a: Actor, path: string) => a.roles.some((r) => KEEPERS.includes(r)) && reaches(a, path);

const exact = (f: Fraction): ExactRate => ({ fraction: fractionText(f), percent: percentOf(f) });

function ratingView(r: RatingRow): PropertyRatingView {
  return {
    id: r.id,
    compoundId: r.compound_id,
    propertyCompanyPath: r.property_company_path,
    period: r.period,
    rater: r.rater_kind,
    ratings: {
      cleaning: r.cleaning,
      security: r.security,
      greening: r.greening,
      repairs: r.repairs,
      service: r.service,
    },
    comment: r.comment,
    at: new Date(r.rated_at).toISOString(),
  };
}

function feeView(f: FeeRow): FeeRateView {
  const due = Number(f.due_fen);
  const collected = Number(f.collected_fen);
  return {
    compoundId: f.compound_id,
    propertyCompanyPath: f.property_company_path,
    period: f.period,
    dueFen: due,
    collectedFen: collected,
    rate: exact(fraction(BigInt(collected), BigInt(due))),
    at: new Date(f.reported_at).toISOString(),
  };
}

/**
 * Property-company assessment: residents (owners of the compound linked to their accounts, once
 * per period) and the council (the compound's owners' committee, once per period) rate the
 * compound's property company; the company or the community reports the fee collection; the
 * score per company and period follows the district's weights (domain/assessment-score).
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly store: AssessmentStore,
    private readonly access: VoteAccess,
    private readonly votes: VoteStore,
  ) {}

  private companyOf(c: CompoundRef): string {
    if (!c.property_company_path)
      throw unprocessable('The compound has no property company to assess', {
        fields: { compoundId: ['no property company'] },
      });
    return c.property_company_path;
  }

  async rate(cmd: RatePropertyCompanyCommand, actor?: Actor): Promise<PropertyRatingView> {
    const a = requireActor(actor);
    const c = await this.access.compound(cmd.compoundId);
    let raterKey: string;
    if (cmd.as === 'council') {
      if (!(a.kind === 'user' && holds(a, 'owners_committee_member') && reaches(a, c.owners_committee_path)))
        throw forbidden("Only the compound's owners' committee rates for the council");
      raterKey = 'council';
    } else {
      if (!(a.kind === 'user' && (await this.votes.isOwnerOf(c.id, a.id))))
        throw forbidden('Only the owners of the compound rate its property company as residents');
      raterKey = a.id;
    }
    const company = this.companyOf(c);
    const now = this.clock.now();
    try {
      return await this.dataSource.transaction(async (m) => {
        const row = await this.store.insertRating(m, {
          compoundId: c.id,
          street: c.street_code,
          communityPath: c.community_path,
          propertyCompanyPath: company,
          period: cmd.period,
          raterKind: cmd.as,
          raterKey,
          ratings: cmd.ratings,
          comment: cmd.comment ?? null,
          by: a.id,
          at: now,
        });
        const view = ratingView(row);
        const data: PropertyCompanyRatedData = {
          compoundId: c.id,
          street: c.street_code,
          communityPath: c.community_path,
          propertyCompanyPath: company,
          period: cmd.period,
          ratingId: row.id,
          rater: cmd.as,
          ratings: view.ratings,
          by: personOf(a),
          at: now.toISOString(),
        };
        await this.outbox.add(m, { type: CouncilsEvents.propertyCompanyRated, street: c.street_code, actor: a, data });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'property_rating_once'))
        throw conflict(
          cmd.as === 'council'
            ? 'The council has already rated this compound’s property company for the period'
            : 'You have already rated this compound’s property company for the period',
          { period: cmd.period },
        );
      throw error;
    }
  }

  async reportFees(cmd: ReportFeeRateCommand, actor?: Actor): Promise<FeeRateView> {
    const a = requireActor(actor);
    const c = await this.access.compound(cmd.compoundId);
    const company = c.property_company_path;
    const allowed =
      a.kind === 'user' && (keeps(a, c.community_path) || (holds(a, 'property_manager') && reaches(a, company)));
    if (!allowed)
      throw forbidden("This needs the compound's property company or its community secretary or street admin");
    const companyPath = this.companyOf(c);
    if (cmd.collectedFen > cmd.dueFen)
      throw unprocessable('Fees collected cannot exceed the fees due', {
        fields: { collectedFen: ['more than dueFen'] },
      });
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const row = await this.store.upsertFee(m, {
        compoundId: c.id,
        street: c.street_code,
        communityPath: c.community_path,
        propertyCompanyPath: companyPath,
        period: cmd.period,
        dueFen: cmd.dueFen,
        collectedFen: cmd.collectedFen,
        by: a.id,
        at: now,
      });
      const view = feeView(row);
      const data: FeeRateReportedData = {
        compoundId: c.id,
        street: c.street_code,
        communityPath: c.community_path,
        propertyCompanyPath: companyPath,
        period: cmd.period,
        dueFen: view.dueFen,
        collectedFen: view.collectedFen,
        rate: view.rate.fraction,
        by: personOf(a),
        at: now.toISOString(),
      };
      await this.outbox.add(m, { type: CouncilsEvents.feeRateReported, street: c.street_code, actor: a, data });
      return view;
    });
  }

  private async weightsOf(district: string): Promise<AssessmentWeightsView> {
    const w = await this.store.weights(district);
    return { district, configured: w !== undefined, ...(w ?? DEFAULT_SCORE_WEIGHTS) };
  }

  async getWeights(req: DistrictRequest, actor?: Actor): Promise<AssessmentWeightsView> {
    const a = requireActor(actor);
    if (
      a.kind !== 'user' ||
      !a.scopes.some((s) => districtOfPath(s) === req.district) ||
      a.roles.every((r) => r === 'resident')
    )
      throw forbidden('Only staff of the district read its assessment weights', { district: req.district });
    return this.weightsOf(req.district);
  }

  async setWeights(cmd: AssessmentWeightsCommand, actor?: Actor): Promise<AssessmentWeightsView> {
    const a = requireActor(actor);
    if (!(a.kind === 'user' && holds(a, 'district_admin') && reaches(a, cmd.district)))
      throw forbidden("This needs the district's admin", { district: cmd.district });
    const w: ScoreWeights = {
      residents: cmd.residents,
      council: cmd.council,
      feeRate: cmd.feeRate,
      aspects: Object.fromEntries(ASSESSMENT_ASPECTS.map((k) => [k, cmd.aspects[k]])) as ScoreWeights['aspects'],
    };
    const problem = weightsProblem(w);
    if (problem) throw unprocessable(problem, { fields: { weights: [problem] } });
    await this.store.setWeights(cmd.district, w, a.id, this.clock.now());
    return this.weightsOf(cmd.district);
  }

  /** The company's score for the period, each part explained (street and district admins, the company's own staff). */
  async score(req: CompanyScoreRequest, actor?: Actor): Promise<CompanyScoreView> {
    const a = requireActor(actor);
    const path = req.propertyCompanyPath;
    if (!(a.kind === 'user' && (keeps(a, path) || (holds(a, 'property_manager') && reaches(a, path)))))
      throw forbidden("This needs the street or district admin over the property company, or the company's staff", {
        path,
      });
    const weights = await this.weightsOf(districtOfPath(path));
    const [ratings, fees] = await Promise.all([
      this.store.ratingSums(path, req.period),
      this.store.feeSums(path, req.period),
    ]);
    const s = scoreCompany(ratings.resident, ratings.council, fees, weights);
    return {
      propertyCompanyPath: path,
      period: req.period,
      score: s.value ? percentOf(s.value) : null,
      exact: s.value ? exact(s.value) : null,
      weights,
      parts: s.parts.map((p) => ({
        part: p.part,
        present: p.present,
        weight: p.weight,
        value: p.value ? exact(p.value) : null,
        points: percentOf(p.points),
        count: p.count,
        ...(p.aspectMeans ? { aspectMeans: p.aspectMeans } : {}),
        explanation: p.explanation,
      })),
      explanation: s.explanation,
    };
  }
}
