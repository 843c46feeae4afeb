import { TICKET_STATES, type TicketState } from '@gz/contracts';
import { allowedActions, FINAL_STATES, transition, TICKET_ACTIONS, type TicketAction } from './state-machine';

function run(
  actions: Array<[TicketAction, { gridClosable?: boolean; handledBy?: 'grid' | 'department' }?]>,
  from: TicketState = 'reported',
) {
  let state = from;
  for (const [action, ctx] of actions) {
    const result = transition(state, action, { gridClosable: false, ...ctx });
    if (!result.ok) throw new Error(`${state} -${action}-> ${result.reason}`);
    state = result.to;
  }
  return state;
}

describe('the ticket state machine', () => {
  it('walks the six-step closed loop with a department', () => {
    expect(
      run([
        ['open'],
        ['dispatch'],
        ['acknowledge'],
        ['handle', { handledBy: 'department' }],
        ['check'],
        ['close'],
        ['rate'],
      ]),
    ).toBe('rated');
  });

  it('keeps small things in the grid: a grid-closable category is handled without dispatch', () => {
    expect(run([['open'], ['handle', { gridClosable: true, handledBy: 'grid' }], ['check'], ['close']])).toBe('closed');
  });

  it('refuses to close a category in the grid that must be dispatched', () => {
    const r = transition('opened', 'handle', { gridClosable: false, handledBy: 'grid' });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('must be dispatched') });
  });

  it('refuses a grid handling of a ticket that is with a department', () => {
    expect(transition('acknowledged', 'handle', { gridClosable: true, handledBy: 'grid' }).ok).toBe(false);
    expect(transition('opened', 'handle', { gridClosable: true, handledBy: 'department' }).ok).toBe(false);
  });

  it('rejects or merges a report instead of opening it', () => {
    expect(run([['reject']])).toBe('rejected');
    expect(run([['merge']])).toBe('merged');
    expect(run([['open'], ['merge']])).toBe('merged');
  });

  it('sends a handed-back ticket back for dispatch, and a failed check back to the departments', () => {
    expect(run([['open'], ['dispatch'], ['hand_back'], ['dispatch'], ['acknowledge']])).toBe('acknowledged');
    expect(run([['open'], ['dispatch'], ['acknowledge'], ['handle'], ['reopen'], ['dispatch']])).toBe('dispatched');
    expect(run([['open'], ['dispatch'], ['acknowledge'], ['handle'], ['check'], ['reopen']])).toBe('reopened');
  });

  it('records escalations without changing the state', () => {
    expect(transition('dispatched', 'escalate')).toEqual({ ok: true, to: 'dispatched' });
    expect(transition('acknowledged', 'escalate')).toEqual({ ok: true, to: 'acknowledged' });
    expect(transition('handled', 'escalate').ok).toBe(false);
  });

  it('rates only a closed ticket, and only once', () => {
    expect(transition('checked', 'rate').ok).toBe(false);
    expect(transition('closed', 'rate')).toEqual({ ok: true, to: 'rated' });
    expect(transition('rated', 'rate')).toEqual({ ok: false, reason: 'A rated ticket cannot be rated' });
  });

  it('lets nothing out of a final state except rating a closed one', () => {
    for (const state of FINAL_STATES) {
      const actions = allowedActions(state);
      expect(actions).toEqual(state === 'closed' ? ['rate'] : []);
    }
  });

  it('never skips a step: no closing before the check, no handling before dispatch or acknowledgement', () => {
    expect(transition('handled', 'close').ok).toBe(false);
    expect(transition('reported', 'dispatch').ok).toBe(false);
    expect(transition('dispatched', 'check').ok).toBe(false);
    // every pair is defined (no undefined states)
    for (const s of TICKET_STATES) for (const a of TICKET_ACTIONS) expect(typeof transition(s, a).ok).toBe('boolean');
  });
});
