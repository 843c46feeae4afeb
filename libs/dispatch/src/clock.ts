/**
 * Where the dispatch service takes "now" from (deadlines, escalations): the system clock by
 * default; tests pass their own (`DispatchModule.forRoot({ clock })`).
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
