import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type DuplicateListQuery,
  type DuplicateView,
  type MergeDuplicateCommand,
  type Page,
  type RegistryIdRequest,
} from '@gz/contracts';
import { conflict, Outbox, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { effectiveScopes } from '../domain/access';
import { checkRead, checkWrite, requireReader, requireRoles, who } from '../domain/actors';
import { CHANGE_APPROVERS } from '../domain/change-requests';
import { todayInChina } from '../domain/dates';
import { DuplicateStore } from '../persistence/duplicate.store';
import { flagView, type FlagRow } from '../persistence/duplicate.views';
import { HouseholdStore } from '../persistence/household.store';
import { pageWanted } from '../persistence/lists';
import { PersonChangeStore } from '../persistence/person-change.store';
import { PersonStore, type PersonPlace } from '../persistence/person.store';
import { ResidenceStore } from '../persistence/residence.store';

/** A flag is placed in its community (whoever reaches it may decide). */
const placed = (f: FlagRow) => ({ ...f, path: f.community });

/**
 * Likely duplicates for a reviewer (community secretary or above): merge (the other person is
 * marked merged into the kept one, its tags move over and its current residence moves or closes)
 * or keep apart. Either resolves the flag.
 */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly duplicates: DuplicateStore,
    private readonly persons: PersonStore,
    private readonly households: HouseholdStore,
    private readonly residences: ResidenceStore,
    private readonly trail: PersonChangeStore,
  ) {}

  list(query: DuplicateListQuery, actor: Actor | undefined): Promise<Page<DuplicateView>> {
    const a = requireReader(actor);
    return this.duplicates.page(effectiveScopes(a.scopes, query.within), query.status ?? 'pending', pageWanted(query));
  }

  async keepApart(req: RegistryIdRequest, actor: Actor | undefined): Promise<DuplicateView> {
    const a = requireRoles(actor, CHANGE_APPROVERS);
    await this.dataSource.transaction(async (m) => {
      const f = await this.lockPending(m, a, req.id);
      await this.resolve(m, a, f, 'kept_apart', null);
    });
    return this.view(req.id, a);
  }

  async merge(cmd: MergeDuplicateCommand, actor: Actor | undefined): Promise<DuplicateView> {
    const a = requireRoles(actor, CHANGE_APPROVERS);
    await this.dataSource.transaction(async (m) => {
      const f = await this.lockPending(m, a, cmd.id);
      if (cmd.keepPersonId !== f.a_id && cmd.keepPersonId !== f.b_id) {
        throw unprocessable('keepPersonId must be one of the two persons', { field: 'keepPersonId' });
      }
      const otherId = cmd.keepPersonId === f.a_id ? f.b_id : f.a_id;
      // lock in id order (a < b) to avoid deadlocks with a concurrent merge
      const locked = [await this.persons.lock(m, f.a_id), await this.persons.lock(m, f.b_id)];
      const kept = checkWrite(
        a,
        locked.find((p) => p?.id === cmd.keepPersonId),
        'Person',
        cmd.keepPersonId,
      );
      const other = checkWrite(
        a,
        locked.find((p) => p?.id === otherId),
        'Person',
        otherId,
      );
      const tags = [...new Set([...kept.tags, ...other.tags])];
      let keptPlace: PersonPlace = {
        household_id: kept.household_id,
        relation: kept.relation,
        path: kept.path,
        street_code: kept.street_code,
        present: kept.present,
      };
      const open = await this.residences.lockOpen(m, other.id);
      if (open) {
        if (!(await this.residences.hasOpen(m, kept.id))) {
          // the kept person takes over where the other lives now
          await this.residences.reassign(m, open.id, kept.id);
          await this.households.replaceHead(m, other.id, kept.id);
          keptPlace = {
            household_id: other.household_id,
            relation: other.relation,
            path: other.path,
            street_code: other.street_code,
            present: true,
          };
        } else {
          await this.residences.closeNoEarlierThanMoveIn(
            m,
            open.id,
            todayInChina(),
            `merged into ${kept.id}`,
            who(a).id,
          );
          await this.households.replaceHead(m, other.id, null);
        }
      }
      await this.persons.keepMerged(m, kept.id, tags, keptPlace);
      await this.persons.markMerged(m, other.id, kept.id);
      await this.trail.record(m, kept, a, [
        ...(tags.length !== kept.tags.length ? [{ field: 'tags', before: kept.tags, after: tags }] : []),
        { field: 'mergedFrom', before: null, after: other.id },
      ]);
      await this.trail.record(m, other, a, [{ field: 'mergedInto', before: null, after: kept.id }]);
      await this.resolve(m, a, f, 'merged', kept.id);
    });
    return this.view(cmd.id, a);
  }

  private async lockPending(m: EntityManager, a: Actor, id: string): Promise<FlagRow> {
    const row = await this.duplicates.lock(m, id);
    const f = checkWrite(a, row ? placed(row) : undefined, 'Duplicate flag', id);
    if (f.status !== 'pending') throw conflict(`The flag was already resolved (${f.status})`, { status: f.status });
    return f;
  }

  private async resolve(
    m: EntityManager,
    a: Actor,
    f: FlagRow,
    status: 'merged' | 'kept_apart',
    kept: string | null,
  ): Promise<void> {
    await this.duplicates.resolve(m, f.id, status, kept, a.id);
    await this.outbox.add(m, {
      type: RegistryEvents.duplicateResolved,
      street: f.street_code,
      actor: a,
      data: { flagId: f.id, personIds: [f.a_id, f.b_id], status, keptPersonId: kept },
    });
  }

  private async view(id: string, a: Actor): Promise<DuplicateView> {
    const row = await this.duplicates.row(this.dataSource, id);
    return flagView(checkRead(a, row ? placed(row) : undefined, 'Duplicate flag', id));
  }
}
