import type { Type } from '@nestjs/common';
import {
  AssignmentsController,
  ResponsibilityListsController,
  TicketDispatchController,
} from './ticketing/dispatch.controller';
import { LedgerController } from './ticketing/ledger.controller';
import { PhotosController } from './ticketing/photos.controller';
import { ResponsibilityXlsxController } from './ticketing/responsibility-xlsx.controller';
import { TicketCategoriesController, TicketsController } from './ticketing/tickets.controller';

/** HTTP controllers of tickets and dispatch (libs/ticketing and libs/dispatch behind the bus). */
export const ticketingControllers: Type[] = [
  TicketCategoriesController,
  TicketsController,
  TicketDispatchController,
  AssignmentsController,
  ResponsibilityListsController,
  ResponsibilityXlsxController,
  LedgerController,
  PhotosController,
];
