import type { TicketState } from '@gz/contracts';

/**
 * The six-step closed loop (六步闭环) as an explicit state machine:
 *
 *   reported ─open→ opened ─dispatch→ dispatched ─acknowledge→ acknowledged ─handle→ handled
 *            ─reject→ rejected       ─hand_back→ opened (dispatch again)
 *            ─merge→ merged
 *   opened/reopened ─handle (grid path: categories the grid may close)→ handled
 *   handled ─check→ checked ─close→ closed ─rate→ rated
 *   handled/checked ─reopen→ reopened ─dispatch→ dispatched …
 *   dispatched/acknowledged ─escalate→ (same state; recorded on the timeline)
 */
export const TICKET_ACTIONS = [
  'open',
  'reject',
  'merge',
  'dispatch',
  'acknowledge',
  'hand_back',
  'handle',
  'check',
  'reopen',
  'close',
  'rate',
  'escalate',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

const TABLE: Record<TicketState, Partial<Record<TicketAction, TicketState>>> = {
  reported: { open: 'opened', reject: 'rejected', merge: 'merged' },
  opened: { dispatch: 'dispatched', handle: 'handled', merge: 'merged' },
  dispatched: { acknowledge: 'acknowledged', hand_back: 'opened', handle: 'handled', escalate: 'dispatched' },
  acknowledged: { handle: 'handled', hand_back: 'opened', escalate: 'acknowledged' },
  handled: { check: 'checked', reopen: 'reopened' },
  checked: { close: 'closed', reopen: 'reopened' },
  reopened: { dispatch: 'dispatched', handle: 'handled' },
  closed: { rate: 'rated' },
  rejected: {},
  merged: {},
  rated: {},
};

/** States in which a ticket is finished with. */
export const FINAL_STATES: readonly TicketState[] = ['rejected', 'merged', 'closed', 'rated'];

/** States of an open ticket: somebody still has to do something. */
export const OPEN_STATES: readonly TicketState[] = [
  'reported',
  'opened',
  'dispatched',
  'acknowledged',
  'handled',
  'checked',
  'reopened',
];

export interface TransitionContext {
  /** the category may be handled and closed in the grid (小事不出格) */
  gridClosable: boolean;
  /** who handles: the grid itself, or a department's result arriving from dispatch */
  handledBy?: 'grid' | 'department';
}

export type TransitionResult = { ok: true; to: TicketState } | { ok: false; reason: string };

/** The state a ticket goes to when `action` is applied, or why it cannot be. Pure. */
export function transition(
  from: TicketState,
  action: TicketAction,
  ctx: TransitionContext = { gridClosable: false },
): TransitionResult {
  const to = TABLE[from][action];
  if (!to) return { ok: false, reason: `A ${from} ticket cannot be ${pastTense(action)}` };
  if (action === 'handle') {
    const inGrid = from === 'opened' || from === 'reopened';
    if (inGrid && ctx.handledBy === 'department')
      return { ok: false, reason: 'The ticket is not dispatched to a department' };
    if (!inGrid && ctx.handledBy === 'grid')
      return { ok: false, reason: 'The ticket is with a department; it reports the result' };
    if (inGrid && !ctx.gridClosable)
      return { ok: false, reason: 'This category cannot be closed in the grid: it must be dispatched (大事不出街)' };
  }
  return { ok: true, to };
}

/** The actions possible from a state (for clients: which buttons to show). */
export function allowedActions(from: TicketState): TicketAction[] {
  return Object.keys(TABLE[from]) as TicketAction[];
}

function pastTense(action: TicketAction): string {
  const words: Record<TicketAction, string> = {
    open: 'opened',
    reject: 'rejected',
    merge: 'merged',
    dispatch: 'dispatched',
    acknowledge: 'acknowledged',
    hand_back: 'handed back',
    handle: 'handled',
    check: 'checked',
    reopen: 'reopened',
    close: 'closed',
    rate: 'rated',
    escalate: 'escalated',
  };
  return words[action];
}
