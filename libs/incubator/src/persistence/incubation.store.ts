import { Injectable } from '@nestjs/common';
import type { IncubationStage, LeaveReason } from '@gz/contracts';
import { execute, Params, prepared, readPage, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { IncubationDetailRow, IncubationRow, MentoringRow } from './incubation-views';

type Queryable = Pick<EntityManager, 'query'>;

/** An incubation with its park's name, its organisation's facts and its whole stage history. */
const DETAIL = `i.*, p.name AS park_name, o.name AS organisation_name, o.legal_status, o.community_path, o.org_path,
  ARRAY(SELECT oc.community_path FROM "incubator".organisation_community oc
         WHERE oc.organisation_id = o.id ORDER BY oc.community_path) AS communities_served,
  COALESCE((SELECT json_agg(json_build_object('stage', s.stage, 'from', s.from_stage, 'reason', s.reason,
              'note', s.note, 'byId', s.by_id, 'byName', s.by_name, 'at', s.at) ORDER BY s.id)
              FROM "incubator".incubation_stage s WHERE s.incubation_id = i.id), '[]'::json) AS history`;
const JOINS = `FROM "incubator".incubation i
  JOIN "incubator".park p ON p.id = i.park_id
  JOIN "incubator".organisation o ON o.id = i.organisation_id`;

/** A stage entered, as the history keeps it. */
export interface StageEntered {
  incubationId: string;
  stage: IncubationStage;
  from: IncubationStage | null;
  reason: LeaveReason | null;
  note: string | null;
  byId: string;
  byName: string | null;
  at: Date;
}

/** Incubations, the stages each entered, and their mentoring records. */
@Injectable()
export class IncubationStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, i: IncubationRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".incubation
        (id, park_id, organisation_id, stage, street_code, park_path, applied_at, first_review_due_at,
         first_reviewed_at, left_reason, version, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`),
      [
        i.id,
        i.park_id,
        i.organisation_id,
        i.stage,
        i.street_code,
        i.park_path,
        i.applied_at,
        i.first_review_due_at,
        i.first_reviewed_at,
        i.left_reason,
        i.version,
        i.created_at,
        i.updated_at,
      ],
    );
  }

  async enter(m: Queryable, s: StageEntered): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".incubation_stage (incubation_id, stage, from_stage, reason, note, by_id, by_name, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`),
      [s.incubationId, s.stage, s.from, s.reason, s.note, s.byId, s.byName, s.at],
    );
  }

  /** Locks the incubation's row (for a move, an assessment) and reads it with its facts and history. */
  async lock(m: Queryable, id: string): Promise<IncubationDetailRow | undefined> {
    const rows: IncubationDetailRow[] = await m.query(
      prepared(`SELECT ${DETAIL} ${JOINS} WHERE i.id = $1 FOR UPDATE OF i`),
      [id],
    );
    return rows[0];
  }

  /** Moves the incubation on when it is still at `version`; the first move out of applied is its first review. */
  async move(
    m: Queryable,
    id: string,
    version: number,
    to: IncubationStage,
    reason: LeaveReason | null,
    at: Date,
  ): Promise<boolean> {
    const n = await execute(
      m,
      `UPDATE "incubator".incubation
          SET stage = $3, left_reason = $4, version = version + 1, updated_at = $5,
              first_reviewed_at = COALESCE(first_reviewed_at, $5)
        WHERE id = $1 AND version = $2`,
      [id, version, to, reason, at],
    );
    return n === 1;
  }

  async get(m: Queryable, id: string): Promise<IncubationDetailRow | undefined> {
    const rows: IncubationDetailRow[] = await m.query(prepared(`SELECT ${DETAIL} ${JOINS} WHERE i.id = $1`), [id]);
    return rows[0];
  }

  /**
   * Incubations the caller sees (parks or organisations within `scopes`, organisations whose
   * unit lies within `orgScopes`), filtered, one page; overdue first reviews oldest deadline first.
   */
  async list(
    where: {
      scopes: readonly string[];
      orgScopes: readonly string[];
      parkId?: string;
      organisationId?: string;
      stage?: IncubationStage;
      within?: string;
      overdueAt?: Date;
    },
    page: number,
    pageSize: number,
  ): Promise<{ rows: IncubationDetailRow[]; total: number }> {
    const p = new Params();
    const seen = [
      withinScopes('i.park_path', where.scopes, p),
      withinScopes('o.community_path', where.scopes, p),
      withinScopes('o.org_path', where.orgScopes, p),
    ];
    const filters = [`(${seen.join(' OR ')})`];
    if (where.parkId) filters.push(`i.park_id = ${p.add(where.parkId)}`);
    if (where.organisationId) filters.push(`i.organisation_id = ${p.add(where.organisationId)}`);
    if (where.stage) filters.push(`i.stage = ${p.add(where.stage)}`);
    if (where.within) filters.push(withinPath('i.park_path', where.within, p));
    if (where.overdueAt) filters.push(`i.stage = 'applied' AND i.first_review_due_at <= ${p.add(where.overdueAt)}`);
    return readPage<IncubationDetailRow>(this.dataSource, {
      columns: DETAIL,
      from: `${JOINS} WHERE ${filters.join(' AND ')}`,
      orderBy: where.overdueAt ? 'i.first_review_due_at, i.id' : 'i.applied_at, i.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** When the incubation entered a stage (undefined: it never did). */
  async enteredAt(m: Queryable, id: string, stage: IncubationStage): Promise<Date | undefined> {
    const rows: Array<{ at: Date }> = await m.query(
      prepared(`SELECT at FROM "incubator".incubation_stage WHERE incubation_id = $1 AND stage = $2`),
      [id, stage],
    );
    return rows[0]?.at;
  }

  async insertMentoring(m: Queryable, r: MentoringRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".incubation_mentoring
        (id, incubation_id, held_on, mentor, mentor_organisation, topic, notes, recorded_by_id, recorded_by_name, recorded_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
      [
        r.id,
        r.incubation_id,
        r.held_on,
        r.mentor,
        r.mentor_organisation,
        r.topic,
        r.notes,
        r.recorded_by_id,
        r.recorded_by_name,
        r.recorded_at,
      ],
    );
  }

  /** The incubation's mentoring records by the day they were held, one page. */
  async mentoring(
    incubationId: string,
    page: number,
    pageSize: number,
  ): Promise<{ rows: MentoringRow[]; total: number }> {
    return readPage<MentoringRow>(this.dataSource, {
      columns: `m.id, m.incubation_id, m.held_on::text AS held_on, m.mentor, m.mentor_organisation, m.topic, m.notes,
        m.recorded_by_id, m.recorded_by_name, m.recorded_at`,
      from: `FROM "incubator".incubation_mentoring m WHERE m.incubation_id = $1`,
      orderBy: 'm.held_on, m.id',
      params: [incubationId],
      page,
      pageSize,
    });
  }
}
