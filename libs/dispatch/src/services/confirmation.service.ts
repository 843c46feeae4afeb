import { Injectable } from '@nestjs/common';
import {
  DispatchEvents,
  personOf,
  type Actor,
  type ConfirmDispatchCommand,
  type DepartmentRef,
  type DispatchCaseView,
} from '@gz/contracts';
import { Clock, conflict, DomainError, newId, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkCommand } from '../domain/access';
import { deadlines } from '../domain/escalation';
import { CaseStore, type Confirmation } from '../persistence/case.store';
import { ResponsibilityStore } from '../persistence/responsibility.store';
import { caseView, type CaseRow } from '../persistence/views';

/** 指挥派遣: the command centre sends a proposed ticket to its departments. */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseStore,
    private readonly lists: ResponsibilityStore,
  ) {}

  /**
   * The command centre confirms the proposal, or overrides it (another lead, co-departments).
   * Usually nothing moves the case between reading and writing it: one unlocked read, and one
   * statement that writes only while the case is at the version read. Otherwise, or when the read
   * gives a reason to refuse, a transaction decides on the locked case (and gives the refusal).
   */
  async confirm(cmd: ConfirmDispatchCommand, actor: Actor | undefined): Promise<DispatchCaseView> {
    const a = requireActor(actor);
    const read = await this.cases.read(cmd.ticketId);
    if (read) {
      // a refusal read from an unlocked row is left for the transaction to give
      const plan = await this.confirmation(this.dataSource.manager, read, cmd, a).catch((error: unknown) => {
        if (error instanceof DomainError) return undefined;
        throw error;
      });
      const view = plan && (await this.write(this.dataSource.manager, read, plan));
      if (view) return view;
    }
    return this.dataSource.transaction(async (m) => {
      const c = await this.cases.lock(m, cmd.ticketId);
      if (!c) throw notFound('Dispatch case (the ticket is not opened)', { ticketId: cmd.ticketId });
      const view = await this.write(m, c, await this.confirmation(m, c, cmd, a));
      if (!view) throw new Error(`dispatch case ${cmd.ticketId} moved while locked`);
      return view;
    });
  }

  /** What confirming writes: the departments, their deadlines and the event (or why it is refused). */
  private async confirmation(
    m: EntityManager,
    c: CaseRow,
    cmd: ConfirmDispatchCommand,
    a: Actor,
  ): Promise<Confirmation> {
    checkCommand(a, c.grid_path);
    if (cmd.version !== undefined && cmd.version !== c.version)
      throw conflict('The dispatch case was changed since you read it', {
        currentVersion: c.version,
        status: c.status,
      });
    if (c.status !== 'proposed')
      throw conflict(`The ticket is ${c.status === 'dispatched' ? 'dispatched already' : 'closed'}`, {
        status: c.status,
        state: c.status,
      });
    const overridden = cmd.lead !== undefined || cmd.co !== undefined;
    // Confirming the proposal names only its departments: the list is read for an override.
    const known = overridden ? await this.knownDepartments(m, c) : proposedDepartments(c);
    const leadPath = cmd.lead ?? c.proposal?.lead.path;
    if (!leadPath)
      throw unprocessable('No department is proposed for this ticket: name the lead department', { field: 'lead' });
    const coPaths = cmd.co ?? (cmd.lead === undefined ? (c.proposal?.co ?? []).map((x) => x.path) : []);
    if (coPaths.includes(leadPath))
      throw unprocessable('The lead department cannot be a co-department too', { field: 'co' });
    const resolve = (path: string, field: string): DepartmentRef => {
      const dep = known.get(path);
      if (!dep) throw unprocessable(`${path} is not a department of the responsibility list`, { field, path });
      return dep;
    };
    const departments = [
      { dep: resolve(leadPath, 'lead'), role: 'lead' as const },
      ...coPaths.map((p) => ({ dep: resolve(p, 'co'), role: 'co' as const })),
    ];
    const now = this.clock.now();
    const round = c.round + 1;
    const { ackDueAt, handleDueAt } = deadlines(now, c.ack_minutes, c.handle_minutes);
    const by = personOf(a);
    return {
      now,
      round,
      ackDueAt,
      handleDueAt,
      event: {
        type: DispatchEvents.confirmed,
        street: c.street_code,
        actor: by,
        occurredAt: now,
        data: {
          ticketId: c.ticket_id,
          street: c.street_code,
          gridPath: c.grid_path,
          at: now.toISOString(),
          round,
          assignments: departments.map(({ dep, role }) => ({
            assignmentId: newId(),
            department: dep,
            role,
            ackDueAt: ackDueAt.toISOString(),
            handleDueAt: handleDueAt.toISOString(),
          })),
          overridden,
          by,
          ...(cmd.note ? { note: cmd.note } : {}),
        },
      },
    };
  }

  /** Writes the confirmation while the case is at the version read; undefined when it had moved. */
  private async write(m: EntityManager, c: CaseRow, plan: Confirmation): Promise<DispatchCaseView | undefined> {
    const assignments = await this.cases.dispatch(m, c, plan);
    if (!assignments) return undefined;
    const updated: CaseRow = {
      ...c,
      status: 'dispatched',
      round: plan.round,
      version: c.version + 1,
      updated_at: plan.now,
    };
    return caseView(updated, assignments, plan.now);
  }

  /** The departments the street's responsibility list names (and the current proposal's). */
  private async knownDepartments(m: EntityManager, c: CaseRow): Promise<Map<string, DepartmentRef>> {
    const { rules } = await this.lists.current(m, c.street_code);
    const listed = rules.flatMap((r) => [r.lead, ...r.co]).map((d) => [d.path, d] as const);
    return new Map([...listed, ...proposedDepartments(c)]);
  }
}

/** The departments of a case's proposal, by path. */
function proposedDepartments(c: CaseRow): Map<string, DepartmentRef> {
  const map = new Map<string, DepartmentRef>();
  if (c.proposal) for (const d of [c.proposal.lead, ...c.proposal.co]) map.set(d.path, d);
  return map;
}
