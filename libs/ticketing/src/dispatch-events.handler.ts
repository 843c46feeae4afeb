import { Injectable, Logger } from '@nestjs/common';
import {
  DispatchEvents,
  type AssignmentAcknowledgedData,
  type AssignmentEscalatedData,
  type AssignmentHandedBackData,
  type AssignmentHandledData,
  type DispatchConfirmedData,
  type DispatchProposedData,
  type EventEnvelope,
} from '@gz/contracts';
import { DomainError, OnEvent, OnEventInOneStatement, prepared, type InboxRecord } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { transition } from './domain/state-machine';
import { TicketStore, type Step } from './ticket-store';
import type { TicketRow } from './views';

const SYSTEM = { id: 'dispatch', kind: 'system' as const, name: '指挥调度' };

/**
 * What dispatch tells ticketing: proposals, dispatches, acknowledgements, hand-backs, results and
 * escalations. Each is recorded on the ticket's timeline, and moves the ticket when it is a step
 * of the loop; a step that no longer applies (the ticket moved on) is recorded, not applied.
 */
@Injectable()
export class DispatchEventsHandler {
  private readonly logger = new Logger('Ticketing:DispatchEvents');

  constructor(private readonly store: TicketStore) {}

  private async ticket(m: EntityManager, id: string): Promise<TicketRow | undefined> {
    const rows: TicketRow[] = await m.query(prepared(`SELECT * FROM "ticketing".ticket WHERE id = $1 FOR UPDATE`), [id]);
    if (rows.length === 0) this.logger.warn(`event for unknown ticket ${id}`);
    return rows[0];
  }

  /** Applies the step when the state machine allows it, else records it on the timeline only. */
  private async stepOrRecord(m: EntityManager, t: TicketRow, step: Step, label: string): Promise<void> {
    const allowed = transition(t.state, step.action, step.ctx ?? { gridClosable: t.grid_closable });
    if (allowed.ok) {
      await this.store.apply(m, t, step);
      return;
    }
    await this.store.record(m, t.id, {
      action: label,
      at: step.at,
      by: step.by,
      note: step.note,
      photos: step.photos,
      data: { ...step.data, notApplied: allowed.reason, state: t.state },
    });
  }

  @OnEventInOneStatement(DispatchEvents.proposed)
  async proposed(e: EventEnvelope<DispatchProposedData>, inbox: InboxRecord): Promise<boolean> {
    const p = e.data.proposal;
    const { applied, known } = await this.store.recordOnce(e.data.ticketId, {
      action: 'proposed',
      at: new Date(e.data.at),
      by: SYSTEM,
      note: p
        ? `建议派遣：${[p.lead.name, ...p.co.map((c) => c.name)].join('、')}`
        : '责任清单中没有匹配的部门，请指定',
      data: { round: e.data.round, proposal: p },
    }, inbox);
    if (!known) this.logger.warn(`event for unknown ticket ${e.data.ticketId}`);
    return applied;
  }

  /**
   * The command centre dispatched: the ticket's step, without a transaction when the ticket is
   * where the step applies and nothing moves it meanwhile (the usual case), else in one.
   */
  @OnEventInOneStatement(DispatchEvents.confirmed)
  async confirmed(e: EventEnvelope<DispatchConfirmedData>, inbox: InboxRecord): Promise<boolean> {
    const departments = e.data.assignments.map((x) => ({ ...x.department, role: x.role }));
    const step: Step = {
      action: 'dispatch',
      at: new Date(e.data.at),
      by: e.data.by,
      note: e.data.note,
      set: {
        departments,
        department_paths: departments.map((d) => d.path),
        dispatched_at: new Date(e.data.at),
        acknowledged_at: null,
        escalation_level: 0,
      },
      data: { round: e.data.round, departments, overridden: e.data.overridden, assignments: e.data.assignments },
      event: { type: 'ticket.dispatched', data: { round: e.data.round, departments } },
    };
    const read = await this.store.read(e.data.ticketId);
    const applied = read && (await this.store.applyOnce(read, step, inbox));
    if (applied !== undefined) return applied;
    return inbox.inTransaction(async (_, m) => {
      const t = await this.ticket(m, e.data.ticketId);
      if (t) await this.stepOrRecord(m, t, step, 'dispatched');
    });
  }

