import type { EventPerson } from '../actor';
import type { UnitKind } from './units';

/** `evaluation_period.closed` / `reopened`: a district closed (封账) or reopened a period. */
export interface EvaluationPeriodData {
  district: string;
  label: string;
  from: string;
  to: string;
  by: EventPerson;
  at: string;
}

/** `evaluation_incident.recorded`: a grave incident against a unit (what a veto counts). */
export interface EvaluationIncidentRecordedData {
  incidentId: string;
  district: string;
  unitKind: UnitKind;
  unit: string;
  street: string;
  day: string;
  reason: string;
  by: EventPerson;
  at: string;
}

/** `street_rating.recorded`: a street rated a department for a month (0–100). */
export interface StreetRatingRecordedData {
  ratingId: string;
  district: string;
  street: string;
  department: string;
  month: string;
  score: number;
  by: EventPerson;
  at: string;
}

/** `survey.answered`: one answer sheet of a survey (the scores, no respondent). */
export interface SurveyAnsweredData {
  surveyId: string;
  answerId: string;
  path: string;
  street: string;
  kind: 'after_ticket' | 'periodic';
  ticketId: string | null;
  /** the answers' scores, 1–5 */
  scores: number[];
  at: string;
}

/** `satisfaction.imported`: one row of a third-party survey's results (样本数, 满意数). */
export interface SatisfactionImportedData {
  importId: string;
  row: number;
  path: string;
  street: string;
  day: string;
  sample: number;
  satisfied: number;
  at: string;
}

/** Events the evaluation service publishes (and writes into its own log, beside the ones it consumed). */
export const EvaluationEvents = {
  periodClosed: 'evaluation_period.closed',
  periodReopened: 'evaluation_period.reopened',
  incidentRecorded: 'evaluation_incident.recorded',
  streetRatingRecorded: 'street_rating.recorded',
  surveyAnswered: 'survey.answered',
  satisfactionImported: 'satisfaction.imported',
} as const satisfies Record<string, keyof EvaluationEventMap>;

/** Evaluation's part of the event map. */
export interface EvaluationEventMap {
  'evaluation_period.closed': EvaluationPeriodData;
  'evaluation_period.reopened': EvaluationPeriodData;
  'evaluation_incident.recorded': EvaluationIncidentRecordedData;
  'street_rating.recorded': StreetRatingRecordedData;
  'survey.answered': SurveyAnsweredData;
  'satisfaction.imported': SatisfactionImportedData;
}
