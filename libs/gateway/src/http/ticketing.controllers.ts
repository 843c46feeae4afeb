import type { Type } from '@nestjs/common';

/** HTTP controllers of tickets and dispatch (libs/ticketing and libs/dispatch behind the bus). */
export const ticketingControllers: Type[] = [];