  @OnEvent(DispatchEvents.acknowledged)
  async acknowledged(e: EventEnvelope<AssignmentAcknowledgedData>, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, e.data.ticketId);
    if (!t) return;
    const data = { assignmentId: e.data.assignmentId, department: e.data.department, role: e.data.role };
    if (t.state === 'dispatched') {
      await this.store.apply(m, t, {
        action: 'acknowledge',
        at: new Date(e.data.at),
        by: e.data.by,
        note: e.data.note,
        set: { acknowledged_at: new Date(e.data.at) },
        data,
        event: { type: 'ticket.acknowledged', data },
      });
    } else {
      await this.store.record(m, t.id, {
        action: 'acknowledged',
        at: new Date(e.data.at),
        by: e.data.by,
        note: e.data.note,
        data,
      });
    }
  }

  @OnEvent(DispatchEvents.handedBack)
  async handedBack(e: EventEnvelope<AssignmentHandedBackData>, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, e.data.ticketId);
    if (!t) return;
    const departments = t.departments.filter((d) => d.path !== e.data.department.path);
    const data = {
      assignmentId: e.data.assignmentId,
      department: e.data.department,
      role: e.data.role,
      reason: e.data.reason,
    };
    if (e.data.redispatch) {
      await this.stepOrRecord(
        m,
        t,
        {
          action: 'hand_back',
          at: new Date(e.data.at),
          by: e.data.by,
          note: e.data.reason,
          set: { departments: [], department_paths: [], dispatched_at: null, acknowledged_at: null },
          data,
          event: { type: 'ticket.handed_back', data },
        },
        'handed_back',
      );
      return;
    }
    await this.store.touch(m, t.id, { departments, department_paths: departments.map((d) => d.path) });
    await this.store.record(m, t.id, {
      action: 'handed_back',
      at: new Date(e.data.at),
      by: e.data.by,
      note: e.data.reason,
      data,
    });
  }

  @OnEvent(DispatchEvents.handled)
  async handled(e: EventEnvelope<AssignmentHandledData>, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, e.data.ticketId);
    if (!t) return;
    const data = {
      assignmentId: e.data.assignmentId,
      department: e.data.department,
      role: e.data.role,
      result: e.data.result,
    };
    const at = new Date(e.data.at);
    if (e.data.allHandled) {
      await this.stepOrRecord(
        m,
        t,
        {
          action: 'handle',
          label: 'department_handled',
          ctx: { gridClosable: t.grid_closable, handledBy: 'department' },
          at,
          by: e.data.by,
          note: e.data.note,
          photos: e.data.photos,
          set: { result: e.data.result, handled_at: at },
          data,
          event: {
            type: 'ticket.handled',
            data: { result: e.data.result, inGrid: false, department: e.data.department },
          },
        },
        'department_handled',
      );
      return;
    }
    await this.store.record(m, t.id, {
      action: 'department_handled',
      at,
      by: e.data.by,
      note: e.data.note,
      photos: e.data.photos,
      data,
    });
  }

  @OnEvent(DispatchEvents.escalated)
  async escalated(e: EventEnvelope<AssignmentEscalatedData>, m: EntityManager): Promise<void> {
    const t = await this.ticket(m, e.data.ticketId);
    if (!t) return;
    const data = {
      assignmentId: e.data.assignmentId,
      department: e.data.department,
      level: e.data.level,
      to: e.data.to,
      reason: e.data.reason,
      dueAt: e.data.dueAt,
    };
    const note = `${e.data.department.name}${e.data.reason === 'unacknowledged' ? '未按时签收' : '未按时办结'}，已上报${e.data.to === 'street' ? '街道指挥中心' : '区级'}`;
    try {
      await this.stepOrRecord(
        m,
        t,
        {
          action: 'escalate',
          label: 'escalated',
          at: new Date(e.data.at),
          by: SYSTEM,
          note,
          set: { escalation_level: Math.max(t.escalation_level, e.data.level) },
          data,
          event: {
            type: 'ticket.escalated',
            data: { level: e.data.level, reason: e.data.reason, department: e.data.department.path, to: e.data.to },
          },
        },
        'escalated',
      );
    } catch (error) {
      if (error instanceof DomainError) this.logger.warn(error.message);
      else throw error;
    }
  }
}
