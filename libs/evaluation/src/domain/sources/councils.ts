import {
  CouncilsEvents,
  type EventEnvelope,
  type PropertyCompanyRatedData,
  type TopicAcceptedData,
  type TopicResolvedData,
  type VoteClosedData,
} from '@gz/contracts';
import { shanghaiDay } from '../days';
import { placesOf, streetCodeOf, type Emit, type FactSource, type ProjectionState } from '../projection';

function apply(e: EventEnvelope, state: ProjectionState, emit: Emit): void {
  switch (e.type) {
    case CouncilsEvents.topicAccepted: {
      const d = e.data as unknown as TopicAcceptedData;
      if (state.topics.has(d.topicId)) return;
      state.putTopic({
        id: d.topicId,
        street: d.street,
        district: d.communityPath.split('.')[0],
        communityPath: d.communityPath,
        resolveBy: d.resolveBy,
        resolved: false,
      });
      for (const u of placesOf(d.communityPath)) emit.fact(u, shanghaiDay(d.resolveBy), 'topic.due', 'due', 1);
      return;
    }
    case CouncilsEvents.topicResolved: {
      const d = e.data as unknown as TopicResolvedData;
      const t = state.topics.get(d.topicId);
      for (const u of placesOf(d.communityPath)) emit.fact(u, shanghaiDay(d.at), 'topic.resolved', 'at', 1);
      if (!t || t.resolved) return;
      state.putTopic({ ...t, resolved: true });
      if (Date.parse(d.at) <= Date.parse(t.resolveBy))
        for (const u of placesOf(t.communityPath))
          emit.fact(u, shanghaiDay(t.resolveBy), 'topic.resolved_on_time', 'due', 1);
      return;
    }
    case CouncilsEvents.voteClosed: {
      const d = e.data as unknown as VoteClosedData;
      const day = shanghaiDay(d.at);
      for (const u of placesOf(d.communityPath)) {
        emit.fact(u, day, 'vote.electorate', 'at', d.total.headcount);
        emit.fact(u, day, 'vote.participants', 'at', d.participating.headcount);
      }
      return;
    }
    case CouncilsEvents.propertyCompanyRated: {
      const d = e.data as unknown as PropertyCompanyRatedData;
      const r = d.ratings;
      // each aspect 1–5: (rating − 1) of 4, five aspects, so a rating is worth 0–20 points of 20
      const points = r.cleaning + r.security + r.greening + r.repairs + r.service - 5;
      const u = {
        kind: 'property_company' as const,
        unit: d.propertyCompanyPath,
        street: streetCodeOf(d.communityPath),
        district: d.communityPath.split('.')[0],
      };
      const day = shanghaiDay(d.at);
      emit.fact(u, day, 'property.rated', 'at', 1);
      emit.fact(u, day, 'property.points', 'at', points);
      emit.fact(u, day, 'property.points_max', 'at', 20);
      return;
    }
  }
}

/** Councils: topics resolved by their deadline, owners' vote participation, property-company ratings. */
export const councilsSource: FactSource = {
  name: 'councils',
  types: [
    CouncilsEvents.topicAccepted,
    CouncilsEvents.topicResolved,
    CouncilsEvents.voteClosed,
    CouncilsEvents.propertyCompanyRated,
  ],
  keys: (e) => {
    const d = e.data as unknown as { topicId?: string };
    return { topics: d.topicId ? [d.topicId] : [] };
  },
  apply,
};
