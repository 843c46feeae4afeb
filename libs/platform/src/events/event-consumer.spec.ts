import { subjectMatches } from '../bus/transport';
import { consumerFilter } from './event-consumer';

describe('consumerFilter', () => {
  it('takes one type as its own subject', () => {
    expect(consumerFilter('gz', ['ticket.opened'])).toBe('gz.evt.*.ticket.opened');
  });

  it("takes the types of one aggregate as that aggregate's subjects, and no other aggregate's", () => {
    const filter = consumerFilter('gz', ['ticket.opened', 'ticket.closed']);
    expect(filter).toBe('gz.evt.*.ticket.>');
    expect(subjectMatches(filter, 'gz.evt.s01.ticket.reopened')).toBe(true);
    expect(subjectMatches(filter, 'gz.evt.s01.dispatch.proposed')).toBe(false);
  });

  it('takes every event when the types span aggregates', () => {
    expect(consumerFilter('gz', ['dispatch.proposed', 'assignment.handled'])).toBe('gz.evt.>');
  });
});
