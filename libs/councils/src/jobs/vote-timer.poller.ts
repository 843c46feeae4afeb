import { Injectable, Logger } from '@nestjs/common';
import { CouncilsEvents, type Actor, type VoteClosedData, type VoteOpenedData } from '@gz/contracts';
import { Clock, Outbox, PollingJob, type PollBatch } from '@gz/platform';
import { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilsConfig } from '../councils.config';
import { electorateOf } from '../domain/vote-count';
import { BallotStore } from '../persistence/ballot.store';
import { VoteStore } from '../persistence/vote.store';
import type { VoteRow } from '../persistence/vote-views';
import { countOf } from '../services/vote-tally.service';

export const voteTransitions = new Counter({
  name: 'gz_councils_vote_transitions_total',
  help: 'Votes opened and closed by their timers',
  labelNames: ['to'] as const,
});

const BATCH = 20;

/** Who opens and closes votes, as the events name it. */
const VOTE_CLOCK: Actor = { kind: 'system', id: 'councils', roles: [], scopes: [], username: '业主表决' };

/**
 * A vote's opening and closing are its due times (`opens_at` while scheduled, `closes_at` while
 * open), never in-memory timers: the poller claims due votes with FOR UPDATE SKIP LOCKED (so
 * replicas share the work and a restart loses nothing). At the opening it snapshots the roll as the
 * electorate; at the close it counts the ballots, stores the result and publishes it with its
 * figures, in the same transaction as the event.
 */
@Injectable()
export class VoteTimerPoller extends PollingJob {
  protected readonly logger = new Logger('Councils:VoteTimers');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly config: CouncilsConfig,
    private readonly votes: VoteStore,
    private readonly ballots: BallotStore,
  ) {
    super(config.VOTE_TIMER_POLL_MS, BATCH);
  }

  protected async batch(): Promise<PollBatch> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const due = await this.votes.claimDue(m, now, BATCH);
      for (const v of due) {
        if (v.status === 'scheduled') await this.open(m, v, now);
        else await this.close(m, v, now);
      }
      return { claimed: due.length, done: due.length };
    });
  }

  private async open(m: EntityManager, v: VoteRow, now: Date): Promise<void> {
    const roll = await this.votes.roll(m, v.compound_id);
    const electors = electorateOf(roll);
    const opened = await this.votes.open(m, v, electors, new Map(roll.map((u) => [u.unitId, u])), now);
    const data: VoteOpenedData = {
      voteId: v.id,
      compoundId: v.compound_id,
      street: v.street_code,
      communityPath: v.community_path,
      matter: v.matter,
      at: now.toISOString(),
      title: v.title,
      closesAt: v.closes_at.toISOString(),
      electorate: { areaHundredths: Number(opened.total_area), headcount: opened.total_headcount ?? 0 },
    };
    await this.outbox.add(m, { type: CouncilsEvents.voteOpened, street: v.street_code, actor: VOTE_CLOCK, data });
    voteTransitions.inc({ to: 'open' });
  }

  private async close(m: EntityManager, v: VoteRow, now: Date): Promise<void> {
    const sums = await this.ballots.sums(v.id, m);
    const count = countOf(v, sums);
    await this.votes.close(m, v.id, count, now);
    const data: VoteClosedData = {
      voteId: v.id,
      compoundId: v.compound_id,
      street: v.street_code,
      communityPath: v.community_path,
      matter: v.matter,
      at: now.toISOString(),
      title: v.title,
      rule: count.rule,
      passed: count.passed,
      total: count.total,
      participating: {
        areaHundredths: count.participating.areaHundredths,
        headcount: count.participating.headcount,
        met: count.participating.met,
      },
      approving: {
        areaHundredths: count.approving.areaHundredths,
        headcount: count.approving.headcount,
        met: count.approving.met,
      },
      against: count.against,
      abstaining: count.abstaining,
      ballots: sums.reduce((n, s) => n + s.n, 0),
      nonVoters: await this.votes.countNonVoters(m, v.id),
    };
    await this.outbox.add(m, { type: CouncilsEvents.voteClosed, street: v.street_code, actor: VOTE_CLOCK, data });
    voteTransitions.inc({ to: 'closed' });
  }
}
