import { Controller, Inject, Injectable, MessageEvent, Query, Sse, type OnModuleDestroy } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type { Actor, EventEnvelope } from '@gz/contracts';
import { canReachStreet, EVENT_TRANSPORT, PlatformConfig, requireRole, type EventTransport } from '@gz/platform';
import { filter, interval, map, merge, Observable, Subject } from 'rxjs';
import { CurrentActor, TokenInQuery } from '../../auth/auth';

/**
 * What the command centre's live view carries: the loop of tickets, the work of departments, the
 * councils' compounds, rolls, votes and deliberations, the incubator's organisations, rounds,
 * services, volunteer hours and funds, evaluation's closed periods.
 */
export const LIVE_EVENT_PREFIXES = [
  'ticket.',
  'dispatch.',
  'assignment.',
  'compound.',
  'owner_roll.',
  'vote.',
  'ballot.',
  'property_company.',
  'fee_rate.',
  'resolution.',
  'task.',
  'step.',
  'meeting.',
  'topic.',
  'organisation.',
  'incubation.',
  'round.',
  'application.',
  'milestone.',
  'deliverable.',
  'volunteer_hours.',
  'fund.',
  'evaluation_period.',
];

const LIVE_AGGREGATES = `(${LIVE_EVENT_PREFIXES.map((p) => p.slice(0, -1)).join('|')})`;
const LIVE_TYPES = new RegExp(`^${LIVE_AGGREGATES}\\.[a-z_.]*(,${LIVE_AGGREGATES}\\.[a-z_.]*)*$`);

/** Whether a caller may see an event: district scope sees all, a street scope sees its street. */
export function visibleTo(
  actor: Actor,
  envelope: Pick<EventEnvelope, 'street' | 'type'>,
  prefixes = LIVE_EVENT_PREFIXES,
): boolean {
  if (!prefixes.some((p) => envelope.type.startsWith(p))) return false;
  if (envelope.street === 'all') return actor.scopes.some((s) => !s.includes('.'));
  return canReachStreet(actor, envelope.street);
}

/** The stream's query: which events, and the token for browsers (EventSource sends no headers). */
export class LiveQuery {
  @ApiPropertyOptional({
    description: 'comma-separated event type prefixes, e.g. ticket.,assignment.',
    example: 'ticket.',
  })
  @IsOptional()
  @Matches(LIVE_TYPES, {
    message:
      'types must be comma-separated prefixes of ticket., dispatch., assignment., compound., owner_roll., vote., ballot., property_company., fee_rate., resolution., task., step., meeting., topic. or evaluation_period. events',
  })
  types?: string;

  @ApiPropertyOptional({ description: 'the access token, when it cannot be sent as a header' })
  @IsOptional()
  @IsString()
  access_token?: string;
}

/** How long the feed stays subscribed after the last screen left (a screen reconnecting). */
const LINGER_MS = 30_000;
/** Event ids the feed remembers to drop a repeat (well over a minute of a busy district's events). */
const REMEMBERED_IDS = 20_000;

/**
 * The ids of the last `size` events seen. A relay that restarts publishes again what it had not
 * yet marked published: the stream drops the repeat, but plain subscribers such as this feed see
 * it a second time.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly size: number) {}
  /** false when the id was seen already */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.size) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}

/**
 * One subscription per gateway instance, fanned out to every connected screen, held only while
 * a screen is connected: an instance nobody watches through reads no events. It listens to the
 * live view's subjects only (ticket, dispatch, assignment and councils events of every street).
 */
@Injectable()
export class LiveFeed implements OnModuleDestroy {
  readonly events = new Subject<EventEnvelope>();
  private screens = 0;
  private listening?: Promise<() => Promise<void>>;
  private linger?: NodeJS.Timeout;
  private readonly recent = new RecentIds(REMEMBERED_IDS);
  lingerMs = LINGER_MS;

  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    private readonly config: PlatformConfig,
  ) {}

  /** The events, for one screen: subscribed (and the subscription in place) before it returns. */
  async open(): Promise<Observable<EventEnvelope>> {
    this.listening ??= this.listen();
    await this.listening;
    this.idleCheck(); // a screen that never subscribes does not keep the feed
    return new Observable<EventEnvelope>((screen) => {
      this.screens += 1;
      const sub = this.events.subscribe(screen);
      return () => {
        sub.unsubscribe();
        this.screens -= 1;
        this.idleCheck();
      };
    });
  }

  private async listen(): Promise<() => Promise<void>> {
    const root = this.config.BUS_ROOT;
    const deliver = (e: EventEnvelope) => {
      if (this.recent.add(e.id)) this.events.next(e);
    };
    const stops = await Promise.all(
      LIVE_EVENT_PREFIXES.map((p) => this.transport.subscribe(`${root}.evt.*.${p}>`, deliver)),
    );
    return async () => {
      await Promise.all(stops.map((stop) => stop()));
    };
  }

  private idleCheck(): void {
    if (this.linger) clearTimeout(this.linger);
    this.linger = setTimeout(() => {
      this.linger = undefined;
      if (this.screens > 0 || !this.listening) return;
      const stopping = this.listening;
      this.listening = undefined;
      void stopping.then((stop) => stop()).catch(() => undefined);
    }, this.lingerMs);
    this.linger.unref();
  }

  /** Whether the feed holds a subscription now. */
  get isListening(): boolean {
    return this.listening !== undefined;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.linger) clearTimeout(this.linger);
    const stop = await this.listening;
    this.listening = undefined;
    await stop?.();
    this.events.complete();
  }
}

@ApiTags('command centre')
@ApiBearerAuth()
@Controller('api/v1/live')
export class LiveController {
  constructor(private readonly feed: LiveFeed) {}

  @TokenInQuery()
  @Sse('events')
  @ApiOperation({
    summary:
      "Server-sent events of tickets, dispatch, assignments, councils (compounds, owners' rolls, votes) and evaluation's closed periods within your scope, as they happen (command centre, street and district admins). " +
      'Browsers may pass the token as ?access_token= since EventSource cannot set headers. Reload the queries after a reconnect: the stream keeps no history.',
  })
  async events(@CurrentActor() actor: Actor, @Query() query: LiveQuery): Promise<Observable<MessageEvent>> {
    requireRole(actor, 'command_operator', 'street_admin', 'district_admin');
    const prefixes = query.types ? query.types.split(',') : LIVE_EVENT_PREFIXES;
    const events = (await this.feed.open()).pipe(
      filter((e) => visibleTo(actor, e, prefixes)),
      map((e): MessageEvent => ({ id: e.id, type: e.type, data: e })),
    );
    // A comment-free keep-alive event every 20 s so that proxies keep the connection open.
    const keepAlive = interval(20_000).pipe(map((): MessageEvent => ({ type: 'keep-alive', data: {} })));
    return merge(events, keepAlive);
  }
}
