import { DispatchEvents } from '../dispatch/events';
import { TicketingEvents, type TicketEventType } from './events';
import { TIMELINE_ACTIONS, TIMELINE_EVENTS, timelineActionOf, type PastOf, type TimelineAction } from './timeline';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('the timeline’s vocabulary', () => {
  it('is the ticket events’ past tenses, and dispatch’s proposal', () => {
    // checked by the compiler: a ticket event without its timeline action (or an action without its event) fails here
    const aligned: Same<TimelineAction, PastOf<TicketEventType | typeof DispatchEvents.proposed>> = true;
    expect(aligned).toBe(true);
    const names = [...Object.values(TicketingEvents), DispatchEvents.proposed].map((t) => t.slice(t.indexOf('.') + 1));
    expect([...names].sort()).toEqual([...TIMELINE_ACTIONS].sort());
  });

  it('names each action after its event', () => {
    for (const action of TIMELINE_ACTIONS) expect(TIMELINE_EVENTS[action].endsWith(`.${action}`)).toBe(true);
    expect(new Set(Object.values(TIMELINE_EVENTS)).size).toBe(TIMELINE_ACTIONS.length);
  });

  it('names a ticket event’s entry', () => {
    expect(timelineActionOf(TicketingEvents.handedBack)).toBe('handed_back');
    expect(timelineActionOf(TicketingEvents.claimReleased)).toBe('claim_released');
    for (const type of Object.values(TicketingEvents)) expect(TIMELINE_ACTIONS).toContain(timelineActionOf(type));
  });
});
