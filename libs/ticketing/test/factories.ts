import type { AssignmentView, DispatchCaseView, ReportedTicket, TicketDetail } from '@gz/contracts';
import { eventually, type TestCaller } from '@gz/testing';

/**
 * Named factories for tickets through the gateway, as the people of the demo district make them:
 * a test says which ticket it needs (`ticketIn(p, 'dispatched')`), not the steps that lead there.
 */
export interface TicketSpec {
  categoryCode?: string;
  description?: string;
  gridPath?: string;
  /** who reports it (a grid worker of that grid by default) */
  by?: string;
  /** fields of the report beyond these (source, photos, location extras …) */
  extra?: Record<string, unknown>;
  idempotencyKey?: string;
}

const DEFAULTS = {
  categoryCode: 'E0102',
  description: '路边暴露垃圾',
  gridPath: 'd01.s01.c01.g01',
  by: 'grid-worker',
};

/** The steps of the loop a factory can bring a ticket to, in order. */
export const TICKET_FACTORY_STATES = ['reported', 'opened', 'dispatched', 'acknowledged', 'handled'] as const;
export type TicketFactoryState = (typeof TICKET_FACTORY_STATES)[number];

/** Reports a problem (`POST /tickets`) and answers the 201's body. */
export async function reportTicket(p: TestCaller, spec: TicketSpec = {}): Promise<ReportedTicket> {
  const s = { ...DEFAULTS, ...spec };
  const { location, ...extra } = (spec.extra ?? {}) as { location?: Record<string, unknown> };
  const req = p.http().post('/api/v1/tickets').set(p.as(s.by));
  if (spec.idempotencyKey) req.set('idempotency-key', spec.idempotencyKey);
  const res = await req
    .send({
      source: 'grid_patrol',
      categoryCode: s.categoryCode,
      description: s.description,
      location: { gridPath: s.gridPath, ...location },
      ...extra,
    })
    .expect(201);
  return res.body as ReportedTicket;
}

/** A ticket as the command centre reads it. */
export async function readTicket(p: TestCaller, id: string, who = 'command-operator'): Promise<TicketDetail> {
  return (await p.http().get(`/api/v1/tickets/${id}`).set(p.as(who)).expect(200)).body as TicketDetail;
}

/** Waits until the ticket is in `state` (the loop moves on events, so a step shows a moment later). */
export function untilTicketState(p: TestCaller, id: string, state: string, who = 'command-operator'): Promise<true> {
  return eventually(async () => ((await readTicket(p, id, who)).state === state ? true : undefined), 10_000, `ticket ${id} to be ${state}`);
}

/** Waits for the responsibility list's proposal on an opened ticket. */
export function proposedCase(p: TestCaller, id: string): Promise<DispatchCaseView> {
  return eventually(
    async () => {
      const res = await p.http().get(`/api/v1/tickets/${id}/dispatch`).set(p.as('command-operator'));
      return res.status === 200 && res.body.status === 'proposed' ? (res.body as DispatchCaseView) : undefined;
    },
    10_000,
    `a dispatch proposal for ${id}`,
  );
}

/** The assignments of a ticket a department's officer sees. */
export async function assignmentsOf(p: TestCaller, ticketId: string, who: string): Promise<AssignmentView[]> {
  return (await p.http().get('/api/v1/assignments').query({ ticketId }).set(p.as(who)).expect(200)).body.items;
}

/**
 * A ticket brought through the loop to `state`: reported, opened (核实立案) by the grid worker,
 * dispatched as the responsibility list proposes, acknowledged and handled by the lead
 * department's officer (`officer`, the sanitation bureau's by default). Answers its id.
 */
export async function ticketIn(
  p: TestCaller,
  state: TicketFactoryState,
  spec: TicketSpec & { officer?: string } = {},
): Promise<string> {
  const reached = (s: TicketFactoryState) => TICKET_FACTORY_STATES.indexOf(state) >= TICKET_FACTORY_STATES.indexOf(s);
  const { id } = await reportTicket(p, spec);
  if (!reached('opened')) return id;
  await p.http().post(`/api/v1/tickets/${id}/open`).set(p.as(spec.by ?? DEFAULTS.by)).send({}).expect(200);
  if (!reached('dispatched')) return id;
  await proposedCase(p, id);
  await p.http().post(`/api/v1/tickets/${id}/dispatch`).set(p.as('command-operator')).send({}).expect(200);
  await untilTicketState(p, id, 'dispatched');
  if (!reached('acknowledged')) return id;
  const officer = spec.officer ?? 'department-officer';
  const [assignment] = await assignmentsOf(p, id, officer);
  await p.http().post(`/api/v1/assignments/${assignment.id}/acknowledge`).set(p.as(officer)).send({}).expect(200);
  await untilTicketState(p, id, 'acknowledged');
  if (!reached('handled')) return id;
  await p
    .http()
    .post(`/api/v1/assignments/${assignment.id}/result`)
    .set(p.as(officer))
    .send({ result: '已处置', photos: [] })
    .expect(200);
  await untilTicketState(p, id, 'handled');
  return id;
}
