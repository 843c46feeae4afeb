import type { Page } from '../common';
import { deadLetterRoutes } from '../ops';
import { routesOf } from '../subjects';
import type { CategoryQuery, CategoryView, CreateCategoryRequest } from './categories';
import type { TicketStats, TicketStatsQuery } from './stats';
import type { CheckCommand, HandleCommand, MergeCommand, RateCommand, RejectCommand, TransitionCommand } from './steps';
import type {
  ReportedTicket,
  ReportTicketCommand,
  TicketDetail,
  TicketIdRequest,
  TicketListQuery,
  TicketView,
} from './tickets';
import type { TimelineEntry } from './timeline';
import type {
  ClaimCommand,
  LedgerClaim,
  LedgerEntry,
  LedgerQuery,
  LedgerStats,
  LedgerStatsQuery,
  ReleaseClaimCommand,
} from './ledger';
import type { PhotoIdRequest, PhotoRef, RegisterPhotoCommand } from './photos';

const r = routesOf('ticketing');

/**
 * Requests the ticketing service answers. Ticket requests are street-bound: the subject carries
 * the ticket's street (`s01`) when the caller knows it, `all` otherwise (district-wide queries).
 */
export const TicketingRoutes = {
  categoryList: r<CategoryQuery, CategoryView[]>('categories.list'),
  categoryCreate: r<CreateCategoryRequest, CategoryView>('categories.create'),
  report: r<ReportTicketCommand, ReportedTicket>('tickets.report'),
  get: r<TicketIdRequest, TicketDetail>('tickets.get'),
  list: r<TicketListQuery, Page<TicketView>>('tickets.list'),
  timeline: r<TicketIdRequest, TimelineEntry[]>('tickets.timeline'),
  stats: r<TicketStatsQuery, TicketStats>('tickets.stats'),
  open: r<TransitionCommand, TicketView>('tickets.open'),
  reject: r<RejectCommand, TicketView>('tickets.reject'),
  merge: r<MergeCommand, TicketView>('tickets.merge'),
  handle: r<HandleCommand, TicketView>('tickets.handle'),
  check: r<CheckCommand, TicketView>('tickets.check'),
  close: r<TransitionCommand, TicketView>('tickets.close'),
  rate: r<RateCommand, TicketView>('tickets.rate'),
  ledgerList: r<LedgerQuery, Page<LedgerEntry>>('ledger.list'),
  ledgerStats: r<LedgerStatsQuery, LedgerStats>('ledger.stats'),
  ledgerClaim: r<ClaimCommand, LedgerClaim>('ledger.claim'),
  ledgerRelease: r<ReleaseClaimCommand, LedgerClaim>('ledger.release'),
  photoRegister: r<RegisterPhotoCommand, PhotoRef>('photos.register'),
  photoAccess: r<PhotoIdRequest, PhotoRef>('photos.access'),
  ...deadLetterRoutes('ticketing'),
} as const;
