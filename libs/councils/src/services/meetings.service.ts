import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  personOf,
  type Actor,
  type ConfirmMinutesCommand,
  type CreateMeetingCommand,
  type MeetingHeldData,
  type MeetingIdRequest,
  type MeetingMinutesCommand,
  type MeetingView,
} from '@gz/contracts';
import { Clock, conflict, forbidden, notFound, Outbox, requireActor, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { finalizeProblem, MEETING_STEP, minutesChangeRefusal, nextStep } from '../domain/deliberation';
import { DeliberationStore, meetingView, type MeetingRow } from '../persistence/deliberation.store';
import type { TopicRow } from '../persistence/topic.store';
import { DeliberationService } from './deliberation.service';
import { VoteAccess } from './vote-access.service';

/**
 * Meetings of a topic's deliberate step (开展协商): party-masses councils, hearings, coordination
 * and evaluation meetings, with invited and present attendees, the positions taken and the minutes
 * (drafted, confirmed by every present attendee, then final: 409 on any change after).
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly store: DeliberationStore,
    private readonly deliberation: DeliberationService,
    private readonly access: VoteAccess,
  ) {}

  async create(cmd: CreateMeetingCommand, actor?: Actor): Promise<MeetingView> {
    const t = await this.deliberation.topic(cmd.topicId);
    const a = this.access.requireAdmin(actor, t.community_path);
    const ids = cmd.invited.map((i) => i.id);
    if (new Set(ids).size !== ids.length)
      throw unprocessable('An attendee is invited once', { fields: { invited: ['duplicate attendee'] } });
    return this.dataSource.transaction(async (m) => {
      const steps = await this.store.lockSteps(m, t.id);
      if (steps.length === 0) throw conflict('The topic has no deliberation: it was not accepted', { state: t.state });
      const next = nextStep(steps.map((s) => ({ step: s.step, completedAt: s.completed_at })));
      if (next !== MEETING_STEP)
        throw conflict(`Meetings belong to the ${MEETING_STEP} step; the next step is ${next}`, { next });
      const row = await this.store.insertMeeting(m, {
        topicId: t.id,
        kind: cmd.kind,
        title: cmd.title,
        heldAt: new Date(cmd.heldAt),
        attendees: cmd.invited.map((i) => ({ id: i.id, role: i.role, present: false, confirmed: false })),
        by: a.id,
        at: this.clock.now(),
      });
      return meetingView(row);
    });
  }

  async get(req: MeetingIdRequest, actor?: Actor): Promise<MeetingView> {
    const mt = await this.store.meeting(req.meetingId);
    if (!mt) throw notFound('Meeting', { id: req.meetingId });
    await this.deliberation.requireReader(actor, await this.deliberation.topic(mt.topic_id));
    return meetingView(mt);
  }

  /** Records who was present, the positions taken and the minutes' draft; confirmations start over. The first record publishes meeting.held. */
  async minutes(cmd: MeetingMinutesCommand, actor?: Actor): Promise<MeetingView> {
    const { t, a } = await this.admin(cmd.meetingId, actor);
    return this.dataSource.transaction(async (m) => {
      const mt = await this.locked(m, cmd.meetingId);
      const invited = new Set(mt.attendees.map((x) => x.id));
      const stranger = cmd.present.find((p) => !invited.has(p));
      if (stranger !== undefined)
        throw unprocessable('Only invited attendees can be present', {
          fields: { present: [`not invited: ${stranger}`] },
        });
      const present = new Set(cmd.present);
      const absent = cmd.positions.find((p) => !present.has(p.attendeeId));
      if (absent)
        throw unprocessable('Positions are taken by present attendees', {
          fields: { positions: [`not present: ${absent.attendeeId}`] },
        });
      const first = mt.minutes_status === 'none';
      const row = await this.store.updateMeeting(m, mt.id, {
        attendees: mt.attendees.map((x) => ({ ...x, present: present.has(x.id), confirmed: false })),
        minutesStatus: 'drafted',
        minutes: cmd.minutes,
        positions: cmd.positions.map((p) => ({
          attendeeId: p.attendeeId,
          stand: p.stand,
          statement: p.statement ?? null,
        })),
        finalAt: null,
      });
      if (first) {
        const data: MeetingHeldData = {
          meetingId: row.id,
          topicId: t.id,
          compoundId: t.compound_id,
          street: t.street_code,
          communityPath: t.community_path,
          kind: row.kind,
          heldAt: row.held_at.toISOString(),
          invited: row.attendees.length,
          present: present.size,
          positions: row.positions.length,
          by: personOf(a),
          at: this.clock.now().toISOString(),
        };
        await this.outbox.add(m, { type: CouncilsEvents.meetingHeld, street: t.street_code, actor: a, data });
      }
      return meetingView(row);
    });
  }

  /** A present attendee confirms the drafted minutes (themselves, or an admin recording their confirmation). */
  async confirm(cmd: ConfirmMinutesCommand, actor?: Actor): Promise<MeetingView> {
    const a = requireActor(actor);
    const mt0 = await this.store.meeting(cmd.meetingId);
    if (!mt0) throw notFound('Meeting', { id: cmd.meetingId });
    const t = await this.deliberation.topic(mt0.topic_id);
    if (a.id !== cmd.attendeeId && !this.access.isAdmin(a, t.community_path))
      throw forbidden('Attendees confirm the minutes themselves', { attendeeId: cmd.attendeeId });
    return this.dataSource.transaction(async (m) => {
      const mt = await this.locked(m, cmd.meetingId);
      if (mt.minutes_status === 'none')
        throw conflict('No minutes have been drafted', { minutesStatus: mt.minutes_status });
      const who = mt.attendees.find((x) => x.id === cmd.attendeeId);
      if (!who || !who.present)
        throw unprocessable('Only a present attendee confirms the minutes', {
          fields: { attendeeId: ['not present'] },
        });
      const row = await this.store.updateMeeting(m, mt.id, {
        attendees: mt.attendees.map((x) => (x.id === cmd.attendeeId ? { ...x, confirmed: true } : x)),
        minutesStatus: mt.minutes_status,
        minutes: mt.minutes,
        positions: mt.positions,
        finalAt: null,
      });
      return meetingView(row);
    });
  }

  /** Makes the minutes final once every present attendee confirmed them; they never change after. */
  async finalize(req: MeetingIdRequest, actor?: Actor): Promise<MeetingView> {
    await this.admin(req.meetingId, actor);
    return this.dataSource.transaction(async (m) => {
      const mt = await this.locked(m, req.meetingId);
      const problem = finalizeProblem(
        mt.attendees.filter((x) => x.present).map((x) => x.id),
        mt.attendees.filter((x) => x.confirmed).map((x) => x.id),
        mt.minutes_status,
      );
      if (problem) throw conflict(problem, { minutesStatus: mt.minutes_status });
      const row = await this.store.updateMeeting(m, mt.id, {
        attendees: mt.attendees,
        minutesStatus: 'final',
        minutes: mt.minutes,
        positions: mt.positions,
        finalAt: this.clock.now(),
      });
      return meetingView(row);
    });
  }

  private async admin(meetingId: string, actor?: Actor): Promise<{ t: TopicRow; a: Actor }> {
    const mt = await this.store.meeting(meetingId);
    if (!mt) throw notFound('Meeting', { id: meetingId });
    const t = await this.deliberation.topic(mt.topic_id);
    return { t, a: this.access.requireAdmin(actor, t.community_path) };
  }

  /** The meeting locked for a change; 409 once its minutes are final. */
  private async locked(m: EntityManager, id: string): Promise<MeetingRow> {
    const mt = await this.store.lockMeeting(m, id);
    if (!mt) throw notFound('Meeting', { id });
    const refusal = minutesChangeRefusal(mt.minutes_status);
    if (refusal) throw conflict(refusal, { minutesStatus: mt.minutes_status, finalAt: mt.final_at?.toISOString() });
    return mt;
  }
}
