import { Injectable } from '@nestjs/common';
import { CouncilsEvents, personOf, type Actor, type OwnerFieldChange } from '@gz/contracts';
import { Outbox } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { OwnerStore } from '../persistence/owner.store';
import type { CompoundRow } from '../persistence/views';

const who = (a: Actor) => a.username ?? a.id;

/** A change of the owners' roll: its line in the owner's history and its `owner_roll.changed` event, in the caller's transaction. */
@Injectable()
export class RollChanges {
  constructor(
    private readonly owners: OwnerStore,
    private readonly outbox: Outbox,
  ) {}

  async record(
    m: EntityManager,
    c: CompoundRow,
    a: Actor,
    ownerId: string,
    change: 'added' | 'updated' | 'linked',
    fields: OwnerFieldChange[],
    at: Date,
  ): Promise<void> {
    await this.owners.addChanges(m, [{ ownerId, change, fields, by: who(a), at }]);
    await this.outbox.add(m, {
      type: CouncilsEvents.ownerRollChanged,
      street: c.street_code,
      actor: a,
      data: {
        compoundId: c.id,
        street: c.street_code,
        communityPath: c.community_path,
        ownerId,
        change,
        fields: fields.map((f) => f.field),
        by: personOf(a),
        at: at.toISOString(),
      },
    });
  }
}
