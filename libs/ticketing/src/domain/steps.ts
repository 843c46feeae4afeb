import { TicketingEvents, type TicketEventType } from '@gz/contracts';
import type { TicketAction } from './state-machine';

/**
 * The steps of the loop, each named by the ticket event it publishes, and the action of the state
 * machine it takes. Pure.
 */
export const STEP_ACTIONS = {
  [TicketingEvents.opened]: 'open',
  [TicketingEvents.rejected]: 'reject',
  [TicketingEvents.merged]: 'merge',
  [TicketingEvents.dispatched]: 'dispatch',
  [TicketingEvents.acknowledged]: 'acknowledge',
  [TicketingEvents.handedBack]: 'hand_back',
  [TicketingEvents.handled]: 'handle',
  [TicketingEvents.checked]: 'check',
  [TicketingEvents.reopened]: 'reopen',
  [TicketingEvents.closed]: 'close',
  [TicketingEvents.rated]: 'rate',
  [TicketingEvents.escalated]: 'escalate',
} as const satisfies Partial<Record<TicketEventType, TicketAction>>;

/** A ticket event that is a step of the loop (not the report, not a claim). */
export type StepEventType = keyof typeof STEP_ACTIONS;
