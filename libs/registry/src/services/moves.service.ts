import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type MoveInCommand,
  type MoveOutCommand,
  type PersonView,
  type RegistryIdRequest,
  type ResidenceView,
} from '@gz/contracts';
import { conflict, newId, notFound, Outbox, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkRead, checkWrite, checkWritePath, requireReader, requireWriter } from '../domain/actors';
import { todayInChina } from '../domain/dates';
import { checkMoveDate, requireVersion } from '../domain/persons';
import { HouseholdStore } from '../persistence/household.store';
import { PersonChangeStore } from '../persistence/person-change.store';
import { PersonStore, type PersonLock } from '../persistence/person.store';
import { ResidenceStore, type OpenResidence } from '../persistence/residence.store';
import { PersonsService } from './persons.service';

/**
 * Who lived where from when to when. A move never overwrites: moving in opens a residence (and
 * closes the previous one on the same day), moving out closes it; the rows stay.
 */
@Injectable()
export class MovesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly persons: PersonStore,
    private readonly households: HouseholdStore,
    private readonly residenceStore: ResidenceStore,
    private readonly trail: PersonChangeStore,
    private readonly reader: PersonsService,
  ) {}

  async moveIn(cmd: MoveInCommand, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    const today = todayInChina();
    await this.dataSource.transaction(async (m) => {
      const p = checkWrite(a, await this.persons.lock(m, cmd.id), 'Person', cmd.id);
      requireVersion('person', cmd.version, p.version);
      checkMoveDate(cmd.date, p.birth_date, today, 'date');
      const open = await this.residenceStore.lockOpen(m, p.id);
      if (open?.household_id === cmd.householdId)
        throw conflict('The person already lives in this household', { field: 'householdId' });
      if (open) await this.close(m, a, p, open, cmd.date, `moved to another household`);
      const household = await this.households.lock(m, cmd.householdId);
      if (!household) throw notFound('Household', { id: cmd.householdId });
      checkWritePath(a, household.path);
      if (
        cmd.relation === 'head' &&
        household.head_person_id &&
        household.head_person_id !== p.id &&
        household.head_present
      ) {
        throw conflict('The household already has a head', {
          field: 'relation',
          headPersonId: household.head_person_id,
        });
      }
      const residenceId = newId();
      await this.residenceStore.insert(m, {
        id: residenceId,
        personId: p.id,
        householdId: household.id,
        street: household.street_code,
        path: household.path,
        relation: cmd.relation,
        movedInOn: cmd.date,
        reason: cmd.reason ?? null,
        recordedBy: a.id,
      });
      await this.persons.moveInto(m, p.id, household, cmd.relation);
      if (cmd.relation === 'head') await this.households.setHead(m, household.id, p.id);
      await this.trail.record(m, { ...p, path: household.path, street_code: household.street_code }, a, [
        { field: 'householdId', before: open ? open.household_id : null, after: household.id },
        ...(p.path !== household.path ? [{ field: 'path', before: p.path, after: household.path }] : []),
      ]);
      await this.households.bump(m, a, household, ['members']);
      await this.outbox.add(m, {
        type: RegistryEvents.personMovedIn,
        street: household.street_code,
        actor: a,
        data: {
          personId: p.id,
          householdId: household.id,
          residenceId,
          path: household.path,
          date: cmd.date,
          relation: cmd.relation,
        },
      });
    });
    return this.reader.view(cmd.id);
  }

  async moveOut(cmd: MoveOutCommand, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    const today = todayInChina();
    await this.dataSource.transaction(async (m) => {
      const p = checkWrite(a, await this.persons.lock(m, cmd.id), 'Person', cmd.id);
      requireVersion('person', cmd.version, p.version);
      checkMoveDate(cmd.date, p.birth_date, today, 'date');
      const open = await this.residenceStore.lockOpen(m, p.id);
      if (!open) throw unprocessable('The person lives in no household to move out of', { field: 'id' });
      await this.close(m, a, p, open, cmd.date, cmd.reason ?? null);
      await this.persons.moveOut(m, p.id);
      await this.trail.record(m, p, a, [{ field: 'householdId', before: open.household_id, after: null }]);
    });
    return this.reader.view(cmd.id);
  }

  /** Every residence of the person, oldest first. */
  async residences(req: RegistryIdRequest, actor: Actor | undefined): Promise<ResidenceView[]> {
    const a = requireReader(actor);
    checkRead(a, await this.persons.placeOf(req.id), 'Person', req.id);
    return this.residenceStore.list(req.id);
  }

  /** Closes the open residence on `date`, the household losing the person (and its head if it was). */
  private async close(
    m: EntityManager,
    a: Actor,
    p: PersonLock,
    open: OpenResidence,
    date: string,
    reason: string | null,
  ): Promise<void> {
    if (date < open.moved_in_on) {
      throw unprocessable(`date ${date} is before the move-in on ${open.moved_in_on}`, { field: 'date' });
    }
    await this.residenceStore.close(m, open.id, date, reason, a.id);
    const household = await this.households.lock(m, open.household_id);
    if (!household) return;
    if (household.head_person_id === p.id) await this.households.setHead(m, household.id, null);
    await this.households.bump(m, a, household, ['members']);
    await this.outbox.add(m, {
      type: RegistryEvents.personMovedOut,
      street: household.street_code,
      actor: a,
      data: {
        personId: p.id,
        householdId: household.id,
        residenceId: open.id,
        path: household.path,
        date,
        relation: p.relation,
      },
    });
  }
}
