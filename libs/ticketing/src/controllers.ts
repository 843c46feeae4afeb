import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CategoryQuery,
  CheckCommand,
  ClaimCommand,
  CreateCategoryRequest,
  HandleCommand,
  LedgerQuery,
  LedgerStatsQuery,
  MergeCommand,
  PhotoIdRequest,
  RegisterPhotoCommand,
  ReleaseClaimCommand,
  RateCommand,
  RejectCommand,
  ReportTicketCommand,
  TicketIdRequest,
  TicketingRoutes,
  TicketListQuery,
  TicketStatsQuery,
  TransitionCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CategoriesService } from './categories.service';
import { LedgerService } from './ledger.service';
import { PhotosService } from './photos.service';
import { TicketsService } from './tickets.service';

/** The category catalogue. */
@Controller()
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @BusHandler(TicketingRoutes.categoryList)
  list(@Payload() query: CategoryQuery, @CallerActor() actor?: Actor) {
    return this.categories.list(query, actor);
  }

  @BusHandler(TicketingRoutes.categoryCreate)
  create(@Payload() req: CreateCategoryRequest, @CallerActor() actor?: Actor) {
    return this.categories.create(req, actor);
  }
}

/** Tickets: report, read, and the steps of the loop taken by the grid and the command centre. */
@Controller()
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @BusHandler(TicketingRoutes.report)
  report(@Payload() cmd: ReportTicketCommand, @CallerActor() actor?: Actor) {
    return this.tickets.report(cmd, actor);
  }

  @BusHandler(TicketingRoutes.get)
  get(@Payload() req: TicketIdRequest, @CallerActor() actor?: Actor) {
    return this.tickets.get(req.id, actor);
  }

  @BusHandler(TicketingRoutes.list)
  list(@Payload() query: TicketListQuery, @CallerActor() actor?: Actor) {
    return this.tickets.list(query, actor);
  }

  @BusHandler(TicketingRoutes.timeline)
  timeline(@Payload() req: TicketIdRequest, @CallerActor() actor?: Actor) {
    return this.tickets.timeline(req.id, actor);
  }

  @BusHandler(TicketingRoutes.stats)
  stats(@Payload() query: TicketStatsQuery, @CallerActor() actor?: Actor) {
    return this.tickets.stats(query, actor);
  }

  @BusHandler(TicketingRoutes.open)
  open(@Payload() cmd: TransitionCommand, @CallerActor() actor?: Actor) {
    return this.tickets.open(cmd, actor);
  }

  @BusHandler(TicketingRoutes.reject)
  reject(@Payload() cmd: RejectCommand, @CallerActor() actor?: Actor) {
    return this.tickets.reject(cmd, actor);
  }

  @BusHandler(TicketingRoutes.merge)
  merge(@Payload() cmd: MergeCommand, @CallerActor() actor?: Actor) {
    return this.tickets.merge(cmd, actor);
  }

  @BusHandler(TicketingRoutes.handle)
  handle(@Payload() cmd: HandleCommand, @CallerActor() actor?: Actor) {
    return this.tickets.handle(cmd, actor);
  }

  @BusHandler(TicketingRoutes.check)
  check(@Payload() cmd: CheckCommand, @CallerActor() actor?: Actor) {
    return this.tickets.check(cmd, actor);
  }

  @BusHandler(TicketingRoutes.close)
  close(@Payload() cmd: TransitionCommand, @CallerActor() actor?: Actor) {
    return this.tickets.close(cmd, actor);
  }

  @BusHandler(TicketingRoutes.rate)
  rate(@Payload() cmd: RateCommand, @CallerActor() actor?: Actor) {
    return this.tickets.rate(cmd, actor);
  }
}

/** The public-opinion ledger (民情账本). */
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @BusHandler(TicketingRoutes.ledgerList)
  list(@Payload() query: LedgerQuery, @CallerActor() actor?: Actor) {
    return this.ledger.list(query, actor);
  }

  @BusHandler(TicketingRoutes.ledgerStats)
  stats(@Payload() query: LedgerStatsQuery, @CallerActor() actor?: Actor) {
    return this.ledger.stats(query, actor);
  }

  @BusHandler(TicketingRoutes.ledgerClaim)
  claim(@Payload() cmd: ClaimCommand, @CallerActor() actor?: Actor) {
    return this.ledger.claim(cmd, actor);
  }

  @BusHandler(TicketingRoutes.ledgerRelease)
  release(@Payload() cmd: ReleaseClaimCommand, @CallerActor() actor?: Actor) {
    return this.ledger.release(cmd, actor);
  }
}

/** Photo records: registered by the gateway after it stored the bytes; access checked before it serves them. */
@Controller()
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @BusHandler(TicketingRoutes.photoRegister)
  register(@Payload() cmd: RegisterPhotoCommand, @CallerActor() actor?: Actor) {
    return this.photos.register(cmd, actor);
  }

  @BusHandler(TicketingRoutes.photoAccess)
  access(@Payload() req: PhotoIdRequest, @CallerActor() actor?: Actor) {
    return this.photos.access(req.id, actor);
  }
}
