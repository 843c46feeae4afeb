import { Injectable } from '@nestjs/common';
import type { MidtermOutcome, ProjectGrade, ProjectStatus, RoundApplicationStatus } from '@gz/contracts';
import { fastRead, Params, prepared, readPage, updateReturning, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { RoundApplicationRecord, RoundApplicationRow } from './round-views';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Who reads: the user (whose conflicts of interest hide applications from them), the places they
 * read within (keepers and auditors) and the org units they act for (an organisation's staff).
 */
export interface ApplicationViewer {
  userId: string;
  scopes: readonly string[];
  orgScopes: readonly string[];
}

/**
 * SQL keeping the applications (alias `a`, its organisation `o`) the viewer may see: within their
 * places, their organisations' own, or those of a round they review; and never one they have a
 * conflict of interest with, whatever else they hold. Every read of applications (lists, the
 * ranking, its export, a single one, score sheets) goes through it.
 */
export function visibleTo(v: ApplicationViewer, p: Params): string {
  const me = p.add(v.userId);
  return `((${withinScopes('a.community_path', v.scopes, p)})
      OR (${withinScopes('o.org_path', v.orgScopes, p)})
      OR EXISTS (SELECT 1 FROM "incubator".round_reviewer rv WHERE rv.round_id = a.round_id AND rv.user_id = ${me}))
    AND NOT EXISTS (SELECT 1 FROM "incubator".round_conflict cf WHERE cf.application_id = a.id AND cf.reviewer_id = ${me})`;
}

/** The columns of an application as read, for the viewer `$me`. */
const columns = (me: string) => `a.*, o.name AS organisation_name, o.org_path AS organisation_org_path,
  o.community_path AS organisation_community_path, r.track, r.place_path,
  EXISTS (SELECT 1 FROM "incubator".round_score_sheet ss WHERE ss.application_id = a.id AND ss.reviewer_id = ${me}) AS scored_by_me`;

const FROM = `FROM "incubator".round_application a
  JOIN "incubator".organisation o ON o.id = a.organisation_id
  JOIN "incubator".round r ON r.id = a.round_id`;

/** Applications to venture-philanthropy rounds and the projects their awards fund. */
@Injectable()
export class RoundApplicationStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, a: RoundApplicationRecord): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".round_application
        (id, round_id, organisation_id, street_code, community_path, title, summary, target_group, amount_fen,
         budget_lines, milestone_plan, status, submitted_by, submitted_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'submitted', $12, $13, $13)`),
      [
        a.id,
        a.round_id,
        a.organisation_id,
        a.street_code,
        a.community_path,
        a.title,
        a.summary,
        a.target_group,
        a.amount_fen,
        JSON.stringify(a.budget_lines),
        JSON.stringify(a.milestone_plan),
        a.submitted_by,
        a.submitted_at,
      ],
    );
  }

  /** The application when the viewer may see it (see `visibleTo`); undefined otherwise, as when there is none. */
  async visible(viewer: ApplicationViewer, id: string, m?: Queryable): Promise<RoundApplicationRow | undefined> {
    const p = new Params([id]);
    const sql = `SELECT ${columns(p.add(viewer.userId))} ${FROM} WHERE a.id = $1 AND ${visibleTo(viewer, p)}`;
    const rows: RoundApplicationRow[] = m
      ? await m.query(sql, p.values)
      : await fastRead(this.dataSource, sql, p.values);
    return rows[0];
  }

  /** Locks the application's row for a change of its award or project (after `visible` allowed the caller). */
  async lock(m: Queryable, id: string): Promise<RoundApplicationRow | undefined> {
    const rows: RoundApplicationRow[] = await m.query(
      `SELECT ${columns("''")} ${FROM} WHERE a.id = $1 FOR UPDATE OF a`,
      [id],
    );
    return rows[0];
  }

  async list(
    viewer: ApplicationViewer,
    where: { roundId?: string; organisationId?: string; status?: RoundApplicationStatus; unscored?: boolean },
    page: number,
    pageSize: number,
  ): Promise<{ rows: RoundApplicationRow[]; total: number }> {
    const p = new Params();
    const me = p.add(viewer.userId);
    const filters = [visibleTo(viewer, p)];
    if (where.roundId) filters.push(`a.round_id = ${p.add(where.roundId)}`);
    if (where.organisationId) filters.push(`a.organisation_id = ${p.add(where.organisationId)}`);
    if (where.status) filters.push(`a.status = ${p.add(where.status)}`);
    if (where.unscored)
      filters.push(
        `NOT EXISTS (SELECT 1 FROM "incubator".round_score_sheet us WHERE us.application_id = a.id AND us.reviewer_id = ${me})`,
      );
    return readPage<RoundApplicationRow>(this.dataSource, {
      columns: columns(me),
      from: `${FROM} WHERE ${filters.join(' AND ')}`,
      orderBy: 'a.submitted_at DESC, a.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** True when one of the org units has applied to the round (its staff may see the round's panel). */
  async applies(roundId: string, orgScopes: readonly string[]): Promise<boolean> {
    if (orgScopes.length === 0) return false;
    const p = new Params([roundId]);
    const rows = await fastRead(
      this.dataSource,
      `SELECT 1 FROM "incubator".round_application a JOIN "incubator".organisation o ON o.id = a.organisation_id
        WHERE a.round_id = $1 AND ${withinScopes('o.org_path', orgScopes, p)} LIMIT 1`,
      p.values,
    );
    return rows.length > 0;
  }

  /** Awards the application (still only submitted): its project starts running. */
  async award(m: Queryable, id: string, amountFen: number, by: string, at: Date): Promise<boolean> {
    const rows = await updateReturning(
      m,
      prepared(`UPDATE "incubator".round_application
        SET status = 'awarded', awarded_fen = $2, awarded_by = $3, awarded_at = $4, project_status = 'running',
            version = version + 1, updated_at = $4
        WHERE id = $1 AND status = 'submitted' RETURNING id`),
      [id, amountFen, by, at],
    );
    return rows.length === 1;
  }

  async recordMidterm(
    m: Queryable,
    id: string,
    review: { outcome: MidtermOutcome; findings: string; by: string; at: Date },
  ): Promise<void> {
    const status: ProjectStatus = review.outcome === 'fail' ? 'stopped' : 'running';
    await m.query(
      `UPDATE "incubator".round_application
        SET midterm_outcome = $2, midterm_findings = $3, midterm_by = $4, midterm_at = $5, project_status = $6,
            version = version + 1, updated_at = $5
        WHERE id = $1`,
      [id, review.outcome, review.findings, review.by, review.at, status],
    );
  }

  async recordFinal(
    m: Queryable,
    id: string,
    evaluation: { score: number; grade: ProjectGrade; findings: string; by: string; at: Date },
  ): Promise<void> {
    await m.query(
      `UPDATE "incubator".round_application
        SET final_score = $2, final_grade = $3, final_findings = $4, final_by = $5, final_at = $6,
            project_status = 'completed', version = version + 1, updated_at = $6
        WHERE id = $1`,
      [id, evaluation.score, evaluation.grade, evaluation.findings, evaluation.by, evaluation.at],
    );
  }

  /** Adds a disbursement to the project's paid total (the CHECK keeps it within the award). */
  async addDisbursed(m: Queryable, id: string, amountFen: number, at: Date): Promise<number> {
    const rows = await updateReturning<{ disbursed_fen: string }>(
      m,
      `UPDATE "incubator".round_application SET disbursed_fen = disbursed_fen + $2, version = version + 1, updated_at = $3
        WHERE id = $1 RETURNING disbursed_fen`,
      [id, amountFen, at],
    );
    return Number(rows[0].disbursed_fen);
  }

  /** The round's funded projects: how many, how many still open, what was awarded and paid. */
  async projectTotals(
    m: Queryable,
    roundId: string,
  ): Promise<{ projects: number; open: number; awardedFen: number; disbursedFen: number }> {
    const [row] = (await m.query(
      `SELECT count(*)::int AS projects, count(*) FILTER (WHERE project_status <> 'completed')::int AS open,
              coalesce(sum(awarded_fen), 0)::text AS awarded, coalesce(sum(disbursed_fen), 0)::text AS disbursed
         FROM "incubator".round_application WHERE round_id = $1 AND status = 'awarded'`,
      [roundId],
    )) as { projects: number; open: number; awarded: string; disbursed: string }[];
    return {
      projects: row.projects,
      open: row.open,
      awardedFen: Number(row.awarded),
      disbursedFen: Number(row.disbursed),
    };
  }
}
