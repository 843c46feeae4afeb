import { Injectable } from '@nestjs/common';
import type { Actor } from '@gz/contracts';
import { canReach, forbidden, notFound, requireActor } from '@gz/platform';
import { seesCompound } from '../domain/access';
import { isVoteAdmin } from '../domain/vote-lifecycle';
import { VoteStore, type CompoundRef } from '../persistence/vote.store';
import type { VoteRow } from '../persistence/vote-views';

/** How the caller stands to a compound's votes. */
export type VoteStanding = 'admin' | 'convenor' | 'staff' | 'owner';

/**
 * Who may do what with a compound's votes. Admins (the community secretary, the street admin,
 * within their scope) create votes, enter meeting ballots, assign convenors, correct entered
 * ballots and list non-voters; building convenors (楼栋长, assigned in `councils.convenor`) enter
 * and correct paper ballots and list non-voters; those who see the compound (C1's rule) and the
 * compound's linked owners read votes and tallies.
 */
@Injectable()
export class VoteAccess {
  constructor(private readonly votes: VoteStore) {}

  async compound(id: string): Promise<CompoundRef> {
    const c = await this.votes.compound(id);
    if (!c) throw notFound('Compound', { id });
    return c;
  }

  async vote(id: string): Promise<VoteRow> {
    const v = await this.votes.read(id);
    if (!v) throw notFound('Vote', { id });
    return v;
  }

  isAdmin(a: Actor, communityPath: string): boolean {
    return a.kind === 'user' && isVoteAdmin(a.roles) && canReach(a, communityPath);
  }

  requireAdmin(actor: Actor | undefined, communityPath: string): Actor {
    const a = requireActor(actor);
    if (!this.isAdmin(a, communityPath))
      throw forbidden("This needs the community secretary or the street admin of the compound's community", {
        path: communityPath,
      });
    return a;
  }

  /** How the caller stands to a vote's compound (an admin's standing needs no read). */
  async standingIn(actor: Actor | undefined, v: VoteRow): Promise<VoteStanding> {
    const a = requireActor(actor);
    if (this.isAdmin(a, v.community_path)) return 'admin';
    return this.standing(a, await this.compound(v.compound_id));
  }

  /** How the caller stands to the compound, or 403/404 when they may not see its votes. */
  async standing(actor: Actor | undefined, c: CompoundRef): Promise<VoteStanding> {
    const a = requireActor(actor);
    if (this.isAdmin(a, c.community_path)) return 'admin';
    if (a.kind === 'user' && (await this.votes.convenorBuildings(c.id, a.id)).length > 0) return 'convenor';
    const place = {
      communityPath: c.community_path,
      propertyCompanyPath: c.property_company_path,
      ownersCommitteePath: c.owners_committee_path,
    };
    if (seesCompound(a, place)) return 'staff';
    if (a.kind === 'user' && (await this.votes.isOwnerOf(c.id, a.id))) return 'owner';
    throw notFound('Compound', { id: c.id });
  }
}
