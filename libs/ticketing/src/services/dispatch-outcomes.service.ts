import { Injectable, Logger } from '@nestjs/common';
import {
  DispatchEvents,
  TicketingEvents,
  timelineActionOf,
  type AssignmentAcknowledgedData,
  type AssignmentEscalatedData,
  type AssignmentHandedBackData,
  type AssignmentHandledData,
  type DispatchConfirmedData,
  type DispatchProposedData,
} from '@gz/contracts';
import { DomainError, type InboxRecord } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { transition } from '../domain/state-machine';
import { actionOf, TicketStore, type Step } from '../persistence/ticket.store';
import type { TicketRow } from '../persistence/views';

const SYSTEM = { id: 'dispatch', kind: 'system' as const, name: '指挥调度' };

/**
 * What dispatch's events do to a ticket: proposals, dispatches, acknowledgements, hand-backs,
 * results and escalations. Each is recorded on the ticket's timeline, and moves the ticket when it
 * is a step of the loop; a step that no longer applies (the ticket moved on) is recorded, not
 * applied.
 */
@Injectable()
export class DispatchOutcomesService {
  private readonly logger = new Logger('Ticketing:DispatchEvents');

  constructor(private readonly store: TicketStore) {}

  private async ticket(m: EntityManager, id: string): Promise<TicketRow | undefined> {
    const t = await this.store.lockIfAny(m, id);
    if (!t) this.logger.warn(`event for unknown ticket ${id}`);
    return t;
  }

  /** Applies the step when the state machine allows it, else records it on the timeline only. */
  private async stepOrRecord(m: EntityManager, t: TicketRow, step: Step): Promise<void> {
    const allowed = transition(t.state, actionOf(step), step.ctx ?? { gridClosable: t.grid_closable });
    if (allowed.ok) {
      await this.store.apply(m, t, step);
      return;
    }
    await this.store.record(m, t.id, {
      action: timelineActionOf(step.event.type),
      at: step.at,
      by: step.by,
      note: step.note,
      photos: step.photos,
      data: { ...step.data, notApplied: allowed.reason, state: t.state },
    });
  }

  /** Dispatch proposed departments (or found none): on the timeline, in one statement with the inbox record. */
  async proposed(d: DispatchProposedData, inbox: InboxRecord): Promise<boolean> {
    const p = d.proposal;
    const { applied, known } = await this.store.recordOnce(
      d.ticketId,
      {
        action: timelineActionOf(DispatchEvents.proposed),
        at: new Date(d.at),
        by: SYSTEM,
        note: p
          ? `建议派遣：${[p.lead.name, ...p.co.map((c) => c.name)].join('、')}`
          : '责任清单中没有匹配的部门，请指定',
        data: { round: d.round, proposal: p },
      },
      inbox,
    );
    if (!known) this.logger.warn(`event for unknown ticket ${d.ticketId}`);
    return applied;
  }

  /**
   * The command centre dispatched: the ticket's step, without a transaction when the ticket is
   * where the step applies and nothing moves it meanwhile (the usual case), else in one.
   */
  async confirmed(d: DispatchConfirmedData, inbox: InboxRecord): Promise<boolean> {
    const departments = d.assignments.map((x) => ({ ...x.department, role: x.role }));
    const step: Step = {
      event: { type: TicketingEvents.dispatched, data: { round: d.round, departments } },
      at: new Date(d.at),
      by: d.by,
      note: d.note,
      set: {
        departments,
        department_paths: departments.map((x) => x.path),
        dispatched_at: new Date(d.at),
        acknowledged_at: null,
        escalation_level: 0,
      },
      data: { round: d.round, departments, overridden: d.overridden, assignments: d.assignments },
    };
    const read = await this.store.read(d.ticketId);
    const applied = read && (await this.store.applyOnce(read, step, inbox));
    if (applied !== undefined) return applied;
    return inbox.inTransaction(async (_, m) => {
      const t = await this.ticket(m, d.ticketId);
      if (t) await this.stepOrRecord(m, t, step);
    });
  }

  async acknowledged(d: AssignmentAcknowledgedData, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, d.ticketId);
    if (!t) return;
    const data = { assignmentId: d.assignmentId, department: d.department, role: d.role };
    const at = new Date(d.at);
    if (t.state === 'dispatched') {
      await this.store.apply(m, t, {
        event: { type: TicketingEvents.acknowledged, data },
        at,
        by: d.by,
        note: d.note,
        set: { acknowledged_at: at },
        data,
      });
    } else {
      await this.store.record(m, t.id, {
        action: timelineActionOf(TicketingEvents.acknowledged),
        at,
        by: d.by,
        note: d.note,
        data,
      });
    }
  }

  async handedBack(d: AssignmentHandedBackData, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, d.ticketId);
    if (!t) return;
    const data = { assignmentId: d.assignmentId, department: d.department, role: d.role, reason: d.reason };
    const at = new Date(d.at);
    if (d.redispatch) {
      const step: Step = {
        event: { type: TicketingEvents.handedBack, data },
        at,
        by: d.by,
        note: d.reason,
        set: { departments: [], department_paths: [], dispatched_at: null, acknowledged_at: null },
        data,
      };
      await this.stepOrRecord(m, t, step);
      return;
    }
    // A co-department is out; the others go on.
    const departments = t.departments.filter((x) => x.path !== d.department.path);
    await this.store.touch(m, t.id, { departments, department_paths: departments.map((x) => x.path) });
    await this.store.record(m, t.id, {
      action: timelineActionOf(TicketingEvents.handedBack),
      at,
      by: d.by,
      note: d.reason,
      data,
    });
  }

  async handled(d: AssignmentHandledData, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, d.ticketId);
    if (!t) return;
    const data = { assignmentId: d.assignmentId, department: d.department, role: d.role, result: d.result };
    const at = new Date(d.at);
    if (d.allHandled) {
      const step: Step = {
        event: { type: TicketingEvents.handled, data: { result: d.result, inGrid: false, department: d.department } },
        ctx: { gridClosable: t.grid_closable, handledBy: 'department' },
        at,
        by: d.by,
        note: d.note,
        photos: d.photos,
        set: { result: d.result, handled_at: at },
        data,
      };
      await this.stepOrRecord(m, t, step);
      return;
    }
    await this.store.record(m, t.id, {
      action: timelineActionOf(TicketingEvents.handled),
      at,
      by: d.by,
      note: d.note,
      photos: d.photos,
      data,
    });
  }

  async escalated(d: AssignmentEscalatedData, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, d.ticketId);
    if (!t) return;
    const data = {
      assignmentId: d.assignmentId,
      department: d.department,
      level: d.level,
      to: d.to,
      reason: d.reason,
      dueAt: d.dueAt,
    };
    const note = `${d.department.name}${d.reason === 'unacknowledged' ? '未按时签收' : '未按时办结'}，已上报${d.to === 'street' ? '街道指挥中心' : '区级'}`;
    const step: Step = {
      event: {
        type: TicketingEvents.escalated,
        data: { level: d.level, reason: d.reason, department: d.department.path, to: d.to },
      },
      at: new Date(d.at),
      by: SYSTEM,
      note,
      set: { escalation_level: Math.max(t.escalation_level, d.level) },
      data,
    };
    try {
      await this.stepOrRecord(m, t, step);
    } catch (error) {
      if (error instanceof DomainError) this.logger.warn(error.message);
      else throw error;
    }
  }
}
