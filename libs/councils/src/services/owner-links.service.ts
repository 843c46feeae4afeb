import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type IssueLinkCodeCommand,
  type LinkCodeView,
  type LinkOwnerCommand,
  type MyOwnershipsView,
  type OwnerView,
  type RedeemLinkCodeCommand,
} from '@gz/contracts';
import { Clock, conflict, forbidden, isUniqueViolation, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilsConfig } from '../councils.config';
import { linkCodeHash, newLinkCode, normaliseLinkCode } from '../domain/link-code';
import { CompoundStore } from '../persistence/compound.store';
import { OwnerStore } from '../persistence/owner.store';
import { ownedUnitView, type CompoundRow, type OwnerRow } from '../persistence/views';
import { CompoundsService } from './compounds.service';
import { OwnersService } from './owners.service';
import { RollChanges } from './roll-changes.service';

const who = (a: Actor) => a.username ?? a.id;

/**
 * Owners and residents' accounts: the community links an owner to an account, or issues a
 * one-time code the resident redeems signed in; a resident reads their own ownership.
 */
@Injectable()
export class OwnerLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly owners: OwnerStore,
    private readonly compoundStore: CompoundStore,
    private readonly compounds: CompoundsService,
    private readonly ownersView: OwnersService,
    private readonly changes: RollChanges,
    private readonly config: CouncilsConfig,
    private readonly clock: Clock,
  ) {}

  /** A community secretary (or an admin) links an owner to a resident's account. */
  async link(cmd: LinkOwnerCommand, actor: Actor | undefined): Promise<OwnerView> {
    const a = requireActor(actor);
    const o = await this.owners.get(this.dataSource, cmd.id);
    if (!o) throw notFound('Owner', { id: cmd.id });
    const c = await this.compounds.kept(o.compound_id, a);
    await this.linkTo(c, o, cmd.userId, a);
    return this.ownersView.view(o.id);
  }

  /** A one-time code the community hands the owner, who redeems it signed in (shown once; a new code replaces the last). */
  async issueCode(cmd: IssueLinkCodeCommand, actor: Actor | undefined): Promise<LinkCodeView> {
    const a = requireActor(actor);
    const o = await this.owners.get(this.dataSource, cmd.id);
    if (!o) throw notFound('Owner', { id: cmd.id });
    await this.compounds.kept(o.compound_id, a);
    const code = newLinkCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.OWNER_LINK_CODE_TTL_H * 3_600_000);
    await this.dataSource.transaction((m) =>
      this.owners.insertLinkCode(m, linkCodeHash(normaliseLinkCode(code) ?? ''), o.id, expiresAt, who(a), now),
    );
    return { ownerId: o.id, code, expiresAt: expiresAt.toISOString() };
  }

  /** A resident redeems a code: their account becomes the owner's. */
  async redeem(cmd: RedeemLinkCodeCommand, actor: Actor | undefined): Promise<OwnerView> {
    const a = requireActor(actor);
    if (a.kind !== 'user') throw forbidden('Only a person signed in redeems a code');
    const normalised = normaliseLinkCode(cmd.code);
    const invalidCode = () => unprocessable('The code is unknown, used or expired', { field: 'code' });
    if (!normalised) throw invalidCode();
    const ownerId = await this.dataSource.transaction(async (m) => {
      const id = await this.owners.redeemLinkCode(m, linkCodeHash(normalised), a.id, this.clock.now());
      if (!id) throw invalidCode();
      const o = await this.owners.lock(m, id);
      const c = o && (await this.compoundStore.get(m, o.compound_id));
      if (!o || !c) throw invalidCode();
      await this.linkWithin(m, c, o, a.id, a);
      return id;
    });
    return this.ownersView.view(ownerId);
  }

  /** The caller's own ownership: per compound, the owner they are and the units they hold. */
  async mine(actor: Actor | undefined): Promise<MyOwnershipsView> {
    const a = requireActor(actor);
    const owners = await this.owners.ofUser(this.dataSource, a.id);
    const holdings = await this.owners.holdings(
      this.dataSource,
      owners.map((o) => o.id),
    );
    const compounds = [];
    for (const o of owners) {
      const c = await this.compoundStore.get(this.dataSource, o.compound_id);
      compounds.push({
        compoundId: o.compound_id,
        compound: c?.name ?? '',
        ownerId: o.id,
        units: (holdings.get(o.id) ?? []).map(ownedUnitView),
      });
    }
    return { compounds };
  }

  private async linkTo(c: CompoundRow, o: OwnerRow, userId: string, a: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const locked = await this.owners.lock(m, o.id);
      if (!locked) throw notFound('Owner', { id: o.id });
      await this.linkWithin(m, c, locked, userId, a);
    });
  }

  private async linkWithin(m: EntityManager, c: CompoundRow, o: OwnerRow, userId: string, a: Actor): Promise<void> {
    if (o.user_id === userId) return;
    if (o.developer) throw unprocessable('The developer is not linked to a resident', { field: 'userId' });
    try {
      await this.owners.update(m, o.id, o.version, { user_id: userId }, this.clock.now());
    } catch (error) {
      if (isUniqueViolation(error, 'owner_user'))
        throw conflict('That account is already linked to another owner of this compound', { field: 'userId' });
      throw error;
    }
    await this.changes.record(
      m,
      c,
      a,
      o.id,
      'linked',
      [{ field: 'account', from: o.user_id ? 'linked' : null, to: 'linked' }],
      this.clock.now(),
    );
  }
}
