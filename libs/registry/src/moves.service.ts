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
import { checkRead, checkWrite, checkWritePath, requireReader, requireWriter } from './actors';
import { todayInChina } from './domain/dates';
import {
  bumpHousehold,
  checkMoveDate,
  lockHousehold,
  lockPerson,
  PersonsService,
  requireVersion,
  type PersonLock,
} from './persons.service';
import { recordChanges } from './trail';
import { RESIDENCE_COLUMNS, residenceView, type ResidenceRow } from './views';

interface OpenResidence {
  id: string;
  household_id: string;
  moved_in_on: string;
}

/**
 * Who lived where from when to when. A move never overwrites: moving in opens a residence (and
 * closes the previous one on the same day), moving out closes it; the rows stay.
 */
@Injectable()
export class MovesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly persons: PersonsService,
  ) {}

  async moveIn(cmd: MoveInCommand, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    const today = todayInChina();
    await this.dataSource.transaction(async (m) => {
      const p = checkWrite(a, await lockPerson(m, cmd.id), 'Person', cmd.id);
      requireVersion('person', cmd.version, p.version);
      checkMoveDate(cmd.date, p.birth_date, today, 'date');
      const open = await openResidence(m, p.id);
      if (open?.household_id === cmd.householdId)
        throw conflict('The person already lives in this household', { field: 'householdId' });
      if (open) await this.close(m, a, p, open, cmd.date, `moved to another household`);
      const household = await lockHousehold(m, cmd.householdId);
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
      await m.query(
        `INSERT INTO "registry".residence (id, person_id, household_id, street_code, path, relation, moved_in_on, move_in_reason, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          residenceId,
          p.id,
          household.id,
          household.street_code,
          household.path,
          cmd.relation,
          cmd.date,
          cmd.reason ?? null,
          a.id,
        ],
      );
      await m.query(
        `UPDATE "registry".person SET household_id = $2, relation = $3, path = $4, street_code = $5, present = true,
           version = version + 1, updated_at = now() WHERE id = $1`,
        [p.id, household.id, cmd.relation, household.path, household.street_code],
      );
      if (cmd.relation === 'head')
        await m.query(`UPDATE "registry".household SET head_person_id = $2 WHERE id = $1`, [household.id, p.id]);
      await recordChanges(m, { ...p, path: household.path, street_code: household.street_code }, a, [
        { field: 'householdId', before: open ? open.household_id : null, after: household.id },
        ...(p.path !== household.path ? [{ field: 'path', before: p.path, after: household.path }] : []),
      ]);
      await bumpHousehold(m, this.outbox, a, household, ['members']);
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
    return this.persons.view(cmd.id);
  }

  async moveOut(cmd: MoveOutCommand, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    const today = todayInChina();
    await this.dataSource.transaction(async (m) => {
      const p = checkWrite(a, await lockPerson(m, cmd.id), 'Person', cmd.id);
      requireVersion('person', cmd.version, p.version);
      checkMoveDate(cmd.date, p.birth_date, today, 'date');
      const open = await openResidence(m, p.id);
      if (!open) throw unprocessable('The person lives in no household to move out of', { field: 'id' });
      await this.close(m, a, p, open, cmd.date, cmd.reason ?? null);
      await m.query(
        `UPDATE "registry".person SET household_id = NULL, relation = NULL, present = false, version = version + 1, updated_at = now() WHERE id = $1`,
        [p.id],
      );
      await recordChanges(m, p, a, [{ field: 'householdId', before: open.household_id, after: null }]);
    });
    return this.persons.view(cmd.id);
  }

  async residences(req: RegistryIdRequest, actor: Actor | undefined): Promise<ResidenceView[]> {
    const a = requireReader(actor);
    const [row]: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path FROM "registry".person WHERE id = $1`,
      [req.id],
    );
    checkRead(a, row, 'Person', req.id);
    const rows: ResidenceRow[] = await this.dataSource.query(
      `SELECT ${RESIDENCE_COLUMNS}
         FROM "registry".residence r
         JOIN "registry".household h ON h.id = r.household_id
         JOIN "registry".building b ON b.id = h.building_id
        WHERE r.person_id = $1 ORDER BY r.moved_in_on, r.recorded_at, r.id`,
      [req.id],
    );
    return rows.map(residenceView);
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
    await m.query(
      `UPDATE "registry".residence SET moved_out_on = $2, move_out_reason = $3, closed_by = $4, closed_at = now() WHERE id = $1`,
      [open.id, date, reason, a.id],
    );
    const household = await lockHousehold(m, open.household_id);
    if (!household) return;
    if (household.head_person_id === p.id)
      await m.query(`UPDATE "registry".household SET head_person_id = NULL WHERE id = $1`, [household.id]);
    await bumpHousehold(m, this.outbox, a, household, ['members']);
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

async function openResidence(m: EntityManager, personId: string): Promise<OpenResidence | undefined> {
  const [row]: OpenResidence[] = await m.query(
    `SELECT id, household_id, moved_in_on::text AS moved_in_on FROM "registry".residence WHERE person_id = $1 AND moved_out_on IS NULL FOR UPDATE`,
    [personId],
  );
  return row;
}
