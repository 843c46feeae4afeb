import { Injectable } from '@nestjs/common';
import {
  districtOfPath,
  EvaluationEvents,
  personOf,
  streetOfPath,
  type Actor,
  type RecordedView,
  type RecordIncidentCommand,
  type StreetRatingCommand,
} from '@gz/contracts';
import { Clock, forbidden, newId, requireActor, unprocessable } from '@gz/platform';
import { isDistrictAdmin, isStreetAdmin } from '../domain/access';
import { parsePeriod } from '../domain/days';
import { LogWriter } from './log-writer.service';

/** Inputs people give evaluation: grave incidents (what a veto counts) and streets' ratings of departments. */
@Injectable()
export class InputsService {
  constructor(
    private readonly writer: LogWriter,
    private readonly clock: Clock,
  ) {}

  async incident(cmd: RecordIncidentCommand, actor?: Actor): Promise<RecordedView> {
    const a = requireActor(actor);
    if (!isDistrictAdmin(a, cmd.district))
      throw forbidden("Grave incidents are recorded by the district's admin", { district: cmd.district });
    if (!parsePeriod(`${cmd.day}..${cmd.day}`))
      throw unprocessable('day is not a real day', { fields: { day: ['not a day'] } });
    const place = cmd.unitKind !== 'grid_worker';
    if (place && districtOfPath(cmd.unit) !== cmd.district)
      throw unprocessable('The unit is not in the district', { fields: { unit: ['another district'] } });
    const id = newId();
    const street = place ? streetOfPath(cmd.unit) : 'all';
    const position = await this.writer.record(a, [
      {
        type: EvaluationEvents.incidentRecorded,
        street,
        data: {
          incidentId: id,
          district: cmd.district,
          unitKind: cmd.unitKind,
          unit: cmd.unit,
          street,
          day: cmd.day,
          reason: cmd.reason,
          by: personOf(a),
          at: this.clock.now().toISOString(),
        },
      },
    ]);
    return { id, position };
  }

  async streetRating(cmd: StreetRatingCommand, actor?: Actor): Promise<RecordedView> {
    const a = requireActor(actor);
    const street = streetOfPath(cmd.streetPath);
    if (street === 'all' || cmd.streetPath.split('.').length !== 2)
      throw unprocessable('streetPath must be a street (d01.s01)', { fields: { streetPath: ['not a street'] } });
    if (!isStreetAdmin(a, cmd.streetPath))
      throw forbidden("A street's rating of a department is given by its street admin", { street });
    if (districtOfPath(cmd.department) !== districtOfPath(cmd.streetPath))
      throw unprocessable('The department is not in the street’s district', {
        fields: { department: ['another district'] },
      });
    const id = newId();
    const position = await this.writer.record(a, [
      {
        type: EvaluationEvents.streetRatingRecorded,
        street,
        data: {
          ratingId: id,
          district: districtOfPath(cmd.streetPath),
          street,
          department: cmd.department,
          month: cmd.month,
          score: cmd.score,
          by: personOf(a),
          at: this.clock.now().toISOString(),
        },
      },
    ]);
    return { id, position };
  }
}
