import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  pathWithin,
  personOf,
  type Actor,
  type MyTopicsQuery,
  type Page,
  type SubmitTopicCommand,
  type TopicDetailView,
  type TopicIdRequest,
  type TopicListCommand,
  type TopicView,
  type TriageTopicCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  notFound,
  Outbox,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilsConfig } from '../councils.config';
import { parseTopicDeadlines, topicDeadlines, triageProblem, type TopicDeadlineDays } from '../domain/topic-triage';
import { CouncilStore } from '../persistence/council.store';
import { TopicStore, topicView, type TopicRow, type TopicTriage } from '../persistence/topic.store';
import type { CompoundRef } from '../persistence/vote.store';
import { VoteAccess } from './vote-access.service';
import { DeliberationService } from './deliberation.service';
import { TicketReporter } from './ticket-reporter.service';

/** Council roles that triage topics, beside the community's admins. */
const TRIAGE_ROLES = ['convenor', 'deputy_convenor'] as const;

/**
 * Topics from below (议题): a compound's residents (its linked owners) and the council's agenda
 * collectors (议题收集员) submit them; the council triages them (accepted and classed with the
 * class's deadlines, merged into another, or declined with a reason; "not ours" is reported to
 * ticketing over the bus as the council and the ticket kept on the topic); the submitter follows
 * theirs to the end.
 */
