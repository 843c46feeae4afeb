import { Injectable } from '@nestjs/common';
import type { SurveyKind } from '@gz/contracts';
import { fastRead, Params, withinPath } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';

export interface SurveyRow {
  id: string;
  kind: SurveyKind;
  path: string;
  street_code: string;
  title: string;
  questions: Array<{ code: string; text: string }>;
  answers: number;
  created_at: Date;
}

/** Questionnaires and which tickets were answered for (their answers are in the log, as `survey.answered`). */
@Injectable()
export class SurveyStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(s: Omit<SurveyRow, 'answers' | 'created_at'> & { by: string; at: Date }): Promise<SurveyRow> {
    const [row] = await this.dataSource.query(
      `INSERT INTO "evaluation".survey (id, kind, path, street_code, title, questions, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [s.id, s.kind, s.path, s.street_code, s.title, JSON.stringify(s.questions), s.by, s.at],
    );
    return row;
  }

  async get(id: string): Promise<SurveyRow | undefined> {
    const [row] = await fastRead<SurveyRow>(this.dataSource, `SELECT * FROM "evaluation".survey WHERE id = $1`, [id]);
    return row;
  }

  async list(scopes: readonly string[], path?: string): Promise<SurveyRow[]> {
    const p = new Params();
    const conds = [`(${scopes.map((s) => withinPath('path', s, p)).join(' OR ') || 'false'})`];
    if (path) conds.push(withinPath('path', path, p));
    return fastRead<SurveyRow>(
      this.dataSource,
      `SELECT * FROM "evaluation".survey WHERE ${conds.join(' AND ')} ORDER BY created_at DESC LIMIT 200`,
      p.values,
    );
  }

  /** Counts one more answer sheet; for a ticket, once (false: this ticket was answered already). */
  async answered(m: EntityManager, surveyId: string, ticketId: string | null): Promise<boolean> {
    if (ticketId) {
      const rows = await m.query(
        `INSERT INTO "evaluation".survey_ticket (survey_id, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING ticket_id`,
        [surveyId, ticketId],
      );
      if (rows.length === 0) return false;
    }
    await m.query(`UPDATE "evaluation".survey SET answers = answers + 1 WHERE id = $1`, [surveyId]);
    return true;
  }
}
