import type { Route } from '../subjects';

const r = (action: string): Route => ({ service: 'ticketing', action });

/**
 * Requests the ticketing service answers. Ticket requests are street-bound: the subject carries
 * the ticket's street (`s01`) when the caller knows it, `all` otherwise (district-wide queries).
 */
export const TicketingRoutes = {
  categoryList: r('categories.list'),
  categoryCreate: r('categories.create'),
  report: r('tickets.report'),
  get: r('tickets.get'),
  list: r('tickets.list'),
  timeline: r('tickets.timeline'),
  stats: r('tickets.stats'),
  open: r('tickets.open'),
  reject: r('tickets.reject'),
  merge: r('tickets.merge'),
  handle: r('tickets.handle'),
  check: r('tickets.check'),
  close: r('tickets.close'),
  rate: r('tickets.rate'),
  ledgerList: r('ledger.list'),
  ledgerStats: r('ledger.stats'),
  ledgerClaim: r('ledger.claim'),
  ledgerRelease: r('ledger.release'),
  photoRegister: r('photos.register'),
  photoAccess: r('photos.access'),
  deadLetterList: r('ops.dead-letters.list'),
  deadLetterReplay: r('ops.dead-letters.replay'),
} as const;

/** Events the ticketing service publishes (`ticket.<event>`), one per transition of the loop. */
export const TicketingEvents = {
  reported: 'ticket.reported',
  opened: 'ticket.opened',
  rejected: 'ticket.rejected',
  merged: 'ticket.merged',
  dispatched: 'ticket.dispatched',
  acknowledged: 'ticket.acknowledged',
  handedBack: 'ticket.handed_back',
  handled: 'ticket.handled',
  checked: 'ticket.checked',
  closed: 'ticket.closed',
  reopened: 'ticket.reopened',
  escalated: 'ticket.escalated',
  rated: 'ticket.rated',
  /** a party member (or anyone allowed) follows a resident's request in the ledger */
  claimed: 'ticket.claimed',
  claimReleased: 'ticket.claim_released',
} as const;
