import { Injectable } from '@nestjs/common';
import {
  EvaluationEvents,
  pathWithin,
  streetOfPath,
  type Actor,
  type CreateSurveyCommand,
  type RecordedView,
  type SatisfactionImportCommand,
  type SatisfactionImportReport,
  type SurveyAnswerCommand,
  type SurveyListQuery,
  type SurveyView,
} from '@gz/contracts';
import { Clock, conflict, forbidden, newId, notFound, requireActor, unprocessable } from '@gz/platform';
import { isStaff } from '../domain/access';
import { checkImport } from '../domain/satisfaction-import';
import { SurveyStore, type SurveyRow } from '../persistence/survey.store';
import { LogWriter } from './log-writer.service';

const KEEPERS = ['community_secretary', 'street_admin', 'district_admin'];
const reaches = (a: Actor, path: string) => a.scopes.some((s) => pathWithin(path, s));
const keeps = (a: Actor, path: string) =>
  a.kind === 'user' && a.roles.some((r) => KEEPERS.includes(r)) && reaches(a, path);

function view(r: SurveyRow): SurveyView {
  return {
    id: r.id,
    kind: r.kind,
    path: r.path,
    title: r.title,
    questions: r.questions,
    answers: r.answers,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Residents' satisfaction (群众评): questionnaires and their answers, and third-party results imported from a spreadsheet. */
@Injectable()
export class SurveysService {
  constructor(
    private readonly store: SurveyStore,
    private readonly writer: LogWriter,
    private readonly clock: Clock,
  ) {}

  async create(cmd: CreateSurveyCommand, actor?: Actor): Promise<SurveyView> {
    const a = requireActor(actor);
    if (!keeps(a, cmd.path))
      throw forbidden('Surveys are set up by the place’s community secretary or street and district admins', {
        path: cmd.path,
      });
    if (cmd.path.split('.').length < 2)
      throw unprocessable('A survey is of a street, community or grid', { fields: { path: ['too high'] } });
    const codes = cmd.questions.map((q) => q.code);
    if (new Set(codes).size !== codes.length)
      throw unprocessable('Question codes repeat', { fields: { questions: ['repeated codes'] } });
    const row = await this.store.create({
      id: newId(),
      kind: cmd.kind,
      path: cmd.path,
      street_code: streetOfPath(cmd.path),
      title: cmd.title,
      questions: cmd.questions.map((q) => ({ code: q.code, text: q.text })),
      by: a.id,
      at: this.clock.now(),
    });
    return view(row);
  }

  async list(q: SurveyListQuery, actor?: Actor): Promise<SurveyView[]> {
    const a = requireActor(actor);
    if (a.kind !== 'user') throw forbidden('Sign in as a person');
    return (await this.store.list(a.scopes, q.path)).map(view);
  }

  /** One answer sheet: the residents of the surveyed place answer (or staff enter a paper sheet); every question 1–5. */
  async answer(cmd: SurveyAnswerCommand, actor?: Actor): Promise<RecordedView> {
    const a = requireActor(actor);
    const s = await this.store.get(cmd.surveyId);
    if (!s || !(reaches(a, s.path) || a.scopes.some((sc) => pathWithin(sc, s.path))))
      throw notFound('Survey', { id: cmd.surveyId });
    if (a.kind !== 'user') throw forbidden('Sign in as a person');
    const codes = s.questions.map((q) => q.code);
    const given = Object.keys(cmd.answers ?? {});
    const wrong = given.filter((k) => !codes.includes(k));
    const missing = codes.filter((k) => !given.includes(k));
    const bad = given.filter((k) => !Number.isInteger(cmd.answers[k]) || cmd.answers[k] < 1 || cmd.answers[k] > 5);
    if (wrong.length || missing.length || bad.length)
      throw unprocessable('Answer every question with 1–5, and only the survey’s questions', {
        fields: {
          answers: [
            ...wrong.map((k) => `${k}: not a question`),
            ...missing.map((k) => `${k}: missing`),
            ...bad.map((k) => `${k}: 1–5`),
          ],
        },
      });
    if (s.kind === 'after_ticket' && !cmd.ticketId)
      throw unprocessable('An after-ticket survey names its ticket', { fields: { ticketId: ['required'] } });
    if (s.kind === 'periodic' && cmd.ticketId)
      throw unprocessable('A periodic survey names no ticket', { fields: { ticketId: ['not for periodic'] } });
    if (!isStaff(a) && !a.roles.includes('resident')) throw forbidden('Residents answer surveys');
    const id = newId();
    let fresh = true;
    const position = await this.writer.record(
      a,
      [
        {
          type: EvaluationEvents.surveyAnswered,
          street: s.street_code,
          data: {
            surveyId: s.id,
            answerId: id,
            path: s.path,
            street: s.street_code,
            kind: s.kind,
            ticketId: cmd.ticketId ?? null,
            scores: codes.map((k) => cmd.answers[k]),
            at: this.clock.now().toISOString(),
          },
        },
      ],
      async (m) => {
        fresh = await this.store.answered(m, s.id, cmd.ticketId ?? null);
        if (!fresh) throw conflict('This ticket’s questionnaire has been answered already', { ticketId: cmd.ticketId });
      },
    );
    return { id, position };
  }

  /** Third-party results: every row checked; all-or-nothing writes nothing when one is wrong, valid-rows the good ones. */
  async importResults(cmd: SatisfactionImportCommand, actor?: Actor): Promise<SatisfactionImportReport> {
    const a = requireActor(actor);
    if (!(a.kind === 'user' && a.roles.some((r) => r === 'street_admin' || r === 'district_admin')))
      throw forbidden('Third-party results are imported by street and district admins');
    const checked = checkImport(cmd.cells, a.scopes);
    if ('header' in checked) throw unprocessable(checked.header, { field: 'file' });
    const report: SatisfactionImportReport = {
      rows: checked.total,
      imported: 0,
      refused: checked.problems.length,
      problems: checked.problems,
      mode: cmd.mode,
    };
    if (checked.rows.length === 0 || (cmd.mode === 'all-or-nothing' && checked.problems.length > 0)) return report;
    const importId = newId();
    const at = this.clock.now().toISOString();
    await this.writer.record(
      a,
      checked.rows.map((r) => ({
        type: EvaluationEvents.satisfactionImported,
        street: streetOfPath(r.path),
        data: {
          importId,
          row: r.row,
          path: r.path,
          street: streetOfPath(r.path),
          day: r.day,
          sample: r.sample,
          satisfied: r.satisfied,
          at,
        },
      })),
    );
    return { ...report, imported: checked.rows.length };
  }
}
