import {
  EvaluationEvents,
  type EvaluationIncidentRecordedData,
  type EvaluationPeriodData,
  type EventEnvelope,
  type SatisfactionImportedData,
  type StreetRatingRecordedData,
  type SurveyAnsweredData,
} from '@gz/contracts';
import { shanghaiDay } from '../days';
import { placesOf, type Emit, type FactSource } from '../projection';

function apply(e: EventEnvelope, _state: unknown, emit: Emit): void {
  switch (e.type) {
    case EvaluationEvents.periodClosed:
    case EvaluationEvents.periodReopened: {
      const d = e.data as unknown as EvaluationPeriodData;
      const range = { district: d.district, label: d.label, from: d.from, to: d.to };
      if (e.type === EvaluationEvents.periodClosed) emit.close(range);
      else emit.reopen(range);
      return;
    }
    case EvaluationEvents.incidentRecorded: {
      const d = e.data as unknown as EvaluationIncidentRecordedData;
      emit.fact(
        { kind: d.unitKind, unit: d.unit, street: d.street, district: d.district },
        d.day,
        'incident.grave',
        'at',
        1,
      );
      return;
    }
    case EvaluationEvents.streetRatingRecorded: {
      const d = e.data as unknown as StreetRatingRecordedData;
      const u = { kind: 'department' as const, unit: d.department, street: d.street, district: d.district };
      emit.fact(u, `${d.month}-01`, 'street_rating.points', 'at', d.score);
      emit.fact(u, `${d.month}-01`, 'street_rating.max', 'at', 100);
      return;
    }
    case EvaluationEvents.surveyAnswered: {
      const d = e.data as unknown as SurveyAnsweredData;
      const sum = d.scores.reduce((a, b) => a + b, 0);
      const day = shanghaiDay(d.at);
      for (const u of placesOf(d.path)) {
        emit.fact(u, day, 'survey.answers', 'at', 1);
        // satisfied: a sheet whose mean score is 4 or more (integers: sum ≥ 4 × questions)
        if (sum >= 4 * d.scores.length) emit.fact(u, day, 'survey.satisfied', 'at', 1);
        emit.fact(u, day, 'survey.points', 'at', sum);
        emit.fact(u, day, 'survey.points_max', 'at', 5 * d.scores.length);
      }
      return;
    }
    case EvaluationEvents.satisfactionImported: {
      const d = e.data as unknown as SatisfactionImportedData;
      for (const u of placesOf(d.path)) {
        emit.fact(u, d.day, 'third_party.sample', 'at', d.sample);
        emit.fact(u, d.day, 'third_party.satisfied', 'at', d.satisfied);
      }
      return;
    }
  }
}

/** Evaluation's own inputs: periods closed and reopened, grave incidents, streets' ratings of departments, surveys, third-party results. */
export const evaluationSource: FactSource = {
  name: 'evaluation',
  types: [
    EvaluationEvents.periodClosed,
    EvaluationEvents.periodReopened,
    EvaluationEvents.incidentRecorded,
    EvaluationEvents.streetRatingRecorded,
    EvaluationEvents.surveyAnswered,
    EvaluationEvents.satisfactionImported,
  ],
  apply,
};
