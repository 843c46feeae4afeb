import { Injectable } from '@nestjs/common';
import type { Actor, AssignmentListQuery, AssignmentView, DepartmentQueue, OverdueQuery, Page } from '@gz/contracts';
import { Clock, requireActor } from '@gz/platform';
import { assignmentReach } from '../domain/access';
import {
  AssignmentStore,
  type AssignmentFilter,
  type AssignmentOrder,
  type AssignmentScope,
} from '../persistence/assignment.store';
import { assignmentView } from '../persistence/views';

/** The departments' queues and the lists of work: a department sees its own, the command centre its places'. */
@Injectable()
export class AssignmentQueriesService {
  constructor(
    private readonly clock: Clock,
    private readonly assignments: AssignmentStore,
  ) {}

  /** A department's queue (its own work only); the command centre sees its places' assignments. */
  async list(query: AssignmentListQuery, actor: Actor | undefined): Promise<Page<AssignmentView>> {
    const { status, department, ticketId } = query;
    return this.page(actor, { status, department, ticketId }, 'newest', query, this.clock.now());
  }

  /** Work past its deadline to acknowledge or to handle. */
  async overdue(query: OverdueQuery, actor: Actor | undefined): Promise<Page<AssignmentView>> {
    const now = this.clock.now();
    return this.page(actor, { overdueAt: now, street: query.street }, 'most-overdue', query, now);
  }

  /** Per-department queues: pending, acknowledged and overdue work. */
  async queues(actor: Actor | undefined): Promise<DepartmentQueue[]> {
    const rows = await this.assignments.queues(scopeOf(requireActor(actor)), this.clock.now());
    return rows.map((r) => ({
      department: { path: r.path, name: r.name },
      dispatched: r.dispatched,
      acknowledged: r.acknowledged,
      overdue: r.overdue,
    }));
  }

  private async page(
    actor: Actor | undefined,
    filter: AssignmentFilter,
    order: AssignmentOrder,
    query: { page?: number; pageSize?: number },
    now: Date,
  ): Promise<Page<AssignmentView>> {
    const scope = scopeOf(requireActor(actor));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.assignments.page(scope, filter, order, page, pageSize);
    return { items: rows.map((r) => assignmentView(r, now)), total, page, pageSize };
  }
}

function scopeOf(a: Actor): AssignmentScope {
  return { scopes: a.scopes, ...assignmentReach(a) };
}
