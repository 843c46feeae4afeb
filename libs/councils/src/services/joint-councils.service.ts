import { Injectable } from '@nestjs/common';
import type {
  Actor,
  AddCouncilMemberCommand,
  CouncilMemberView,
  CouncilOfCompoundRequest,
  CouncilView,
  CreateCouncilCommand,
  RecordRhythmCommand,
  RhythmHeldView,
  RhythmScheduleCommand,
  RhythmScheduleView,
} from '@gz/contracts';
import { Clock, conflict, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { rhythmSchedule, shanghaiDay } from '../domain/rhythm';
import { CouncilStore, councilView, memberView, type CouncilRow } from '../persistence/council.store';
import type { CompoundRef } from '../persistence/vote.store';
import { VoteAccess } from './vote-access.service';

/**
 * Joint councils (红色物业联席会) of compounds: set up and staffed by the community (secretary,
 * street and district admins within scope), read by those who see the compound, its owners and
 * the council's members; the meetings of its rhythm recorded as held and what is due shown.
 */
@Injectable()
export class JointCouncilsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly councils: CouncilStore,
    private readonly access: VoteAccess,
  ) {}

  async create(cmd: CreateCouncilCommand, actor?: Actor): Promise<CouncilView> {
    const c = await this.access.compound(cmd.compoundId);
    const a = this.access.requireAdmin(actor, c.community_path);
    const now = this.clock.now();
    const since = cmd.since ?? shanghaiDay(now);
    return this.dataSource.transaction(async (m) => {
      const row = await this.councils.insert(m, {
        compoundId: c.id,
        street: c.street_code,
        communityPath: c.community_path,
        name: cmd.name,
        since,
        by: a.id,
        at: now,
      });
      if (!row) throw conflict('The compound has a joint council already', { compoundId: c.id });
      const members = [];
      for (const n of cmd.members ?? [])
        members.push(
          await this.councils.addMember(
            m,
            row.id,
            { side: n.side, role: n.role, userId: n.userId ?? null, name: n.name ?? null },
            a.id,
            now,
          ),
        );
      return councilView(row, members);
    });
  }

  async get(req: CouncilOfCompoundRequest, actor?: Actor): Promise<CouncilView> {
    const { council } = await this.readable(req.compoundId, actor);
    return councilView(council, await this.councils.members(council.id));
  }

  async addMember(cmd: AddCouncilMemberCommand, actor?: Actor): Promise<CouncilMemberView> {
    const { compound, council } = await this.councilOf(cmd.compoundId);
    const a = this.access.requireAdmin(actor, compound.community_path);
    const row = await this.councils.addMember(
      undefined,
      council.id,
      { side: cmd.side, role: cmd.role, userId: cmd.userId ?? null, name: cmd.name ?? null },
      a.id,
      this.clock.now(),
    );
    return memberView(row);
  }

  /** Records a meeting of the rhythm as held: the community's admins or the council's convenors and liaisons. */
  async recordHeld(cmd: RecordRhythmCommand, actor?: Actor): Promise<RhythmHeldView> {
    const { compound, council } = await this.councilOf(cmd.compoundId);
    const a = requireActor(actor);
    if (!this.access.isAdmin(a, compound.community_path)) {
      const roles = a.kind === 'user' ? await this.councils.rolesOf(compound.id, a.id) : [];
      if (!roles.some((r) => r === 'convenor' || r === 'deputy_convenor' || r === 'liaison'))
        this.access.requireAdmin(a, compound.community_path);
    }
    const today = shanghaiDay(this.clock.now());
    if (cmd.heldOn > today)
      throw unprocessable('A meeting is recorded once it was held, not before', { fields: { heldOn: ['future'] } });
    return this.councils.recordHeld(council.id, {
      kind: cmd.kind,
      heldOn: cmd.heldOn,
      note: cmd.note ?? null,
      by: a.id,
      at: this.clock.now(),
    });
  }

  /** What the rhythm owes as of a day (default today, Asia/Shanghai). */
  async schedule(cmd: RhythmScheduleCommand, actor?: Actor): Promise<RhythmScheduleView> {
    const { council } = await this.readable(cmd.compoundId, actor);
    const asOf = cmd.asOf ?? shanghaiDay(this.clock.now());
    const since = typeof council.since === 'string' ? council.since : council.since.toISOString().slice(0, 10);
    return { asOf, items: rhythmSchedule(await this.councils.held(council.id), asOf, since) };
  }

  private async councilOf(compoundId: string): Promise<{ compound: CompoundRef; council: CouncilRow }> {
    const compound = await this.access.compound(compoundId);
    const council = await this.councils.ofCompound(compound.id);
    if (!council) throw notFound('Council', { compoundId });
    return { compound, council };
  }

  private async readable(compoundId: string, actor?: Actor) {
    const compound = await this.access.compound(compoundId);
    const a = requireActor(actor);
    const member = a.kind === 'user' && (await this.councils.rolesOf(compound.id, a.id)).length > 0;
    if (!member) await this.access.standing(a, compound);
    const council = await this.councils.ofCompound(compound.id);
    if (!council) throw notFound('Council', { compoundId });
    return { compound, council };
  }
}
