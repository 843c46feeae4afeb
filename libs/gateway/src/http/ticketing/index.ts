import type { Type } from '@nestjs/common';
import { LedgerController } from './ledger.controller';
import { PhotosController } from './photos.controller';
import { TicketCategoriesController, TicketsController } from './tickets.controller';

/** HTTP controllers of tickets (libs/ticketing behind the bus). */
export const ticketingControllers: Type[] = [TicketCategoriesController, TicketsController, LedgerController, PhotosController];
