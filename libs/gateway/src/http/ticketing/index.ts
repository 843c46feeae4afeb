import type { Type } from '@nestjs/common';
import { TicketCategoriesController } from './categories.controller';
import { LedgerController } from './ledger.controller';
import { PhotosController } from './photos.controller';
import { TicketsController } from './tickets.controller';

/** HTTP controllers of tickets (libs/ticketing behind the bus). */
export const ticketingControllers: Type[] = [TicketCategoriesController, TicketsController, LedgerController, PhotosController];
