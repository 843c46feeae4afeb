import {
  IncubatorEvents,
  type DeliverableAcceptedData,
  type EventEnvelope,
  type FundDonationReceivedData,
  type FundEntryReversedData,
  type FundSpendingPublishedData,
  type IncubationAdmittedData,
  type IncubationGraduatedData,
  type IncubationLeftData,
  type VolunteerHoursCreditedData,
} from '@gz/contracts';
import { shanghaiDay } from '../days';
import { placesOf, type Emit, type FactSource, type UnitRef } from '../projection';

/** The organisation as a unit of its own (社会组织), counted in its street. */
function organisation(id: string, communityPath: string, street: string): UnitRef {
  return { kind: 'social_org', unit: id, street, district: communityPath.split('.')[0] };
}

function apply(e: EventEnvelope, _state: unknown, emit: Emit): void {
  switch (e.type) {
    case IncubatorEvents.incubationAdmitted: {
      const d = e.data as unknown as IncubationAdmittedData;
      const day = shanghaiDay(d.at);
      for (const u of placesOf(d.communityPath)) {
        emit.fact(u, day, 'incubation.admitted', 'at', 1);
        if (!d.firstReviewLate) emit.fact(u, day, 'incubation.reviewed_on_time', 'at', 1);
      }
      return;
    }
    case IncubatorEvents.incubationGraduated: {
      const d = e.data as unknown as IncubationGraduatedData;
      const day = shanghaiDay(d.at);
      for (const u of [...placesOf(d.communityPath), organisation(d.organisationId, d.communityPath, d.street)])
        emit.fact(u, day, 'incubation.graduated', 'at', 1);
      return;
    }
    case IncubatorEvents.incubationLeft: {
      const d = e.data as unknown as IncubationLeftData;
      for (const u of placesOf(d.communityPath)) emit.fact(u, shanghaiDay(d.at), 'incubation.left', 'at', 1);
      return;
    }
    case IncubatorEvents.volunteerHoursCredited: {
      const d = e.data as unknown as VolunteerHoursCreditedData;
      // a granted correction replaces an entry of the same activity (same day, same place): the net counts
      const minutes = d.minutes - (d.replaces?.minutes ?? 0);
      const entries = d.replaces ? 0 : 1;
      const units = placesOf(d.communityPath);
      if (d.organisationId) units.push(organisation(d.organisationId, d.communityPath, d.street));
      for (const u of units) {
        emit.fact(u, d.servedOn, 'volunteer.minutes', 'at', minutes);
        emit.fact(u, d.servedOn, 'volunteer.entries', 'at', entries);
      }
      return;
    }
    case IncubatorEvents.fundSpendingPublished: {
      const d = e.data as unknown as FundSpendingPublishedData;
      const day = shanghaiDay(d.at);
      for (const u of placesOf(d.placePath)) {
        emit.fact(u, day, 'fund.spendings_published', 'at', 1);
        emit.fact(u, day, 'fund.spent_fen', 'at', d.amountFen);
      }
      return;
    }
    case IncubatorEvents.fundDonationReceived: {
      const d = e.data as unknown as FundDonationReceivedData;
      for (const u of placesOf(d.placePath)) emit.fact(u, shanghaiDay(d.at), 'fund.donated_fen', 'at', d.amountFen);
      return;
    }
    case IncubatorEvents.fundEntryReversed: {
      const d = e.data as unknown as FundEntryReversedData;
      const day = shanghaiDay(d.at);
      // deltaFen is what went back into the fund: + for a spending reversed, − for a donation reversed
      const measure = d.reversedKind === 'spending' ? 'fund.spent_fen' : 'fund.donated_fen';
      const value = d.reversedKind === 'spending' ? -d.deltaFen : d.deltaFen;
      for (const u of placesOf(d.placePath)) emit.fact(u, day, measure, 'at', value);
      return;
    }
    case IncubatorEvents.deliverableAccepted: {
      const d = e.data as unknown as DeliverableAcceptedData;
      emit.fact(
        organisation(d.organisationId, d.communityPath, d.street),
        shanghaiDay(d.at),
        'service.deliverables_accepted',
        'at',
        1,
      );
      return;
    }
  }
}

/**
 * The incubator: organisations admitted to and graduated from incubation per place; volunteer
 * time per place and organisation (by the day served); community-fund spending published and
 * donations per fund's place, net of reversals; purchased-service deliverables accepted per organisation.
 */
export const incubatorSource: FactSource = {
  name: 'incubator',
  types: [
    IncubatorEvents.incubationAdmitted,
    IncubatorEvents.incubationGraduated,
    IncubatorEvents.incubationLeft,
    IncubatorEvents.volunteerHoursCredited,
    IncubatorEvents.fundSpendingPublished,
    IncubatorEvents.fundDonationReceived,
    IncubatorEvents.fundEntryReversed,
    IncubatorEvents.deliverableAccepted,
  ],
  apply,
};
