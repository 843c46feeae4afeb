import { Injectable } from '@nestjs/common';
import {
  DispatchEvents,
  personOf,
  type AcknowledgeCommand,
  type Actor,
  type AssignmentStatus,
  type AssignmentView,
  type HandBackCommand,
  type ResultCommand,
} from '@gz/contracts';
import { Clock, conflict, notFound, Outbox, requireActor } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { actsForDepartment, canReadPlace, checkDepartment } from '../domain/access';
import { AssignmentStore } from '../persistence/assignment.store';
import { CaseStore } from '../persistence/case.store';
import { TimerStore } from '../persistence/timer.store';
import { assignmentEventData, assignmentView, type AssignmentRow } from '../persistence/views';
import { ProposalService } from './proposal.service';

const ACTIVE: readonly AssignmentStatus[] = ['dispatched', 'acknowledged'];

/** A department acting on the work dispatched to it: 签收, "not ours", 处理反馈. */
@Injectable()
export class AssignmentActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly assignments: AssignmentStore,
    private readonly cases: CaseStore,
    private readonly timers: TimerStore,
    private readonly proposals: ProposalService,
  ) {}

  /** 签收: the department takes the work. */
  async acknowledge(cmd: AcknowledgeCommand, actor: Actor | undefined): Promise<AssignmentView> {
    return this.dataSource.transaction(async (m) => {
      const { a, row } = await this.lock(m, cmd.id, actor, cmd.version);
      if (row.status !== 'dispatched')
        throw conflict(`The assignment is ${row.status}`, { status: row.status, state: row.status });
      const now = this.clock.now();
      const acknowledged = await this.assignments.acknowledge(m, row.id, now);
      await this.timers.cancel(m, row.id, now, 'ack');
      await this.outbox.add(m, {
        type: DispatchEvents.acknowledged,
        street: row.street_code,
        actor: a,
        data: assignmentEventData(row, personOf(a), now, cmd.note),
      });
      return assignmentView(acknowledged, now);
    });
  }

  /** "Not ours": the department hands the work back with a reason; the lead's hand-back sends the ticket back for dispatch. */
  async handBack(cmd: HandBackCommand, actor: Actor | undefined): Promise<AssignmentView> {
    return this.dataSource.transaction(async (m) => {
      const { a, row } = await this.lock(m, cmd.id, actor, cmd.version);
      if (!ACTIVE.includes(row.status))
        throw conflict(`The assignment is ${row.status}`, { status: row.status, state: row.status });
      const now = this.clock.now();
      const c = await this.cases.lock(m, row.ticket_id);
      // an assignment always has its case (a foreign key): this only narrows the type
      if (!c) throw notFound('Dispatch case', { ticketId: row.ticket_id });
      const handedBack = await this.assignments.handBack(m, row.id, cmd.reason, now);
      await this.timers.cancel(m, row.id, now);
      const others = await this.assignments.pendingInRound(m, row.ticket_id, row.round, row.id);
      const redispatch = row.role === 'lead' || others === 0;
      await this.outbox.add(m, {
        type: DispatchEvents.handedBack,
        street: row.street_code,
        actor: a,
        data: { ...assignmentEventData(row, personOf(a), now, cmd.note), reason: cmd.reason, redispatch },
      });
      await this.cases.exclude(m, c.ticket_id, row.department_path, now);
      if (redispatch) await this.proposals.proposeAgain(m, c, [...c.excluded, row.department_path], now);
      return assignmentView(handedBack, now);
    });
  }

  /** 处理反馈: the department's result (and after-photos). */
  async result(cmd: ResultCommand, actor: Actor | undefined): Promise<AssignmentView> {
    return this.dataSource.transaction(async (m) => {
      const { a, row } = await this.lock(m, cmd.id, actor, cmd.version);
      if (row.status !== 'acknowledged')
        throw conflict(
          row.status === 'dispatched' ? 'Acknowledge the assignment first' : `The assignment is ${row.status}`,
          {
            status: row.status,
            state: row.status,
          },
        );
      const now = this.clock.now();
      const photos = cmd.photos ?? [];
      const handled = await this.assignments.handle(m, row.id, cmd.result, photos, now);
      await this.timers.cancel(m, row.id, now);
      const pending = await this.assignments.pendingInRound(m, row.ticket_id, row.round, row.id);
      await this.outbox.add(m, {
        type: DispatchEvents.handled,
        street: row.street_code,
        actor: a,
        data: {
          ...assignmentEventData(row, personOf(a), now, cmd.note),
          result: cmd.result,
          photos,
          allHandled: pending === 0,
        },
      });
      return assignmentView(handled, now);
    });
  }

  /** The assignment, locked, when the caller acts for its department (404 when the caller may not see it). */
  private async lock(
    m: EntityManager,
    id: string,
    actor: Actor | undefined,
    version?: number,
  ): Promise<{ a: Actor; row: AssignmentRow }> {
    const row = await this.assignments.lock(m, id);
    const who = requireActor(actor);
    if (!row || !(actsForDepartment(who, row.department_path, 'tickets:read') || canReadPlace(who, row.grid_path)))
      throw notFound('Assignment', { id });
    const a = checkDepartment(who, row.department_path);
    if (version !== undefined && version !== row.version)
      throw conflict('The assignment was changed since you read it', {
        currentVersion: row.version,
        status: row.status,
      });
    return { a, row };
  }
}
