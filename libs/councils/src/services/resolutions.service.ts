import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  personOf,
  type Actor,
  type BoardNoticeView,
  type BoardRequest,
  type BoardView,
  type CreateTaskCommand,
  type PostBoardNoticeCommand,
  type PublishResolutionCommand,
  type ResolutionIdRequest,
  type ResolutionPublishedData,
  type ResolutionView,
  type SendTaskCommand,
  type TaskDoneBy,
  type TaskDoneData,
  type TaskProgressCommand,
  type TaskView,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  isUniqueViolation,
  notFound,
  Outbox,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ResolutionStore,
  type NoticeRow,
  type ResolutionRow,
  type TaskRow,
  type TaskWithPlace,
} from '../persistence/resolution.store';
import { progressProblem, sendProblem } from '../domain/task-lifecycle';
import { VoteAccess } from './vote-access.service';
import { TicketReporter } from './ticket-reporter.service';

const iso = (d: Date | string) => new Date(d).toISOString();

function taskView(t: TaskRow): TaskView {
  return {
    id: t.id,
    resolutionId: t.resolution_id,
    title: t.title,
    place: t.place,
    state: t.state,
    progress: t.progress,
    note: t.note,
    ticketId: t.ticket_id,
    doneBy: t.done_by,
    doneAt: t.done_at ? iso(t.done_at) : null,
  };
}

function resolutionView(r: ResolutionRow, tasks: TaskRow[]): ResolutionView {
  return {
    id: r.id,
    topicId: r.topic_id,
    topicTitle: r.topic_title,
    compoundId: r.compound_id,
    action: r.action,
    implementer: r.implementer,
    dueBy: iso(r.due_by),
    publishedAt: iso(r.published_at),
    tasks: tasks.filter((t) => t.resolution_id === r.id).map(taskView),
  };
}

const noticeView = (n: NoticeRow): BoardNoticeView => ({
  id: n.id,
  title: n.title,
  body: n.body,
  postedAt: iso(n.posted_at),
});

/**
 * Resolutions of topics and their implementation: the council (the community secretary, the
 * street admin) publishes what will be done, by whom and by when, tracks it in tasks with
 * progress, and may send a task to ticketing as a ticket (over the bus, at the task's place): the
 * task is done when that ticket closes, is rejected or merged (TaskTicketEvents). The public board
 * of a compound shows its notices, closed votes' results and resolutions to its owners and staff.
 */
