import { Injectable } from '@nestjs/common';
import type { AssessmentAspect, RaterKind } from '@gz/contracts';
import { fastRead, newId, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { FeeSums, RatingSums, ScoreWeights } from '../domain/assessment-score';

export interface RatingRow {
  id: string;
  compound_id: string;
  street_code: string;
  community_path: string;
  property_company_path: string;
  period: string;
  rater_kind: RaterKind;
  cleaning: number;
  security: number;
  greening: number;
  repairs: number;
  service: number;
  comment: string | null;
  rated_by: string;
  rated_at: Date;
}

export interface FeeRow {
  compound_id: string;
  period: string;
  street_code: string;
  community_path: string;
  property_company_path: string;
  due_fen: string;
  collected_fen: string;
  reported_by: string;
  reported_at: Date;
}

export interface NewRating {
  compoundId: string;
  street: string;
  communityPath: string;
  propertyCompanyPath: string;
  period: string;
  raterKind: RaterKind;
  raterKey: string;
  ratings: Record<AssessmentAspect, number>;
  comment: string | null;
  by: string;
  at: Date;
}

export interface NewFee {
  compoundId: string;
  street: string;
  communityPath: string;
  propertyCompanyPath: string;
  period: string;
  dueFen: number;
  collectedFen: number;
  by: string;
  at: Date;
}

/** Property-company assessment: ratings, fee collection per period, and each district's weights. */
@Injectable()
export class AssessmentStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertRating(m: EntityManager, r: NewRating): Promise<RatingRow> {
    const [row] = await updateReturning<RatingRow>(
      m,
      `INSERT INTO "councils".property_rating (id, compound_id, street_code, community_path, property_company_path, period,
              rater_kind, rater_key, cleaning, security, greening, repairs, service, comment, rated_by, rated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING *`,
      [
        newId(),
        r.compoundId,
        r.street,
        r.communityPath,
        r.propertyCompanyPath,
        r.period,
        r.raterKind,
        r.raterKey,
        r.ratings.cleaning,
        r.ratings.security,
        r.ratings.greening,
        r.ratings.repairs,
        r.ratings.service,
        r.comment,
        r.by,
        r.at,
      ],
    );
    return row;
  }

  /** Reports (or corrects) the fee collection of a compound in a period. */
  async upsertFee(m: EntityManager, f: NewFee): Promise<FeeRow> {
    const [row] = await updateReturning<FeeRow>(
      m,
      `INSERT INTO "councils".fee_collection (compound_id, period, street_code, community_path, property_company_path,
              due_fen, collected_fen, reported_by, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (compound_id, period) DO UPDATE SET property_company_path = EXCLUDED.property_company_path,
              due_fen = EXCLUDED.due_fen, collected_fen = EXCLUDED.collected_fen,
              reported_by = EXCLUDED.reported_by, reported_at = EXCLUDED.reported_at
       RETURNING *`,
      [f.compoundId, f.period, f.street, f.communityPath, f.propertyCompanyPath, f.dueFen, f.collectedFen, f.by, f.at],
    );
    return row;
  }

  /** The count and aspect sums of each rater kind's ratings of a company in a period. */
  async ratingSums(companyPath: string, period: string): Promise<Record<RaterKind, RatingSums>> {
    const rows = await fastRead<Record<string, string>>(
      this.dataSource,
      `SELECT rater_kind, count(*) AS count, sum(cleaning) AS cleaning, sum(security) AS security,
              sum(greening) AS greening, sum(repairs) AS repairs, sum(service) AS service
         FROM "councils".property_rating WHERE property_company_path = $1 AND period = $2 GROUP BY rater_kind`,
      [companyPath, period],
    );
    const empty = (): RatingSums => ({
      count: 0,
      sums: { cleaning: 0, security: 0, greening: 0, repairs: 0, service: 0 },
    });
    const out: Record<RaterKind, RatingSums> = { resident: empty(), council: empty() };
    for (const r of rows)
      out[r.rater_kind as RaterKind] = {
        count: Number(r.count),
        sums: {
          cleaning: Number(r.cleaning),
          security: Number(r.security),
          greening: Number(r.greening),
          repairs: Number(r.repairs),
          service: Number(r.service),
        },
      };
    return out;
  }

  async feeSums(companyPath: string, period: string): Promise<FeeSums> {
    const [r] = await fastRead<{ compounds: string; due: string | null; collected: string | null }>(
      this.dataSource,
      `SELECT count(*) AS compounds, sum(due_fen) AS due, sum(collected_fen) AS collected
         FROM "councils".fee_collection WHERE property_company_path = $1 AND period = $2`,
      [companyPath, period],
    );
    return { compounds: Number(r.compounds), dueFen: Number(r.due ?? 0), collectedFen: Number(r.collected ?? 0) };
  }

  async weights(district: string): Promise<ScoreWeights | undefined> {
    const rows = await fastRead<{ weights: ScoreWeights }>(
      this.dataSource,
      `SELECT weights FROM "councils".assessment_weights WHERE district = $1`,
      [district],
    );
    return rows[0]?.weights;
  }

  async setWeights(district: string, w: ScoreWeights, by: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "councils".assessment_weights (district, weights, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (district) DO UPDATE SET weights = EXCLUDED.weights, updated_by = EXCLUDED.updated_by,
              updated_at = EXCLUDED.updated_at`,
      [district, JSON.stringify(w), by, at],
    );
  }
}
