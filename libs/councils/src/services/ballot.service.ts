import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  personOf,
  type Actor,
  type BallotCastData,
  type BallotView,
  type CastBallotCommand,
  type CorrectBallotCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  DomainError,
  forbidden,
  invalid,
  isUniqueViolation,
  notFound,
  Outbox,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ballotRefusal } from '../domain/vote-lifecycle';
import { BallotStore } from '../persistence/ballot.store';
import { VoteStore, type SharedVote } from '../persistence/vote.store';
import { ballotView, type ElectorRow, type VoteRow } from '../persistence/vote-views';
import { VoteAccess } from './vote-access.service';

/** A building convenor covers an elector when they convene the whole compound or one of its buildings. */
const covers = (buildings: (string | null)[], elector: Pick<ElectorRow, 'building_ids'>) =>
  buildings.some((b) => b === null || elector.building_ids.includes(b));

/**
 * Casting ballots, one per elector per vote across every channel: online by the owner from their
 * linked resident account, on paper entered by a building convenor with the ballot's photo, or at a
 * meeting entered by the secretary. Final once cast; only an entered paper ballot is corrected,
 * before the close, with who, when and why. A retried request with the same Idempotency-Key
 * answers the first ballot.
 */
@Injectable()
export class BallotService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly votes: VoteStore,
    private readonly ballots: BallotStore,
    private readonly access: VoteAccess,
  ) {}

  async cast(cmd: CastBallotCommand, actor?: Actor): Promise<BallotView> {
    const a = requireActor(actor);
    if (cmd.channel === 'paper' && !cmd.photoId)
      throw invalid('A paper ballot needs the photo of the ballot', {
        fields: { photoId: ['required for paper ballots'] },
      });
    if (cmd.channel !== 'paper' && cmd.photoId)
      throw invalid('Only a paper ballot has a photo', { fields: { photoId: ['only for paper ballots'] } });
    if (cmd.channel !== 'online' && !cmd.ownerId)
      throw invalid('Name the owner whose ballot you enter', {
        fields: { ownerId: ['required for paper and meeting ballots'] },
      });
    try {
      return await this.dataSource.transaction(async (m) => {
        // paper and meeting ballots name their owner: the vote's read brings the owner's electors along
        const named = cmd.channel === 'online' ? null : (cmd.ownerId as string);
        const v = await this.openVote(m, cmd.voteId, a, named);
        const convenes = this.enterer(cmd, a, v);
        const ownerId = named ?? (await this.ownOwner(m, v, a, cmd.ownerId));
        const elector = this.oneElector(
          named ? v.electors : await this.votes.electorsOfOwner(m, v.id, ownerId),
          ownerId,
        );
        if (convenes && !covers(convenes, elector))
          throw forbidden('The owner is not in a building you convene', { ownerId });
        const now = this.clock.now();
        const row = await this.ballots.insert(m, {
          voteId: v.id,
          electorKey: elector.elector_key,
          ownerId,
          choice: cmd.choice,
          channel: cmd.channel,
          area: Number(elector.area),
          photoId: cmd.photoId ?? null,
          castBy: a.id,
          at: now,
          idempotencyKey: cmd.idempotencyKey ?? null,
        });
        const data: BallotCastData = {
          voteId: v.id,
          compoundId: v.compound_id,
          street: v.street_code,
          communityPath: v.community_path,
          matter: v.matter,
          at: now.toISOString(),
          ballotId: row.id,
          channel: cmd.channel,
          by: personOf(a),
        };
        await this.outbox.add(m, { type: CouncilsEvents.ballotCast, street: v.street_code, actor: a, data });
        return ballotView(row, [], true);
      });
    } catch (error) {
      // a retry with the same Idempotency-Key answers the first ballot, also once the vote has closed
      if (
        cmd.idempotencyKey &&
        (isUniqueViolation(error) || (error instanceof DomainError && error.code === 'conflict'))
      ) {
        const seen = await this.ballots.byKey(cmd.voteId, a.id, cmd.idempotencyKey);
        if (seen) return ballotView(seen, await this.ballots.corrections(seen.id), false);
      }
      if (isUniqueViolation(error, 'ballot_one_per_elector')) throw await this.already(cmd, a);
      throw error;
    }
  }

  /** Corrects an entered paper ballot before the close; the correction is kept with who, when and why. */
  async correct(cmd: CorrectBallotCommand, actor?: Actor): Promise<BallotView> {
    const a = requireActor(actor);
    const vote = await this.access.vote(cmd.voteId);
    const admin = this.access.isAdmin(a, vote.community_path);
    const convenes = admin ? null : await this.votes.convenorBuildings(vote.compound_id, a.id);
    if (!admin && (!convenes || convenes.length === 0))
      throw forbidden('Entered ballots are corrected by the building convenors and the community');
    return this.dataSource.transaction(async (m) => {
      const v = await this.openVote(m, vote.id, a);
      const ballot = await this.ballots.lock(m, v.id, cmd.ballotId);
      if (!ballot) throw notFound('Ballot', { id: cmd.ballotId });
      if (ballot.channel !== 'paper')
        throw unprocessable('Only an entered paper ballot is corrected; a ballot is final once cast', {
          channel: ballot.channel,
        });
      if (ballot.version !== cmd.version)
        throw conflict('The ballot changed since you read it', { currentVersion: ballot.version });
      if (convenes) {
        const elector = await this.votes.elector(v.id, ballot.elector_key);
        if (!elector || !covers(convenes, elector)) throw forbidden('The owner is not in a building you convene');
      }
      const photoId = cmd.photoId ?? ballot.photo_id;
      if (cmd.choice === ballot.choice && photoId === ballot.photo_id)
        throw unprocessable('The correction changes nothing', { fields: { choice: ['unchanged'] } });
      const row = await this.ballots.correct(
        m,
        ballot,
        { choice: cmd.choice, photoId },
        cmd.reason,
        a.id,
        this.clock.now(),
      );
      return ballotView(row, await this.ballots.corrections(row.id, m), false);
    });
  }

  /** Who may enter this ballot: the owner online, a convenor on paper (answers the buildings they convene), the secretary at a meeting. */
  private enterer(cmd: CastBallotCommand, a: Actor, vote: SharedVote): (string | null)[] | null {
    if (cmd.channel === 'online') {
      if (a.kind !== 'user') throw forbidden('An online ballot is cast by the owner from their own account');
      return null;
    }
    if (cmd.channel === 'meeting') {
      this.access.requireAdmin(a, vote.community_path);
      return null;
    }
    if (a.kind !== 'user' || vote.convenes.length === 0)
      throw forbidden('Paper ballots are entered by a building convenor of the compound');
    return vote.convenes;
  }

  /** The vote, locked for share, while it takes ballots: 409 before the opening and from the close on. */
  private async openVote(m: EntityManager, id: string, a: Actor, ownerId: string | null = null): Promise<SharedVote> {
    const v = await this.votes.readShared(m, id, a.id, ownerId);
    if (!v) throw notFound('Vote', { id });
    const refusal =
      this.clock.now().getTime() >= v.closes_at.getTime() ? 'the vote is closed' : ballotRefusal(v.status);
    if (refusal) throw conflict(`No ballot now: ${refusal}`, { status: v.status });
    return v;
  }

  /** The owner a resident votes as: one of the owners their account is linked to in the vote's roll. */
  private async ownOwner(m: EntityManager, v: VoteRow, a: Actor, ownerId?: string): Promise<string> {
    const linked = await this.votes.linkedOwners(m, v.id, v.compound_id, a.id);
    if (ownerId) {
      if (!linked.includes(ownerId))
        throw forbidden('Your account is not linked to that owner of the roll', { ownerId });
      return ownerId;
    }
    if (linked.length === 0)
      throw forbidden('Your account is not linked to an owner on this vote’s roll (ask the community to link it)');
    if (linked.length > 1)
      throw invalid('Your account is linked to several owners: name the one you vote as', {
        fields: { ownerId: ['required'] },
        ownerIds: linked,
      });
    return linked[0];
  }

  private oneElector(electors: ElectorRow[], ownerId: string): ElectorRow {
    if (electors.length === 0)
      throw unprocessable('The owner is not on the roll this vote counts (the roll at its opening)', { ownerId });
    if (electors.length > 1)
      throw unprocessable(
        'The owner counts in several electors (alone and as a joint owner): enter the ballot for one of them online',
        { ownerId, electors: electors.map((e) => e.elector_key) },
      );
    return electors[0];
  }

  /** The 409 of a second ballot from the same elector, naming the channel of the first. */
  private async already(cmd: CastBallotCommand, a: Actor) {
    const ownerId = cmd.ownerId;
    let channel: string | undefined;
    if (ownerId) {
      const electors = await this.votes.electorsOfOwner(this.dataSource.manager, cmd.voteId, ownerId);
      const first = electors[0] ? await this.ballots.ofElector(cmd.voteId, electors[0].elector_key) : undefined;
      channel = first?.channel;
    }
    return conflict('This owner has already voted; a ballot is final once cast', {
      ...(channel ? { channel } : {}),
      by: a.kind,
    });
  }
}
