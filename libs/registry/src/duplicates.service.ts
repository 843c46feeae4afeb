import { Injectable } from '@nestjs/common';
import {
  RegistryLifeEvents,
  type Actor,
  type DuplicateListQuery,
  type DuplicateStatus,
  type DuplicateView,
  type MergeDuplicateCommand,
  type Page,
  type RegistryIdRequest,
} from '@gz/contracts';
import { conflict, notFound, Outbox, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkRead, checkWrite, requireReader, requireRoles, who } from './actors';
import { CHANGE_APPROVERS } from './change-requests';
import { effectiveScopes, scopeSql } from './domain/access';
import { todayInChina } from './domain/dates';
import { lockPerson } from './persons.service';
import { Params } from './sql';
import { recordChanges } from './trail';

interface FlagRow {
  id: string;
  community: string;
  street_code: string;
  status: DuplicateStatus;
  flagged_at: Date;
  kept_person_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  a_id: string;
  a_name: string;
  a_birth: string;
  a_path: string;
  a_masked: string | null;
  a_present: boolean;
  b_id: string;
  b_name: string;
  b_birth: string;
  b_path: string;
  b_masked: string | null;
  b_present: boolean;
}

const FLAG_SELECT = `SELECT f.id, f.community, f.street_code, f.status, f.flagged_at, f.kept_person_id, f.decided_by, f.decided_at,
    a.id AS a_id, a.name AS a_name, a.birth_date::text AS a_birth, a.path AS a_path, a.id_number_masked AS a_masked, a.present AS a_present,
    b.id AS b_id, b.name AS b_name, b.birth_date::text AS b_birth, b.path AS b_path, b.id_number_masked AS b_masked, b.present AS b_present
  FROM "registry".duplicate_flag f JOIN "registry".person a ON a.id = f.person_a JOIN "registry".person b ON b.id = f.person_b`;

function flagView(r: FlagRow): DuplicateView {
  const side = (k: 'a' | 'b') => ({
    id: r[`${k}_id`],
    name: r[`${k}_name`],
    birthDate: r[`${k}_birth`],
    path: r[`${k}_path`],
    idNumberMasked: r[`${k}_masked`],
    present: r[`${k}_present`],
  });
  return {
    id: r.id,
    community: r.community,
    person: side('a'),
    other: side('b'),
    status: r.status,
    flaggedAt: r.flagged_at.toISOString(),
    keptPersonId: r.kept_person_id,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}

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
  ) {}

  async list(query: DuplicateListQuery, actor: Actor | undefined): Promise<Page<DuplicateView>> {
    const a = requireReader(actor);
    const p = new Params();
    const scopes = effectiveScopes(a.scopes, query.within);
    // a flag shows to whoever reaches its community or either person (a grid worker sees those of the grid)
    const where = [
      `(${scopeSql('f.community', scopes, p.add)} OR ${scopeSql('a.path', scopes, p.add)} OR ${scopeSql('b.path', scopes, p.add)})`,
      `f.status = ${p.add(query.status ?? 'pending')}`,
    ];
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<FlagRow & { total: number }> = await this.dataSource.query(
      `${FLAG_SELECT.replace('SELECT ', 'SELECT count(*) OVER ()::int AS total, ')}
        WHERE ${where.join(' AND ')} ORDER BY f.flagged_at, f.id LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(flagView), total: rows[0]?.total ?? 0, page, pageSize };
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
      const locked = [await lockPerson(m, f.a_id), await lockPerson(m, f.b_id)];
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
      const today = todayInChina();
      const w = who(a);

      const tags = [...new Set([...kept.tags, ...other.tags])];
      let keptPlace = {
        household_id: kept.household_id,
        relation: kept.relation,
        path: kept.path,
        street_code: kept.street_code,
        present: kept.present,
      };
      const [open]: Array<{ id: string; household_id: string; moved_in_on: string }> = await m.query(
        `SELECT id, household_id, moved_in_on::text AS moved_in_on FROM "registry".residence WHERE person_id = $1 AND moved_out_on IS NULL FOR UPDATE`,
        [other.id],
      );
      if (open) {
        const [keptOpen] = await m.query(
          `SELECT id FROM "registry".residence WHERE person_id = $1 AND moved_out_on IS NULL`,
          [kept.id],
        );
        if (!keptOpen) {
          // the kept person takes over where the other lives now
          await m.query(`UPDATE "registry".residence SET person_id = $2 WHERE id = $1`, [open.id, kept.id]);
          await m.query(`UPDATE "registry".household SET head_person_id = $2 WHERE head_person_id = $1`, [
            other.id,
            kept.id,
          ]);
          keptPlace = {
            household_id: other.household_id,
            relation: other.relation,
            path: other.path,
            street_code: other.street_code,
            present: true,
          };
        } else {
          await m.query(
            `UPDATE "registry".residence SET moved_out_on = greatest($2::date, moved_in_on), move_out_reason = $3, closed_by = $4, closed_at = now() WHERE id = $1`,
            [open.id, today, `merged into ${kept.id}`, w.id],
          );
          await m.query(`UPDATE "registry".household SET head_person_id = NULL WHERE head_person_id = $1`, [other.id]);
        }
      }
      await m.query(
        `UPDATE "registry".person SET tags = $2, household_id = $3, relation = $4, path = $5, street_code = $6, present = $7,
           version = version + 1, updated_at = now() WHERE id = $1`,
        [
          kept.id,
          tags,
          keptPlace.household_id,
          keptPlace.relation,
          keptPlace.path,
          keptPlace.street_code,
          keptPlace.present,
        ],
      );
      await m.query(
        `UPDATE "registry".person SET merged_into = $2, household_id = NULL, relation = NULL, present = false, version = version + 1, updated_at = now() WHERE id = $1`,
        [other.id, kept.id],
      );
      await recordChanges(m, kept, a, [
        ...(tags.length !== kept.tags.length ? [{ field: 'tags', before: kept.tags, after: tags }] : []),
        { field: 'mergedFrom', before: null, after: other.id },
      ]);
      await recordChanges(m, other, a, [{ field: 'mergedInto', before: null, after: kept.id }]);
      await this.resolve(m, a, f, 'merged', kept.id);
    });
    return this.view(cmd.id, a);
  }

  private async lockPending(m: EntityManager, a: Actor, id: string): Promise<FlagRow> {
    const [locked] = await m.query(`SELECT id FROM "registry".duplicate_flag WHERE id = $1 FOR UPDATE`, [id]);
    if (!locked) throw notFound('Duplicate flag', { id });
    const [row]: FlagRow[] = await m.query(`${FLAG_SELECT} WHERE f.id = $1`, [id]);
    const f = checkWrite(a, { ...row, path: row.community }, 'Duplicate flag', id);
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
    await m.query(
      `UPDATE "registry".duplicate_flag SET status = $2, kept_person_id = $3, decided_by = $4, decided_at = now() WHERE id = $1`,
      [f.id, status, kept, a.id],
    );
    await this.outbox.add(m, {
      type: RegistryLifeEvents.duplicateResolved,
      street: f.street_code,
      actor: a,
      data: { flagId: f.id, personIds: [f.a_id, f.b_id], status, keptPersonId: kept },
    });
  }

  private async view(id: string, a: Actor): Promise<DuplicateView> {
    const [row]: FlagRow[] = await this.dataSource.query(`${FLAG_SELECT} WHERE f.id = $1`, [id]);
    return flagView(checkRead(a, row ? { ...row, path: row.community } : undefined, 'Duplicate flag', id));
  }
}