@Injectable()
export class ResolutionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly tickets: TicketReporter,
    private readonly store: ResolutionStore,
    private readonly access: VoteAccess,
  ) {}

  private async resolution(id: string): Promise<ResolutionRow> {
    const r = await this.store.read(id);
    if (!r) throw notFound('Resolution', { id });
    return r;
  }

  private async taskOf(id: string): Promise<TaskWithPlace> {
    const t = await this.store.task(id);
    if (!t) throw notFound('Task', { id });
    return t;
  }

  async publish(cmd: PublishResolutionCommand, actor?: Actor): Promise<ResolutionView> {
    const topic = await this.store.topic(cmd.topicId);
    if (!topic) throw notFound('Topic', { id: cmd.topicId });
    const c = await this.access.compound(topic.compound_id);
    const a = this.access.requireAdmin(actor, c.community_path);
    if (topic.state !== 'accepted' && topic.state !== 'resolved')
      throw conflict('Only an accepted topic is resolved', { state: topic.state });
    const now = this.clock.now();
    try {
      const id = await this.dataSource.transaction(async (m) => {
        const rid = await this.store.insert(m, {
          topic_id: topic.id,
          compound_id: c.id,
          street_code: c.street_code,
          community_path: c.community_path,
          action: cmd.action,
          implementer: cmd.implementer,
          due_by: new Date(cmd.dueBy),
          published_by: a.id,
          published_at: now,
        });
        const data: ResolutionPublishedData = {
          resolutionId: rid,
          topicId: topic.id,
          compoundId: c.id,
          street: c.street_code,
          communityPath: c.community_path,
          action: cmd.action,
          implementer: cmd.implementer,
          dueBy: iso(cmd.dueBy),
          by: personOf(a),
          at: now.toISOString(),
        };
        await this.outbox.add(m, { type: CouncilsEvents.resolutionPublished, street: c.street_code, actor: a, data });
        return rid;
      });
      return resolutionView(await this.resolution(id), []);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('The topic already has its resolution', { topicId: topic.id });
      throw error;
    }
  }

  async get(req: ResolutionIdRequest, actor?: Actor): Promise<ResolutionView> {
    const r = await this.resolution(req.id);
    await this.access.standing(actor, await this.access.compound(r.compound_id));
    return resolutionView(r, await this.store.tasksOf([r.id]));
  }

  async createTask(cmd: CreateTaskCommand, actor?: Actor): Promise<TaskView> {
    const r = await this.resolution(cmd.resolutionId);
    const a = this.access.requireAdmin(actor, r.community_path);
    if (cmd.place && !cmd.place.gridPath.startsWith(`${r.community_path}.`))
      throw unprocessable("The task's place must be a grid of the compound's community", {
        fields: { 'place.gridPath': ['outside the community'] },
      });
    const row = await this.dataSource.transaction((m) =>
      this.store.insertTask(m, {
        resolutionId: r.id,
        title: cmd.title,
        place: cmd.place ? { ...cmd.place } : null,
        by: a.id,
        at: this.clock.now(),
      }),
    );
    return taskView(row);
  }

  async progress(cmd: TaskProgressCommand, actor?: Actor): Promise<TaskView> {
    const t = await this.taskOf(cmd.id);
    this.access.requireAdmin(actor, t.community_path);
    const problem = progressProblem(t.state);
    if (problem) throw conflict(problem, { state: t.state });
    const now = this.clock.now();
    const row = await this.dataSource.transaction(async (m) => {
      const updated = await this.store.progress(m, t.id, cmd.progress, cmd.note ?? null, now);
      if (updated?.state === 'done') await this.published(m, { ...t, ...updated }, 'progress', now);
      return updated;
    });
    if (!row) throw conflict('The task is done', { state: 'done' });
    return taskView(row);
  }

  /** Sends the task to ticketing as a ticket at its place, as the council; the task then follows the ticket. */
  async send(cmd: SendTaskCommand, actor?: Actor): Promise<TaskView> {
    const t = await this.taskOf(cmd.id);
    const a = this.access.requireAdmin(actor, t.community_path);
    const problem = sendProblem({ state: t.state, ticketId: t.ticket_id, hasPlace: t.place !== null });
    if (problem?.status === 'conflict') throw conflict(problem.message, { state: t.state });
    if (problem || !t.place) throw unprocessable(problem?.message ?? 'No place', { fields: { place: ['missing'] } });
    const r = await this.resolution(t.resolution_id);
    const ticketId = await this.tickets.report(
      {
        source: 'resident',
        categoryCode: cmd.categoryCode,
        description: `${t.title}（${r.action}）`.slice(0, 2000),
        location: t.place,
        externalRef: `task:${t.id}`,
        idempotencyKey: `task-${t.id}`,
      },
      this.tickets.councilActor(t.community_path, a.username),
      'categoryCode',
    );
    const row = await this.store.ticketed(t.id, ticketId, this.clock.now());
    if (!row) throw conflict('The task changed meanwhile', { id: t.id });
    return taskView(row);
  }

  /** The task that followed this ticket is done (the ticket closed, was rejected or merged); in the event's transaction. */
  async onTicketEnded(m: EntityManager, ticketId: string, by: TaskDoneBy): Promise<void> {
    const now = this.clock.now();
    const t = await this.store.doneByTicket(m, ticketId, by, now);
    if (t) await this.published(m, t, by, now);
  }

  private async published(m: EntityManager, t: TaskWithPlace, by: TaskDoneBy, at: Date): Promise<void> {
    const data: TaskDoneData = {
      taskId: t.id,
      resolutionId: t.resolution_id,
      compoundId: t.compound_id,
      street: t.street_code,
      communityPath: t.community_path,
      doneBy: by,
      ticketId: t.ticket_id,
      at: at.toISOString(),
    };
    await this.outbox.add(m, {
      type: CouncilsEvents.taskDone,
      street: t.street_code,
      actor: { kind: 'system', id: 'councils' },
      data,
    });
  }

  async postNotice(cmd: PostBoardNoticeCommand, actor?: Actor): Promise<BoardNoticeView> {
    const c = await this.access.compound(cmd.compoundId);
    const a = this.access.requireAdmin(actor, c.community_path);
    return noticeView(
      await this.store.insertNotice({
        compoundId: c.id,
        title: cmd.title,
        body: cmd.body,
        by: a.id,
        at: this.clock.now(),
      }),
    );
  }

  /** The compound's public board: its owners (residents of that compound) and its staff read it; others 404. */
  async board(req: BoardRequest, actor?: Actor): Promise<BoardView> {
    const c = await this.access.compound(req.compoundId);
    await this.access.standing(actor, c);
    const [notices, votes, resolutions] = await Promise.all([
      this.store.notices(c.id),
      this.store.closedVotes(c.id),
      this.store.ofCompound(c.id),
    ]);
    const tasks = await this.store.tasksOf(resolutions.map((r) => r.id));
    return {
      compoundId: c.id,
      notices: notices.map(noticeView),
      votes: votes.map((v) => ({
        id: v.id,
        title: v.title,
        matter: v.matter,
        passed: v.result?.passed === true,
        closedAt: iso(v.closed_at),
      })),
      resolutions: resolutions.map((r) => resolutionView(r, tasks)),
    };
  }
}
