import { Injectable } from '@nestjs/common';
import type {
  Actor,
  AssignConvenorCommand,
  ConvenorView,
  CreateVoteCommand,
  Page,
  VoteIdRequest,
  VoteListCommand,
  VoteView,
} from '@gz/contracts';
import { Clock, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { voteTimesProblem } from '../domain/vote-lifecycle';
import { VoteStore } from '../persistence/vote.store';
import { convenorView, voteView } from '../persistence/vote-views';
import { VoteAccess } from './vote-access.service';

/** Creating and reading votes, and assigning the building convenors who enter paper ballots. */
@Injectable()
export class VoteAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly votes: VoteStore,
    private readonly access: VoteAccess,
  ) {}

  /** A vote, scheduled: it opens and closes on its own at its times (the timer poller). */
  async create(cmd: CreateVoteCommand, actor?: Actor): Promise<VoteView> {
    const c = await this.access.compound(cmd.compoundId);
    const a = this.access.requireAdmin(actor, c.community_path);
    const now = this.clock.now();
    const opensAt = new Date(cmd.opensAt);
    const closesAt = new Date(cmd.closesAt);
    const problem = voteTimesProblem(opensAt, closesAt, now);
    if (problem) throw unprocessable(problem, { fields: { closesAt: [problem] } });
    const row = await this.dataSource.transaction((m) =>
      this.votes.insert(m, {
        compoundId: c.id,
        street: c.street_code,
        communityPath: c.community_path,
        matter: cmd.matter,
        title: cmd.title,
        description: cmd.description ?? null,
        opensAt,
        closesAt,
        createdBy: a.id,
        at: now,
      }),
    );
    return voteView(row);
  }

  async list(cmd: VoteListCommand, actor?: Actor): Promise<Page<VoteView>> {
    const c = await this.access.compound(cmd.compoundId);
    await this.access.standing(actor, c);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 20;
    const { rows, total } = await this.votes.list(c.id, cmd.status, page, pageSize);
    return { items: rows.map(voteView), total, page, pageSize };
  }

  async get(req: VoteIdRequest, actor?: Actor): Promise<VoteView> {
    const v = await this.access.vote(req.id);
    await this.access.standingIn(actor, v);
    return voteView(v);
  }

  /** Assigns a building convenor (楼栋长): a user who enters the paper ballots of a building (or of the whole compound). */
  async assignConvenor(cmd: AssignConvenorCommand, actor?: Actor): Promise<ConvenorView> {
    const c = await this.access.compound(cmd.compoundId);
    const a = this.access.requireAdmin(actor, c.community_path);
    if (cmd.buildingId) {
      const b = await this.votes.buildingOf(cmd.buildingId);
      if (!b || b.compound_id !== c.id)
        throw unprocessable('The building is not one of the compound’s', { fields: { buildingId: ['unknown'] } });
    }
    const row = await this.votes.assignConvenor({
      compound_id: c.id,
      user_id: cmd.userId,
      building_id: cmd.buildingId ?? null,
      assigned_by: a.id,
      assigned_at: this.clock.now(),
    });
    return convenorView(row);
  }
}
