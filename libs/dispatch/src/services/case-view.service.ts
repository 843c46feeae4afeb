import { Injectable } from '@nestjs/common';
import type { Actor, DispatchCaseView } from '@gz/contracts';
import { Clock, notFound, requireActor } from '@gz/platform';
import { actsForDepartment, canReadPlace } from '../domain/access';
import { AssignmentStore } from '../persistence/assignment.store';
import { CaseStore } from '../persistence/case.store';
import { caseView } from '../persistence/views';

/** The dispatch of a ticket as its reader may see it. */
@Injectable()
export class CaseViewService {
  constructor(
    private readonly clock: Clock,
    private readonly cases: CaseStore,
    private readonly assignments: AssignmentStore,
  ) {}

  /** The whole case for the place's staff; a department sees only its own assignments, without the proposal. */
  async get(ticketId: string, actor: Actor | undefined): Promise<DispatchCaseView> {
    const a = requireActor(actor);
    const c = await this.cases.read(ticketId);
    if (!c) throw notFound('Dispatch case', { ticketId });
    const assignments = await this.assignments.ofCase(ticketId);
    const mine = assignments.filter((x) => actsForDepartment(a, x.department_path, 'tickets:read'));
    if (canReadPlace(a, c.grid_path)) return caseView(c, assignments, this.clock.now());
    if (mine.length > 0) return caseView({ ...c, proposal: null }, mine, this.clock.now());
    throw notFound('Dispatch case', { ticketId });
  }
}
