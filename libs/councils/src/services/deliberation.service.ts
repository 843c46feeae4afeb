import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  personOf,
  type Actor,
  type AssignStepCommand,
  type CompleteStepCommand,
  type DeliberationTopicRequest,
  type LinkTopicVoteCommand,
  type OverdueStepsCommand,
  type Page,
  type ProcessView,
  type StepCompletedData,
  type StepView,
  type TopicResolvedData,
  type TrailView,
  type TrailVoteView,
} from '@gz/contracts';
import { Clock, conflict, notFound, Outbox, requireActor, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilsConfig } from '../councils.config';
import {
  completionRefusal,
  nextStep,
  noticeDaysBeforeMeeting,
  noticeProblem,
  stepOrdinal,
} from '../domain/deliberation';
import {
  DeliberationStore,
  meetingView,
  stepView,
  type NoticeJson,
  type StepRow,
} from '../persistence/deliberation.store';
import { TopicStore, type TopicRow } from '../persistence/topic.store';
import { VoteAccess } from './vote-access.service';

/**
 * The seven steps of an accepted topic (民情协商七步) as an explicit process: each step has an
 * owner, a duty, a deadline and a record (定人、定责、定时、定效); steps are done in their order,
 * once each (409 naming the next); the notice step records its times and must be up the configured
 * days before the meeting (422); the evaluate step closes the topic. Admins (the community
 * secretary, the street admin, within scope) assign; the step's owner or an admin completes.
 */
