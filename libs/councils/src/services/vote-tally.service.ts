import { Injectable } from '@nestjs/common';
import type { Actor, NonVoterCommand, NonVoterView, Page, VoteIdRequest, VoteTallyView } from '@gz/contracts';
import { Clock, forbidden } from '@gz/platform';
import { CouncilsConfig } from '../councils.config';
import { countTally, emptyTally, type ChoiceTally, type VoteCount } from '../domain/vote-count';
import { BallotStore, type ChoiceSum } from '../persistence/ballot.store';
import { VoteStore } from '../persistence/vote.store';
import { nonVoterView, type VoteRow } from '../persistence/vote-views';
import { VoteAccess } from './vote-access.service';

/** The tally of sums by choice. */
function tallyOf(sums: readonly ChoiceSum[]): ChoiceTally {
  const t = emptyTally();
  for (const s of sums) t[s.choice] = { areaHundredths: s.area, headcount: s.n };
  return t;
}

/** The count of a vote's ballots against its electorate (empty before the opening). */
export function countOf(vote: VoteRow, sums: readonly ChoiceSum[]): VoteCount {
  const total = { areaHundredths: Number(vote.total_area ?? 0), headcount: vote.total_headcount ?? 0 };
  return countTally(vote.matter, total, tallyOf(sums));
}

interface LiveTally {
  last?: { at: number; vote: VoteRow; view: VoteTallyView };
  counting?: Promise<VoteTallyView>;
}

/** The live tally while a vote is open, its result once closed, and who has not voted. */
@Injectable()
export class VoteTallyService {
  /** Open votes' live tallies as last counted (with the vote row they were counted for), and the count under way. */
  private readonly live = new Map<string, LiveTally>();

  constructor(
    private readonly clock: Clock,
    private readonly config: CouncilsConfig,
    private readonly votes: VoteStore,
    private readonly ballots: BallotStore,
    private readonly access: VoteAccess,
  ) {}

  /**
   * The live tally of an open vote, or the result of a closed one. While a vote is open, readers
   * share one count: the last count is answered while it is younger than VOTE_TALLY_CACHE_MS, and
   * past that the last count is still answered while a new one is made (one at a time), so many
   * readers cost one count and never wait for it; `at` says when it was counted. From the close on,
   * every read is the stored result.
   */
  async tally(req: VoteIdRequest, actor?: Actor): Promise<VoteTallyView> {
    const now = this.clock.now().getTime();
    const hit = this.live.get(req.id);
    if (
      hit?.last &&
      now < hit.last.vote.closes_at.getTime() &&
      now - hit.last.at < 10 * this.config.VOTE_TALLY_CACHE_MS
    ) {
      await this.access.standingIn(actor, hit.last.vote);
      if (now - hit.last.at >= this.config.VOTE_TALLY_CACHE_MS) this.refresh(hit, req.id, now);
      return hit.last.view;
    }
    const v = await this.access.vote(req.id);
    await this.access.standingIn(actor, v);
    if (v.status !== 'open' || this.config.VOTE_TALLY_CACHE_MS === 0) return this.count(v);
    // readers that came while this one was reading the vote share its entry (and its count)
    const entry: LiveTally = this.live.get(v.id) ?? {};
    this.live.set(v.id, entry);
    if (this.live.size > 1000)
      for (const [id, e] of this.live)
        if (!e.last || now - e.last.at > 10 * this.config.VOTE_TALLY_CACHE_MS) this.live.delete(id);
    return this.refresh(entry, v.id, now, v);
  }

  /** Counts again (once at a time per vote) and keeps the count for the readers after. */
  private refresh(entry: LiveTally, id: string, now: number, vote?: VoteRow): Promise<VoteTallyView> {
    entry.counting ??= (async () => {
      try {
        const v = vote ?? (await this.access.vote(id));
        const view = await this.count(v);
        if (v.status === 'open') entry.last = { at: now, vote: v, view };
        else this.live.delete(id);
        return view;
      } finally {
        entry.counting = undefined;
      }
    })();
    const counting = entry.counting;
    counting.catch(() => undefined);
    return counting;
  }

  private async count(v: VoteRow): Promise<VoteTallyView> {
    const sums = await this.ballots.sums(v.id);
    const count = v.status === 'closed' && v.result ? v.result : countOf(v, sums);
    return {
      voteId: v.id,
      status: v.status,
      ballots: sums.reduce((n, s) => n + s.n, 0),
      count,
      at: (v.closed_at ?? this.clock.now()).toISOString(),
    };
  }

  /** The electors that have not voted: for admins and convenors, who go and ask them. */
  async nonVoters(cmd: NonVoterCommand, actor?: Actor): Promise<Page<NonVoterView>> {
    const v = await this.access.vote(cmd.id);
    const standing = await this.access.standingIn(actor, v);
    if (standing !== 'admin' && standing !== 'convenor')
      throw forbidden('The non-voters are listed for the community and the building convenors');
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 20;
    if (v.status === 'scheduled') return { items: [], total: 0, page, pageSize };
    const { rows, total } = await this.votes.nonVoters(v.id, page, pageSize);
    return { items: rows.map(nonVoterView), total, page, pageSize };
  }
}
