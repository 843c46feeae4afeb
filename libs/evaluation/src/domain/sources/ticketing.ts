import {
  TicketingEvents,
  type EventEnvelope,
  type TicketEscalatedData,
  type TicketEventData,
  type TicketHandledData,
  type TicketOpenedData,
  type TicketRatedData,
} from '@gz/contracts';
import { minutesBetween, shanghaiDay } from '../days';
import {
  placesOf,
  type Emit,
  type FactSource,
  type ProjectionState,
  type TicketState,
  type UnitRef,
} from '../projection';

const facetsOf = (t: Pick<TicketState, 'kind' | 'source'>) => [`kind:${t.kind}`, `source:${t.source}`];

function ticketOf(state: ProjectionState, d: TicketEventData): TicketState | undefined {
  return state.tickets.get(d.ticketId);
}

function departmentUnit(t: TicketState, department: string): UnitRef {
  return { kind: 'department', unit: department, street: t.street, district: t.district };
}

/** A new ticket (or one first seen at its opening), from what the event carries. */
function started(d: TicketOpenedData): TicketState {
  return {
    id: d.ticketId,
    street: d.street,
    district: d.gridPath.split('.')[0],
    gridPath: d.gridPath,
    kind: d.categoryKind,
    source: d.source,
    reporter: d.by.kind === 'user' && d.source === 'grid_patrol' ? d.by.id : null,
    reportedAt: null,
    openedAt: null,
    closedAt: null,
    lastDepartment: null,
  };
}

function apply(e: EventEnvelope, state: ProjectionState, emit: Emit): void {
  const d = e.data as unknown as TicketEventData;
  const day = shanghaiDay(d.at);
  switch (e.type) {
    case TicketingEvents.reported: {
      const t = { ...(ticketOf(state, d) ?? started(d as TicketOpenedData)), reportedAt: d.at };
      state.putTicket(t);
      for (const u of placesOf(t.gridPath)) emit.fact(u, day, 'ticket.reported', 'reported', 1, facetsOf(t));
      if (t.reporter)
        emit.fact(
          { kind: 'grid_worker', unit: t.reporter, street: t.street, district: t.district },
          day,
          'ticket.reported',
          'reported',
          1,
        );
      return;
    }
    case TicketingEvents.opened: {
      const known = ticketOf(state, d) ?? started(d as TicketOpenedData);
      if (known.openedAt) return; // opened once; a reopening is ticket.reopened
      const t = { ...known, openedAt: d.at };
      state.putTicket(t);
      for (const u of placesOf(t.gridPath)) emit.fact(u, day, 'ticket.opened', 'opened', 1, facetsOf(t));
      return;
    }
    case TicketingEvents.rejected: {
      for (const u of placesOf(d.gridPath)) emit.fact(u, day, 'ticket.rejected', 'at', 1);
      return;
    }
    case TicketingEvents.handled: {
      const h = d as TicketHandledData;
      const t = ticketOf(state, d);
      for (const u of placesOf(d.gridPath)) emit.fact(u, day, 'ticket.handled', 'at', 1);
      if (t) state.putTicket({ ...t, lastDepartment: h.inGrid ? null : (h.department?.path ?? t.lastDepartment) });
      return;
    }
    case TicketingEvents.reopened: {
      const t = ticketOf(state, d);
      for (const u of placesOf(d.gridPath)) emit.fact(u, day, 'ticket.reopened', 'at', 1);
      if (t?.lastDepartment) emit.fact(departmentUnit(t, t.lastDepartment), day, 'assignment.reworked', 'at', 1);
      if (t) state.putTicket({ ...t, closedAt: null });
      return;
    }
    case TicketingEvents.escalated: {
      const x = d as unknown as TicketEscalatedData;
      for (const u of placesOf(x.gridPath)) emit.fact(u, day, 'ticket.escalated', 'at', 1);
      return;
    }
    case TicketingEvents.closed: {
      const t = ticketOf(state, d);
      if (!t || t.closedAt) {
        // closed without a report or opening in the log: counted by its closing day only
        if (!t) for (const u of placesOf(d.gridPath)) emit.fact(u, day, 'ticket.closed', 'closed', 1);
        return;
      }
      state.putTicket({ ...t, closedAt: d.at });
      for (const u of placesOf(t.gridPath)) {
        emit.fact(u, day, 'ticket.closed', 'closed', 1, facetsOf(t));
        if (t.openedAt) emit.fact(u, shanghaiDay(t.openedAt), 'ticket.closed', 'opened', 1, facetsOf(t));
        if (t.reportedAt) emit.fact(u, shanghaiDay(t.reportedAt), 'ticket.closed', 'reported', 1, facetsOf(t));
        if (t.openedAt) {
          const minutes = minutesBetween(t.openedAt, d.at);
          emit.fact(u, day, 'ticket.handling_minutes', 'closed', minutes);
          emit.fact(u, day, 'ticket.handling_count', 'closed', 1);
          emit.duration(u, day, 'ticket.handling_minutes', minutes);
        }
      }
      return;
    }
    case TicketingEvents.rated: {
      const r = d as TicketRatedData;
      const t = ticketOf(state, d);
      const units = placesOf(d.gridPath);
      if (t?.lastDepartment) units.push(departmentUnit(t, t.lastDepartment));
      const closedDay = t?.closedAt ? shanghaiDay(t.closedAt) : day;
      for (const u of units) {
        for (const [basis, at] of [
          ['at', day],
          ['closed', closedDay],
        ] as const) {
          emit.fact(u, at, 'ticket.rated', basis, 1);
          emit.fact(u, at, 'ticket.stars', basis, r.stars);
          if (r.stars >= 4) emit.fact(u, at, 'ticket.rated_high', basis, 1);
        }
      }
      return;
    }
  }
}

/** Tickets (ticketing): the loop's counts per place, by report, opening and closing day; handling time; ratings. */
export const ticketingSource: FactSource = {
  name: 'ticketing',
  types: [
    TicketingEvents.reported,
    TicketingEvents.opened,
    TicketingEvents.rejected,
    TicketingEvents.handled,
    TicketingEvents.reopened,
    TicketingEvents.escalated,
    TicketingEvents.closed,
    TicketingEvents.rated,
  ],
  keys: (e) => ({ tickets: [(e.data as unknown as TicketEventData).ticketId] }),
  apply,
};