@Injectable()
export class DeliberationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly config: CouncilsConfig,
    private readonly store: DeliberationStore,
    private readonly topics: TopicStore,
    private readonly access: VoteAccess,
  ) {}

  /**
   * Starts the process of a topic just accepted, in the caller's transaction (the topics service
   * calls it when it accepts): seven pending steps, the deliberate and evaluate steps due by the
   * deadlines of the topic's class. A second call changes nothing.
   */
  async start(m: EntityManager, topic: TopicRow): Promise<void> {
    await this.store.start(m, {
      topicId: topic.id,
      compoundId: topic.compound_id,
      street: topic.street_code,
      communityPath: topic.community_path,
      deadlines: { deliberate: topic.deliberate_by, evaluate: topic.resolve_by },
    });
  }

  async topic(id: string): Promise<TopicRow> {
    const t = await this.topics.read(id);
    if (!t) throw notFound('Topic', { id });
    return t;
  }

  /** Who may read a topic's process: those who see its compound, its owners, and whoever raised it. */
  async requireReader(actor: Actor | undefined, t: TopicRow): Promise<void> {
    const a = requireActor(actor);
    if (a.kind === 'user' && (a.id === t.submitted_by || a.id === t.submitted_for)) return;
    await this.access.standing(a, await this.access.compound(t.compound_id));
  }

  async process(req: DeliberationTopicRequest, actor?: Actor): Promise<ProcessView> {
    const t = await this.topic(req.topicId);
    await this.requireReader(actor, t);
    const steps = await this.startedSteps(t);
    return { topicId: t.id, next: nextStep(steps.map(stateOf)), steps: steps.map(stepView) };
  }

  async assign(cmd: AssignStepCommand, actor?: Actor): Promise<StepView> {
    const t = await this.topic(cmd.topicId);
    this.access.requireAdmin(actor, t.community_path);
    const deadline = new Date(cmd.deadline);
    if (deadline.getTime() <= this.clock.now().getTime())
      throw unprocessable('The deadline must be in the future', { fields: { deadline: ['in the past'] } });
    return this.dataSource.transaction(async (m) => {
      const steps = await this.lockedSteps(m, t);
      const st = steps.find((s) => s.step === cmd.step)!;
      if (st.completed_at !== null)
        throw conflict(`the step ${cmd.step} is already done`, { step: cmd.step, next: nextStep(steps.map(stateOf)) });
      return stepView(
        await this.store.assign(m, t.id, cmd.step, { ownerId: cmd.ownerId, duty: cmd.duty ?? null, deadline }),
      );
    });
  }

  async complete(cmd: CompleteStepCommand, actor?: Actor): Promise<StepView> {
    const a = requireActor(actor);
    const t = await this.topic(cmd.topicId);
    const now = this.clock.now();
    let notice: NoticeJson | null = null;
    if (cmd.step === 'notice') notice = this.noticeOf(cmd);
    else if (cmd.notice)
      throw unprocessable('Only the notice step records a notice', {
        fields: { notice: ['only for the notice step'] },
      });
    return this.dataSource.transaction(async (m) => {
      const steps = await this.lockedSteps(m, t);
      const st = steps.find((s) => s.step === cmd.step)!;
      const isAdmin = this.access.isAdmin(a, t.community_path);
      if (!isAdmin && !(a.kind === 'user' && st.owner_id === a.id)) this.access.requireAdmin(a, t.community_path);
      const refusal = completionRefusal(steps.map(stateOf), cmd.step);
      if (refusal) throw conflict(refusal.message, { step: cmd.step, reason: refusal.reason, next: refusal.next });
      if (st.owner_id === null)
        throw unprocessable(`Assign the owner of the step ${cmd.step} first (定人)`, {
          fields: { ownerId: ['unassigned'] },
        });
      if (cmd.step === 'deliberate' && !(await this.store.hasFinalMeeting(m, t.id)))
        throw unprocessable('The deliberate step needs a meeting with final minutes', {
          fields: { step: ['no final minutes'] },
        });
      const row = await this.store.complete(m, t.id, cmd.step, { record: cmd.record, notice, by: a.id, at: now });
      const next = nextStep(steps.map((s) => (s.step === cmd.step ? { step: s.step, completedAt: now } : stateOf(s))));
      if (cmd.step === 'evaluate') {
        await this.topics.resolve(m, t.id, now);
        const resolved: TopicResolvedData = {
          topicId: t.id,
          compoundId: t.compound_id,
          street: t.street_code,
          communityPath: t.community_path,
          evaluation: cmd.record,
          by: personOf(a),
          at: now.toISOString(),
        };
        await this.topics.addHistory(m, t.id, CouncilsEvents.topicResolved, 'resolved', { ...resolved }, a.id, now);
        await this.outbox.add(m, {
          type: CouncilsEvents.topicResolved,
          street: t.street_code,
          actor: a,
          data: resolved,
        });
      }
      const data: StepCompletedData = {
        topicId: t.id,
        compoundId: t.compound_id,
        street: t.street_code,
        communityPath: t.community_path,
        step: cmd.step,
        ordinal: stepOrdinal(cmd.step),
        ownerId: row.owner_id,
        next,
        by: personOf(a),
        at: now.toISOString(),
      };
      await this.outbox.add(m, { type: CouncilsEvents.stepCompleted, street: t.street_code, actor: a, data });
      return stepView(row);
    });
  }

  async overdue(cmd: OverdueStepsCommand, actor?: Actor): Promise<Page<StepView>> {
    const c = await this.access.compound(cmd.compoundId);
    this.access.requireAdmin(actor, c.community_path);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 20;
    const { rows, total } = await this.store.overdue(c.id, page, pageSize);
    return { items: rows.map(stepView), total, page, pageSize };
  }

  /** The whole trail of a topic in one call: its seven steps, its meetings and the votes linked to it, in order. */
  async trail(req: DeliberationTopicRequest, actor?: Actor): Promise<TrailView> {
    const t = await this.topic(req.topicId);
    await this.requireReader(actor, t);
    const [steps, meetings, votes] = await Promise.all([
      this.startedSteps(t),
      this.store.meetings(t.id),
      this.store.votes(t.id),
    ]);
    return {
      topicId: t.id,
      next: nextStep(steps.map(stateOf)),
      steps: steps.map(stepView),
      meetings: meetings.map(meetingView),
      votes,
    };
  }

  /** Links an owners' vote of the topic's compound to the topic (shown in its trail). */
  async linkVote(cmd: LinkTopicVoteCommand, actor?: Actor): Promise<TrailVoteView> {
    const t = await this.topic(cmd.topicId);
    const a = this.access.requireAdmin(actor, t.community_path);
    const v = await this.access.vote(cmd.voteId);
    if (v.compound_id !== t.compound_id)
      throw unprocessable('The vote is not one of the topic’s compound', { fields: { voteId: ['another compound'] } });
    await this.dataSource.transaction((m) => this.store.linkVote(m, t.id, v.id, a.id, this.clock.now()));
    return {
      id: v.id,
      title: v.title,
      status: v.status,
      opensAt: v.opens_at.toISOString(),
      closesAt: v.closes_at.toISOString(),
    };
  }

  /** The process's rows, locked; 409 when the topic has none (it was never accepted). */
  private async lockedSteps(m: EntityManager, t: TopicRow): Promise<StepRow[]> {
    const steps = await this.store.lockSteps(m, t.id);
    if (steps.length === 0) throw conflict('The topic has no deliberation: it was not accepted', { state: t.state });
    return steps;
  }

  private async startedSteps(t: TopicRow): Promise<StepRow[]> {
    const steps = await this.store.steps(t.id);
    if (steps.length === 0) throw conflict('The topic has no deliberation: it was not accepted', { state: t.state });
    return steps;
  }

  private noticeOf(cmd: CompleteStepCommand): NoticeJson {
    if (!cmd.notice)
      throw unprocessable('The notice step records the notice (postedAt, removedAt, meetingAt)', {
        fields: { notice: ['required for the notice step'] },
      });
    const n = {
      postedAt: new Date(cmd.notice.postedAt),
      removedAt: new Date(cmd.notice.removedAt),
      meetingAt: new Date(cmd.notice.meetingAt),
    };
    const problem = noticeProblem(n, this.config.NOTICE_MIN_DAYS);
    if (problem) throw unprocessable(problem, { fields: { notice: [problem] }, minDays: this.config.NOTICE_MIN_DAYS });
    return {
      postedAt: n.postedAt.toISOString(),
      removedAt: n.removedAt.toISOString(),
      meetingAt: n.meetingAt.toISOString(),
      daysBeforeMeeting: noticeDaysBeforeMeeting(n),
      where: cmd.notice.where ?? null,
    };
  }
}

function stateOf(s: StepRow) {
  return { step: s.step, completedAt: s.completed_at };
}
