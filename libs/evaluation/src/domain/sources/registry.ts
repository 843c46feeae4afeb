import { RegistryEvents, type EventEnvelope, type RentalGradedData, type VisitCompletedData } from '@gz/contracts';
import { shanghaiDay } from '../days';
import { placesOf, streetCodeOf, type Emit, type FactSource } from '../projection';

function apply(e: EventEnvelope, _state: unknown, emit: Emit): void {
  switch (e.type) {
    case RegistryEvents.visitCompleted: {
      const d = e.data as unknown as VisitCompletedData;
      if (d.groups.length === 0) return;
      const day = shanghaiDay(d.visitedAt);
      for (const u of placesOf(d.path)) emit.fact(u, day, 'visit.must_visit', 'at', 1);
      emit.fact(
        { kind: 'grid_worker', unit: d.visitorId, street: streetCodeOf(d.path), district: d.path.split('.')[0] },
        day,
        'visit.must_visit',
        'at',
        1,
      );
      return;
    }
    case RegistryEvents.rentalGraded: {
      const d = e.data as unknown as RentalGradedData;
      const day = shanghaiDay(e.occurredAt);
      if (d.colour === 'red' && d.previousColour !== 'red')
        for (const u of placesOf(d.path)) emit.fact(u, day, 'rental.red_graded', 'at', 1);
      if (d.previousColour === 'red' && d.colour !== 'red')
        for (const u of placesOf(d.path)) emit.fact(u, day, 'rental.red_remediated', 'at', 1);
      return;
    }
  }
}

/** The registry: must-visit household visits (六必访) per place and visitor; red rental houses graded and remediated. */
export const registrySource: FactSource = {
  name: 'registry',
  types: [RegistryEvents.visitCompleted, RegistryEvents.rentalGraded],
  apply,
};
