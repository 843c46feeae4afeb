import { Injectable } from '@nestjs/common';
import type { AssessmentStatus, CapacityDimension } from '@gz/contracts';
import { execute, Params, prepared, readPage } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssessmentDetailRow, AssessmentRow } from './incubation-views';

type Queryable = Pick<EntityManager, 'query'>;

const DETAIL = `a.id, a.incubation_id, a.status, a.assessor_user_id, a.assessor_name, a.assessor_organisation, a.total,
  a.assessed_on::text AS assessed_on, a.summary, a.named_by_id, a.named_by_name, a.named_at, a.submitted_by_id,
  a.submitted_by_name, a.submitted_at, i.organisation_id,
  (SELECT json_agg(json_build_object('dimension', s.dimension, 'score', s.score))
     FROM "incubator".capacity_score s WHERE s.assessment_id = a.id) AS scores`;
const JOINS = `FROM "incubator".capacity_assessment a JOIN "incubator".incubation i ON i.id = a.incubation_id`;

/** The scoring of an assessment, as submitted. */
export interface AssessmentScoring {
  scores: ReadonlyArray<{ dimension: CapacityDimension; score: number }>;
  total: number;
  assessedOn: string;
  summary: string | null;
  byId: string;
  byName: string | null;
  at: Date;
}

/** Capacity assessments of incubations by third-party assessors, and their scores per dimension. */
@Injectable()
export class CapacityAssessmentStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, a: AssessmentRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".capacity_assessment
        (id, incubation_id, status, assessor_user_id, assessor_name, assessor_organisation, total, assessed_on, summary,
         named_by_id, named_by_name, named_at, submitted_by_id, submitted_by_name, submitted_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`),
      [
        a.id,
        a.incubation_id,
        a.status,
        a.assessor_user_id,
        a.assessor_name,
        a.assessor_organisation,
        a.total,
        a.assessed_on,
        a.summary,
        a.named_by_id,
        a.named_by_name,
        a.named_at,
        a.submitted_by_id,
        a.submitted_by_name,
        a.submitted_at,
      ],
    );
  }

  async insertScores(
    m: Queryable,
    assessmentId: string,
    scores: ReadonlyArray<{ dimension: CapacityDimension; score: number }>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO "incubator".capacity_score (assessment_id, dimension, score)
       SELECT $1, d, s FROM unnest($2::text[], $3::int[]) AS t(d, s)`,
      [assessmentId, scores.map((s) => s.dimension), scores.map((s) => s.score)],
    );
  }

  /** Marks a named assessment submitted, once: false when it was submitted already. */
  async submit(m: Queryable, id: string, s: AssessmentScoring): Promise<boolean> {
    const n = await execute(
      m,
      `UPDATE "incubator".capacity_assessment
          SET status = 'submitted', total = $2, assessed_on = $3, summary = COALESCE($4, summary),
              submitted_by_id = $5, submitted_by_name = $6, submitted_at = $7
        WHERE id = $1 AND status = 'named'`,
      [id, s.total, s.assessedOn, s.summary, s.byId, s.byName, s.at],
    );
    if (n !== 1) return false;
    await this.insertScores(m, id, s.scores);
    return true;
  }

  async get(m: Queryable, id: string): Promise<AssessmentDetailRow | undefined> {
    const rows: AssessmentDetailRow[] = await m.query(`SELECT ${DETAIL} ${JOINS} WHERE a.id = $1`, [id]);
    return rows[0];
  }

  /** Whether the user is named as an assessor of the incubation (they then see it). */
  async namedTo(m: Queryable, incubationId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      prepared(
        `SELECT 1 FROM "incubator".capacity_assessment WHERE incubation_id = $1 AND assessor_user_id::text = $2 LIMIT 1`,
      ),
      [incubationId, userId],
    );
    return rows.length > 0;
  }

  /** How many of the incubation's assessments have their scores in. */
  async submittedCount(m: Queryable, incubationId: string): Promise<number> {
    const [{ n }] = await m.query(
      prepared(
        `SELECT count(*)::int AS n FROM "incubator".capacity_assessment WHERE incubation_id = $1 AND status = 'submitted'`,
      ),
      [incubationId],
    );
    return n;
  }

  /** The total of the incubation's latest submitted assessment. */
  async latestTotal(m: Queryable, incubationId: string): Promise<number | null> {
    const rows: Array<{ total: number }> = await m.query(
      prepared(`SELECT total FROM "incubator".capacity_assessment WHERE incubation_id = $1 AND status = 'submitted'
        ORDER BY assessed_on DESC, submitted_at DESC LIMIT 1`),
      [incubationId],
    );
    return rows[0]?.total ?? null;
  }

  /** Assessments of one incubation, or named to one assessor, oldest first, one page. */
  async list(
    where: { incubationId?: string; assessorUserId?: string; status?: AssessmentStatus },
    page: number,
    pageSize: number,
  ): Promise<{ rows: AssessmentDetailRow[]; total: number }> {
    const p = new Params();
    const filters: string[] = [];
    if (where.incubationId) filters.push(`a.incubation_id = ${p.add(where.incubationId)}`);
    if (where.assessorUserId) filters.push(`a.assessor_user_id = ${p.add(where.assessorUserId)}`);
    if (where.status) filters.push(`a.status = ${p.add(where.status)}`);
    // one of the two scopes is always given by the service; never list everything
    if (!where.incubationId && !where.assessorUserId) filters.push('false');
    return readPage<AssessmentDetailRow>(this.dataSource, {
      columns: DETAIL,
      from: `${JOINS} WHERE ${filters.join(' AND ')}`,
      orderBy: 'a.named_at, a.id',
      params: p.values,
      page,
      pageSize,
    });
  }
}
