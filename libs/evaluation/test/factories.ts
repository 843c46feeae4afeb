import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DispatchEvents, eventSubject, TicketingEvents, type EventEnvelope, type EventMap } from '@gz/contracts';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import {
  DatabaseRegistry,
  EVENT_TRANSPORT,
  newId,
  PlatformConfig,
  PlatformModule,
  type EventTransport,
} from '@gz/platform';
import { bootTestApp, PASSWORD } from '@gz/testing';
import { EvaluationModule, ProjectorJob, seedDemoEvaluation } from '../src';

/** Platform, identity, evaluation and the gateway in one app, the demo district and its schemes seeded. */
export async function bootEvaluation(env: NodeJS.ProcessEnv, app = 'evaluation-e2e'): Promise<NestFastifyApplication> {
  const nest = await bootTestApp(
    {
      imports: [
        PlatformModule.forRoot({ app, env }),
        IdentityModule.forRoot({ env }),
        EvaluationModule.forRoot({ env }),
        GatewayModule.forRoot({ env }),
      ],
    },
    { configure: configureGateway, bodyLimit: 1024 * 1024 },
  );
  await seedDemoDistrict(nest.get(DatabaseRegistry).get('identity'), PASSWORD);
  await seedDemoEvaluation(nest.get(DatabaseRegistry).get('evaluation'));
  return nest;
}

/** An event as another service publishes it. */
export function envelope<K extends keyof EventMap & string>(
  type: K,
  street: string,
  data: EventMap[K],
  at: string,
): EventEnvelope<EventMap[K]> {
  return { id: newId(), type, version: 1, occurredAt: at, street, actor: { kind: 'system', id: 'test' }, data };
}

/** Publishes events through the app's event transport: they reach evaluation through its durable consumer. */
export async function publish(
  app: NestFastifyApplication,
  events: ReadonlyArray<EventEnvelope<unknown>>,
): Promise<void> {
  const transport = app.get<EventTransport>(EVENT_TRANSPORT);
  const root = app.get(PlatformConfig).BUS_ROOT;
  for (let i = 0; i < events.length; i += 500) {
    const results = await transport.publishAll(
      events
        .slice(i, i + 500)
        .map((e) => ({ subject: eventSubject(root, e.street, e.type), envelope: e as EventEnvelope, headers: {} })),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

/** Waits until the live projection has applied everything logged so far. */
export async function settled(app: NestFastifyApplication): Promise<void> {
  const ds = app.get(DatabaseRegistry).get('evaluation');
  const [{ seq }] = await ds.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM "evaluation".event_log`);
  if (!(await app.get(ProjectorJob).caughtUp(seq, 30_000))) throw new Error('the projection did not catch up');
}

export interface TicketStory {
  gridPath: string;
  source?: string;
  kind?: 'component' | 'event';
  reportedAt: string;
  openedAt?: string;
  closedAt?: string;
  reporter?: string;
}

/** The ticketing events of one ticket's life: reported, opened, closed (as far as the story goes). */
export function ticketEvents(s: TicketStory): Array<EventEnvelope<unknown>> {
  const ticketId = newId();
  const street = s.gridPath.split('.')[1];
  const base = (to: string, at: string) => ({
    ticketId,
    street,
    gridPath: s.gridPath,
    categoryCode: s.kind === 'component' ? 'C0101' : 'E0101',
    from: null,
    to: to as never,
    at,
    by: { id: s.reporter ?? 'test', kind: 'user' as const },
  });
  const facts = {
    categoryName: '测试',
    categoryKind: s.kind ?? 'event',
    severity: 'normal' as const,
    source: (s.source ?? 'resident') as never,
    ackMinutes: 60,
    handleMinutes: 1440,
    gridClosable: false,
  };
  const out: Array<EventEnvelope<unknown>> = [
    envelope(TicketingEvents.reported, street, { ...base('reported', s.reportedAt), ...facts }, s.reportedAt),
  ];
  if (s.openedAt)
    out.push(envelope(TicketingEvents.opened, street, { ...base('opened', s.openedAt), ...facts }, s.openedAt));
  if (s.closedAt) out.push(envelope(TicketingEvents.closed, street, base('closed', s.closedAt), s.closedAt));
  return out;
}

export interface WorkStory {
  department: string;
  gridPath: string;
  dispatchedAt: string;
  ackDueAt: string;
  handleDueAt: string;
  acknowledgedAt?: string;
  handledAt?: string;
}

/** The dispatch events of one department's assignment: confirmed, acknowledged, handled. */
export function workEvents(w: WorkStory): Array<EventEnvelope<unknown>> {
  const ticketId = newId();
  const assignmentId = newId();
  const street = w.gridPath.split('.')[1];
  const department = { path: w.department, name: w.department };
  const by = { id: 'officer', kind: 'user' as const };
  const base = { ticketId, street, gridPath: w.gridPath };
  const out: Array<EventEnvelope<unknown>> = [
    envelope(
      DispatchEvents.confirmed,
      street,
      {
        ...base,
        at: w.dispatchedAt,
        round: 1,
        overridden: false,
        by,
        assignments: [{ assignmentId, department, role: 'lead', ackDueAt: w.ackDueAt, handleDueAt: w.handleDueAt }],
      },
      w.dispatchedAt,
    ),
  ];
  if (w.acknowledgedAt)
    out.push(
      envelope(
        DispatchEvents.acknowledged,
        street,
        { ...base, at: w.acknowledgedAt, assignmentId, department, role: 'lead', by },
        w.acknowledgedAt,
      ),
    );
  if (w.handledAt)
    out.push(
      envelope(
        DispatchEvents.handled,
        street,
        {
          ...base,
          at: w.handledAt,
          assignmentId,
          department,
          role: 'lead',
          by,
          result: '已处理',
          photos: [],
          allHandled: true,
        },
        w.handledAt,
      ),
    );
  return out;
}
