import { TicketingEvents } from '@gz/contracts';
import { TICKET_ACTIONS } from './state-machine';
import { STEP_ACTIONS } from './steps';

describe('steps of the loop', () => {
  it('names every action of the state machine by exactly one ticket event', () => {
    const actions = Object.values(STEP_ACTIONS);
    expect([...actions].sort()).toEqual([...TICKET_ACTIONS].sort());
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('leaves out the events that move no ticket: the report itself and the ledger’s claims', () => {
    const steps: string[] = Object.keys(STEP_ACTIONS);
    expect(steps).not.toContain(TicketingEvents.reported);
    expect(steps).not.toContain(TicketingEvents.claimed);
    expect(steps).not.toContain(TicketingEvents.claimReleased);
  });
});
