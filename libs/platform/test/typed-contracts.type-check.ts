/**
 * Type-level tests of the message contracts, compiled by `npm run typecheck` (never run): each
 * `@ts-expect-error` line must fail to compile. If a contract loosens (a route loses its types, an
 * event type stops being checked), its line compiles, the directive is unused, and the type-check
 * fails.
 */
import { Controller } from '@nestjs/common';
import {
  DispatchRoutes,
  IdentityRoutes,
  RegistryRoutes,
  SYSTEM_ACTOR,
  TicketingEvents,
  TicketingRoutes,
  type DeadLetterView,
  type Page,
  type ProfileView,
  type TicketDetail,
  type UserView,
} from '@gz/contracts';
import type { EntityManager } from 'typeorm';
import { BusHandler, OnEvent, type BusClient, type Outbox } from '../src';

declare const bus: BusClient;
declare const outbox: Outbox;
declare const m: EntityManager;

export async function requests(): Promise<void> {
  // The response type comes from the route.
  const me: ProfileView = await bus.request(IdentityRoutes.me, 'all', {});
  const ticket: TicketDetail = await bus.request(TicketingRoutes.get, 's01', { id: 'x' });
  const letters: Page<DeadLetterView> = await bus.request(DispatchRoutes.deadLetterList, 'all', {});
  void [me, ticket, letters];

  // @ts-expect-error a wrong payload: a ticket id is a string
  await bus.request(TicketingRoutes.get, 's01', { id: 42 });
  // @ts-expect-error a wrong payload: an unknown field
  await bus.request(RegistryRoutes.personGet, 's01', { personId: 'x' });
  // @ts-expect-error a wrong response type: the route answers a ticket, not a user
  const wrong: UserView = await bus.request(TicketingRoutes.get, 's01', { id: 'x' });
  void wrong;
}

@Controller()
export class Handlers {
  @BusHandler(TicketingRoutes.get)
  get(request: { id: string }): Promise<TicketDetail> {
    return Promise.resolve(request as unknown as TicketDetail);
  }

  // @ts-expect-error a handler that answers another type than its route's response
  @BusHandler(TicketingRoutes.get)
  getWrongAnswer(_request: { id: string }): Promise<UserView> {
    return Promise.resolve({} as UserView);
  }

  // @ts-expect-error a handler that takes another type than its route's request
  @BusHandler(TicketingRoutes.get)
  getWrongRequest(_request: { id: number }): Promise<TicketDetail> {
    return Promise.resolve({} as TicketDetail);
  }
}

export class EventHandlers {
  @OnEvent(TicketingEvents.rejected)
  async rejected(envelope: { data: { reason: string } }, _m: EntityManager): Promise<void> {
    void envelope.data.reason;
  }

  // @ts-expect-error a handler of an event type the map does not hold
  @OnEvent('ticket.vanished')
  async vanished(_envelope: unknown, _m: EntityManager): Promise<void> {}

  // @ts-expect-error a handler that takes another event's payload
  @OnEvent(TicketingEvents.rejected)
  async rejectedWrong(envelope: { data: { stars: number } }, _m: EntityManager): Promise<void> {
    void envelope.data.stars;
  }
}

export async function publishing(): Promise<void> {
  const base = { street: 's01', actor: SYSTEM_ACTOR };
  const data = {
    ticketId: 't',
    street: 's01',
    gridPath: 'd01.s01.c01.g01',
    categoryCode: 'E0101',
    from: 'reported',
    to: 'rejected',
    at: '2026-12-01T00:00:00Z',
    by: { id: 'u', kind: 'user' },
  } as const;
  await outbox.add(m, { ...base, type: TicketingEvents.rejected, data: { ...data, reason: 'not real' } });

  // @ts-expect-error an unknown event type
  await outbox.add(m, { ...base, type: 'ticket.vanished', data: {} });
  // @ts-expect-error a wrong payload: a rejection needs its reason
  await outbox.add(m, { ...base, type: TicketingEvents.rejected, data });
  // @ts-expect-error a wrong payload in a list of events
  await outbox.addMany(m, [{ ...base, type: TicketingEvents.rated, data: { ...data, stars: 'five' } }]);
}
