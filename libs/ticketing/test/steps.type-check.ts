/**
 * Type-level tests of the ticket store's steps, compiled by `npm run typecheck` (never run): each
 * `@ts-expect-error` line must fail to compile. A step names the ticket event it publishes, and
 * its data must be that event's own payload.
 */
import { TicketingEvents } from '@gz/contracts';
import type { Step } from '../src/persistence/ticket.store';

const by = { id: 'grid-worker', kind: 'user' as const };

export const steps: Step[] = [
  { event: { type: TicketingEvents.opened }, by },
  { event: { type: TicketingEvents.rejected, data: { reason: 'not real' } }, by },
  {
    event: {
      type: TicketingEvents.escalated,
      data: { level: 1, reason: 'overdue', department: 'd01.dep-x', to: 'street' },
    },
    by,
  },
];

// @ts-expect-error a rejection needs its reason
export const noReason: Step = { event: { type: TicketingEvents.rejected }, by };
// @ts-expect-error a rating's stars are a number
export const wrongStars: Step = { event: { type: TicketingEvents.rated, data: { stars: 'five' } }, by };
// @ts-expect-error the report is no step of the loop
export const report: Step = { event: { type: TicketingEvents.reported }, by };
// @ts-expect-error another event's data
export const otherData: Step = { event: { type: TicketingEvents.merged, data: { reason: 'x' } }, by };
