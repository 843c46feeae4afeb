import {
  DispatchEvents,
  type AssignmentEscalatedData,
  type AssignmentHandedBackData,
  type AssignmentHandledData,
  type DispatchConfirmedData,
  type EventEnvelope,
} from '@gz/contracts';
import { minutesBetween, shanghaiDay } from '../days';
import type { AssignmentState, Emit, FactSource, ProjectionState, UnitRef } from '../projection';

const unitOf = (a: AssignmentState): UnitRef => ({
  kind: 'department',
  unit: a.department,
  street: a.street,
  district: a.district,
});

function apply(e: EventEnvelope, state: ProjectionState, emit: Emit): void {
  switch (e.type) {
    case DispatchEvents.confirmed: {
      const d = e.data as unknown as DispatchConfirmedData;
      for (const x of d.assignments) {
        if (state.assignments.has(x.assignmentId)) continue;
        const a: AssignmentState = {
          id: x.assignmentId,
          ticketId: d.ticketId,
          department: x.department.path,
          street: d.street,
          district: d.gridPath.split('.')[0],
          dispatchedAt: d.at,
          ackDueAt: x.ackDueAt,
          handleDueAt: x.handleDueAt,
          ackedOnTime: false,
          done: false,
        };
        state.putAssignment(a);
        const u = unitOf(a);
        emit.fact(u, shanghaiDay(d.at), 'assignment.assigned', 'at', 1);
        emit.fact(u, shanghaiDay(a.ackDueAt), 'assignment.ack_due', 'due', 1);
        emit.fact(u, shanghaiDay(a.handleDueAt), 'assignment.handle_due', 'due', 1);
      }
      return;
    }
    case DispatchEvents.acknowledged: {
      const d = e.data as unknown as { assignmentId: string; at: string };
      const a = state.assignments.get(d.assignmentId);
      if (!a || a.done) return;
      emit.fact(unitOf(a), shanghaiDay(d.at), 'assignment.acknowledged', 'at', 1);
      if (Date.parse(d.at) <= Date.parse(a.ackDueAt)) {
        emit.fact(unitOf(a), shanghaiDay(a.ackDueAt), 'assignment.ack_on_time', 'due', 1);
        state.putAssignment({ ...a, ackedOnTime: true });
      }
      return;
    }
    case DispatchEvents.handedBack: {
      const d = e.data as unknown as AssignmentHandedBackData;
      const a = state.assignments.get(d.assignmentId);
      if (!a || a.done) return;
      const u = unitOf(a);
      emit.fact(u, shanghaiDay(d.at), 'assignment.handed_back', 'at', 1);
      // "not ours": the work was never this department's to do on time, so it leaves the due counts
      emit.fact(u, shanghaiDay(a.ackDueAt), 'assignment.ack_due', 'due', -1);
      emit.fact(u, shanghaiDay(a.handleDueAt), 'assignment.handle_due', 'due', -1);
      if (a.ackedOnTime) emit.fact(u, shanghaiDay(a.ackDueAt), 'assignment.ack_on_time', 'due', -1);
      state.putAssignment({ ...a, done: true });
      return;
    }
    case DispatchEvents.handled: {
      const d = e.data as unknown as AssignmentHandledData;
      const a = state.assignments.get(d.assignmentId);
      if (!a || a.done) return;
      const u = unitOf(a);
      const day = shanghaiDay(d.at);
      emit.fact(u, day, 'assignment.handled', 'at', 1);
      if (Date.parse(d.at) <= Date.parse(a.handleDueAt))
        emit.fact(u, shanghaiDay(a.handleDueAt), 'assignment.handled_on_time', 'due', 1);
      const minutes = minutesBetween(a.dispatchedAt, d.at);
      emit.fact(u, day, 'assignment.handling_minutes', 'at', minutes);
      emit.fact(u, day, 'assignment.handling_count', 'at', 1);
      emit.duration(u, day, 'assignment.handling_minutes', minutes);
      state.putAssignment({ ...a, done: true });
      return;
    }
    case DispatchEvents.escalated: {
      const d = e.data as unknown as AssignmentEscalatedData;
      const a = state.assignments.get(d.assignmentId);
      const u: UnitRef = a
        ? unitOf(a)
        : { kind: 'department', unit: d.department.path, street: d.street, district: d.gridPath.split('.')[0] };
      emit.fact(u, shanghaiDay(d.at), 'assignment.escalated', 'at', 1);
      if (d.level >= 2) emit.fact(u, shanghaiDay(d.at), 'assignment.escalated_district', 'at', 1);
      return;
    }
  }
}

/** Dispatched work (dispatch): each department's assignments per street, their deadlines met or missed, hand-backs and escalations. */
export const dispatchSource: FactSource = {
  name: 'dispatch',
  types: [
    DispatchEvents.confirmed,
    DispatchEvents.acknowledged,
    DispatchEvents.handedBack,
    DispatchEvents.handled,
    DispatchEvents.escalated,
  ],
  keys: (e) => {
    const d = e.data as unknown as { assignmentId?: string; assignments?: Array<{ assignmentId: string }> };
    return {
      assignments: d.assignments ? d.assignments.map((a) => a.assignmentId) : d.assignmentId ? [d.assignmentId] : [],
    };
  },
  apply,
};