@Injectable()
export class TopicsService {
  private readonly deadlineDays: TopicDeadlineDays;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly tickets: TicketReporter,
    private readonly outbox: Outbox,
    private readonly topics: TopicStore,
    private readonly councils: CouncilStore,
    private readonly access: VoteAccess,
    config: CouncilsConfig,
    private readonly deliberation: DeliberationService,
  ) {
    const days = parseTopicDeadlines(config.TOPIC_DEADLINE_DAYS);
    if (!days) throw new Error('TOPIC_DEADLINE_DAYS: classes are major_matter, hard_case, urgent, worry, minor');
    this.deadlineDays = days;
  }

  async submit(cmd: SubmitTopicCommand, actor?: Actor): Promise<TopicView> {
    const a = requireActor(actor);
    const c = await this.access.compound(cmd.compoundId);
    const channel = await this.channelOf(a, c);
    if (cmd.raisedBy !== undefined && channel !== 'collector')
      throw unprocessable('Only an agenda collector names the resident who raised a topic', {
        fields: { raisedBy: ['only for agenda collectors'] },
      });
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const row = await this.topics.insert(m, {
        compoundId: c.id,
        street: c.street_code,
        communityPath: c.community_path,
        title: cmd.title,
        description: cmd.description,
        photos: cmd.photos ?? [],
        channel,
        submittedBy: a.id,
        submittedFor: cmd.raisedBy ?? null,
        at: now,
      });
      await this.topics.addHistory(m, row.id, CouncilsEvents.topicSubmitted, row.state, { channel }, a.id, now);
      await this.outbox.add(m, {
        type: CouncilsEvents.topicSubmitted,
        street: row.street_code,
        actor: a,
        data: {
          ...this.base(row, a, now),
          title: row.title,
          channel,
          photos: row.photos.length,
        },
      });
      return topicView(row);
    });
  }

  /** A compound's topics, urgent ones first: the community's staff, the council's members, the compound's owners. */
  async list(cmd: TopicListCommand, actor?: Actor): Promise<Page<TopicView>> {
    const c = await this.access.compound(cmd.compoundId);
    await this.reader(actor, c);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 20;
    const { rows, total } = await this.topics.list(c.id, cmd.state, page, pageSize);
    return { items: rows.map(topicView), total, page, pageSize };
  }

  async get(req: TopicIdRequest, actor?: Actor): Promise<TopicDetailView> {
    const a = requireActor(actor);
    const t = await this.topic(req.id);
    if (t.submitted_by !== a.id) await this.reader(a, await this.access.compound(t.compound_id));
    return { ...topicView(t), history: await this.topics.history(t.id) };
  }

  /** The caller's own topics with their state and history, newest first. */
  async mine(q: MyTopicsQuery, actor?: Actor): Promise<Page<TopicDetailView>> {
    const a = requireActor(actor);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.topics.mine(a.id, page, pageSize);
    const histories = await this.topics.histories(rows.map((t) => t.id));
    const items = rows.map((t) => ({ ...topicView(t), history: histories.get(t.id) ?? [] }));
    return { items, total, page, pageSize };
  }

  async triage(cmd: TriageTopicCommand, actor?: Actor): Promise<TopicView> {
    const a = requireActor(actor);
    const first = await this.topic(cmd.id);
    const c = await this.access.compound(first.compound_id);
    await this.requireTriager(a, c);
    if (cmd.reason === 'not_ours' && !pathWithin(cmd.forward!.location.gridPath, c.community_path))
      throw unprocessable('The ticket goes to a grid of the compound’s community', {
        fields: { 'forward.location.gridPath': [`not within ${c.community_path}`] },
      });
    // checked before the ticket is sent; checked again under the lock
    this.check(first, cmd, await this.targetOf(cmd));
    const ticketId = cmd.reason === 'not_ours' ? await this.forward(first, c, cmd) : null;
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const t = (await this.topics.lock(m, cmd.id))!;
      this.check(t, cmd, await this.targetOf(cmd, m));
      const outcome = this.outcome(cmd, ticketId, now);
      const row = await this.topics.triage(m, t.id, outcome, a.id, now);
      await this.record(m, row, outcome, a, now);
      return topicView(row);
    });
  }

  private outcome(cmd: TriageTopicCommand, ticketId: string | null, now: Date): TopicTriage {
    if (cmd.outcome === 'accept')
      return {
        state: 'accepted',
        topicClass: cmd.topicClass!,
        ...topicDeadlines(cmd.topicClass!, now, this.deadlineDays),
      };
    if (cmd.outcome === 'merge') return { state: 'merged', mergedInto: cmd.mergeInto! };
    return { state: 'declined', reason: cmd.reason!, note: cmd.note ?? null, ticketId };
  }

  /** The history entry and the event of a triage. */
  private async record(m: EntityManager, row: TopicRow, o: TopicTriage, a: Actor, now: Date): Promise<void> {
    const base = this.base(row, a, now);
    const street = row.street_code;
    if (o.state === 'accepted') {
      const data = {
        ...base,
        topicClass: o.topicClass,
        urgent: o.urgent,
        deliberateBy: o.deliberateBy.toISOString(),
        resolveBy: o.resolveBy.toISOString(),
      };
      await this.topics.addHistory(m, row.id, CouncilsEvents.topicAccepted, row.state, data, a.id, now);
      await this.outbox.add(m, { type: CouncilsEvents.topicAccepted, street, actor: a, data });
      // the seven steps start with the acceptance, in its transaction
      await this.deliberation.start(m, row);
    } else if (o.state === 'merged') {
      const data = { ...base, mergedInto: o.mergedInto };
      await this.topics.addHistory(m, row.id, CouncilsEvents.topicMerged, row.state, data, a.id, now);
      await this.outbox.add(m, { type: CouncilsEvents.topicMerged, street, actor: a, data });
    } else {
      const data = { ...base, reason: o.reason, ticketId: o.ticketId };
      const detail = { ...data, ...(o.note ? { note: o.note } : {}) };
      await this.topics.addHistory(m, row.id, CouncilsEvents.topicDeclined, row.state, detail, a.id, now);
      await this.outbox.add(m, { type: CouncilsEvents.topicDeclined, street, actor: a, data });
    }
  }

  /** Reports a "not ours" topic to ticketing as the council; a retry reports the same ticket (its idempotency key). */
  private async forward(t: TopicRow, c: CompoundRef, cmd: TriageTopicCommand): Promise<string> {
    const council = await this.councils.ofCompound(c.id);
    const f = cmd.forward!;
    return this.tickets.report(
      {
        source: 'resident',
        categoryCode: f.categoryCode,
        description: `${t.title}：${t.description}`.slice(0, 2000),
        location: f.location,
        ...(t.photos.length ? { photos: t.photos } : {}),
        ...(t.submitted_for ? { informant: t.submitted_for.slice(0, 60) } : {}),
        externalRef: `topic:${t.id}`,
        idempotencyKey: `topic-${t.id}`,
      },
      this.tickets.councilActor(c.community_path, council?.name),
      'forward',
    );
  }

  private check(t: TopicRow, cmd: TriageTopicCommand, target: TopicRow | undefined): void {
    const view = (r: TopicRow) => ({ id: r.id, state: r.state, compoundId: r.compound_id });
    const problem = triageProblem(view(t), cmd, target && view(target));
    if (!problem) return;
    if (problem.status === 'conflict') throw conflict(problem.message, { state: t.state });
    throw unprocessable(problem.message, problem.field ? { fields: { [problem.field]: [problem.message] } } : {});
  }

  private async targetOf(cmd: TriageTopicCommand, m?: EntityManager): Promise<TopicRow | undefined> {
    if (cmd.outcome !== 'merge' || !cmd.mergeInto || cmd.mergeInto === cmd.id) return this.selfIfSame(cmd);
    return m ? this.topics.lock(m, cmd.mergeInto) : this.topics.read(cmd.mergeInto);
  }

  private async selfIfSame(cmd: TriageTopicCommand): Promise<TopicRow | undefined> {
    return cmd.outcome === 'merge' && cmd.mergeInto === cmd.id ? this.topics.read(cmd.id) : undefined;
  }

  private async topic(id: string): Promise<TopicRow> {
    const t = await this.topics.read(id);
    if (!t) throw notFound('Topic', { id });
    return t;
  }

  /** How the caller submits to this compound: as its agenda collector, or as one of its residents (linked owners). */
  private async channelOf(a: Actor, c: CompoundRef): Promise<'resident' | 'collector'> {
    if (a.kind === 'user') {
      if ((await this.councils.rolesOf(c.id, a.id)).includes('agenda_collector')) return 'collector';
      if (a.roles.includes('resident') && (await this.access.standing(a, c).catch(() => null)) === 'owner')
        return 'resident';
    }
    if (this.access.isAdmin(a, c.community_path))
      throw forbidden('Topics come from the compound’s residents and its agenda collectors', { compoundId: c.id });
    throw notFound('Compound', { id: c.id });
  }

  /** May read the compound's topics: its staff and owners (C1's and C2's rule) and the council's members. */
  private async reader(actor: Actor | undefined, c: CompoundRef): Promise<void> {
    const a = requireActor(actor);
    if (a.kind === 'user' && (await this.councils.rolesOf(c.id, a.id)).length > 0) return;
    await this.access.standing(a, c);
  }

  private async requireTriager(a: Actor, c: CompoundRef): Promise<void> {
    if (this.access.isAdmin(a, c.community_path)) return;
    const roles = a.kind === 'user' ? await this.councils.rolesOf(c.id, a.id) : [];
    if (roles.some((r) => (TRIAGE_ROLES as readonly string[]).includes(r))) return;
    if (roles.length > 0 || (await this.access.standing(a, c)))
      throw forbidden('The council’s convenors and the community’s admins triage topics', { compoundId: c.id });
  }

  private base(row: TopicRow, a: Actor, now: Date) {
    return {
      topicId: row.id,
      compoundId: row.compound_id,
      street: row.street_code,
      communityPath: row.community_path,
      by: personOf(a),
      at: now.toISOString(),
    };
  }
}
