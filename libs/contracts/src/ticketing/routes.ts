import { deadLetterRoutes } from '../ops';
import type { Route } from '../subjects';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until each route names its types
const r = (action: string): Route<any, any> => ({ service: 'ticketing', action });

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
  ...deadLetterRoutes('ticketing'),
} as const;
