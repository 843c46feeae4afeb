/**
 * Where the ticketing service takes "now" from: the system clock by default; tests pass their own
 * (`TicketingModule.forRoot({ clock })`) to replay a ticket's days in seconds.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
