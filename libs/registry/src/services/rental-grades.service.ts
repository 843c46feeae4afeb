import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type GradeRentalCommand,
  type RegistryIdRequest,
  type RentalGradeView,
} from '@gz/contracts';
import { newId, Outbox } from '@gz/platform';
import { DataSource } from 'typeorm';
import { checkRead, checkWrite, requireReader, requireWriter, who } from '../domain/actors';
import { gradeRental } from '../domain/rental-grade';
import { RentalStore } from '../persistence/rental.store';

/** Gradings of rental houses: history (append-only); the house carries the latest. */
@Injectable()
export class RentalGradesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly rentals: RentalStore,
  ) {}

  /** Grades a rental house on the seven aspects; a new row of history, and `rental.graded`. */
  async grade(cmd: GradeRentalCommand, actor: Actor | undefined): Promise<RentalGradeView> {
    const a = requireWriter(actor);
    const { total, colour } = gradeRental(cmd);
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      const house = checkWrite(a, await this.rentals.lock(m, cmd.id), 'Rental house', cmd.id);
      await this.rentals.grade(m, {
        id,
        house,
        scores: cmd,
        total,
        colour,
        notes: cmd.notes?.trim() ?? null,
        gradedBy: who(a),
      });
      await this.outbox.add(m, {
        type: RegistryEvents.rentalGraded,
        street: house.street_code,
        actor: a,
        data: {
          householdId: house.household_id,
          gradeId: id,
          path: house.path,
          total,
          colour,
          previousColour: house.colour,
        },
      });
    });
    return this.rentals.gradeView(id);
  }

  /** The grading history of a house, newest first. */
  async grades(req: RegistryIdRequest, actor: Actor | undefined): Promise<RentalGradeView[]> {
    const a = requireReader(actor);
    checkRead(a, await this.rentals.placeOf(req.id), 'Rental house', req.id);
    return (await this.rentals.history([req.id])).get(req.id) ?? [];
  }
}
