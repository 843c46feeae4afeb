import { Injectable } from '@nestjs/common';
import type { Actor } from '@gz/contracts';
import { forbidden, notFound, requireActor } from '@gz/platform';
import { DataSource } from 'typeorm';
import { actsFor, holds, keeps, listingScopes, reads } from '../domain/access';
import { RoundApplicationStore, type ApplicationViewer } from '../persistence/round-application.store';
import { RoundStore } from '../persistence/round.store';
import type { RoundApplicationRow, RoundRow } from '../persistence/round-views';

/**
 * Who may do what with rounds and their applications. A round is kept by the keepers of its
 * place (its street's admins, the district's); a published round is read by anyone signed in, a
 * draft only within its place. Applications are read through `visibleTo` (their places' readers,
 * their organisations' staff, the round's panel, never a conflicted reviewer).
 */
@Injectable()
export class RoundAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundStore,
    private readonly applications: RoundApplicationStore,
  ) {}

  /** The caller as application reads filter by. */
  viewer(a: Actor): ApplicationViewer {
    return {
      userId: a.kind === 'user' ? a.id : '',
      scopes: listingScopes(a),
      orgScopes: holds(a, ['social_org_staff']) ? a.scopes : [],
    };
  }

  /** The round when the caller may see it: published, or a draft within their places; else 404. */
  async readable(id: string, actor: Actor | undefined): Promise<RoundRow> {
    const a = requireActor(actor);
    const round = await this.rounds.get(this.dataSource, id);
    if (!round || (round.status === 'draft' && !reads(a, round.place_path))) throw notFound('round', { id });
    return round;
  }

  /** The round when the caller keeps it; 404 when they may not see it, 403 when they only see it. */
  async kept(id: string, actor: Actor | undefined): Promise<RoundRow> {
    const round = await this.readable(id, actor);
    this.requireKeeper(requireActor(actor), round);
    return round;
  }

  requireKeeper(a: Actor, round: Pick<RoundRow, 'place_path'>): void {
    if (!keeps(a, round.place_path)) throw forbidden(`Only the keepers of ${round.place_path} run this round`);
  }

  /** The caller reads the whole round's review (the ranking, its export): its place's readers and its panel. */
  async requireReviewReader(a: Actor, round: RoundRow): Promise<void> {
    if (reads(a, round.place_path)) return;
    if (a.kind === 'user' && (await this.rounds.isReviewer(this.dataSource, round.id, a.id))) return;
    throw forbidden("The round's review is read by its keepers, auditors and panel");
  }

  /** The application when the caller may see it, else 404 (also for a conflicted reviewer: its existence does not leak). */
  async application(id: string, actor: Actor | undefined): Promise<RoundApplicationRow> {
    const a = requireActor(actor);
    const row = await this.applications.visible(this.viewer(a), id);
    if (!row) throw notFound('application', { id });
    return row;
  }

  /** Acts for the applicant: its staff, or a keeper of its community on its behalf. */
  actsForApplicant(
    a: Actor,
    row: Pick<RoundApplicationRow, 'organisation_org_path' | 'organisation_community_path'>,
  ): boolean {
    return actsFor(a, row.organisation_org_path) || keeps(a, row.organisation_community_path);
  }
}
