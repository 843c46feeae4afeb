/**
 * Where a service takes "now" from (deadlines, escalations, reminders, the time of an event): the
 * system clock by default; tests pass their own (`<Service>Module.forRoot({ clock })`) to replay
 * days in seconds.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
