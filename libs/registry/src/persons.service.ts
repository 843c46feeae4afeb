import { Inject, Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  streetOfPath,
  type Actor,
  type ChangeListCommand,
  type ChangeView,
  type CreatePersonRequest,
  type Page,
  type PersonSearchQuery,
  type PersonView,
  type PiiAccessEntry,
  type PiiAccessQuery,
  type RevealCommand,
  type RevealedPii,
  type TagCommand,
  type UpdatePersonCommand,
} from '@gz/contracts';
import { conflict, forbidden, invalid, newId, notFound, OrgGrids, Outbox, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkRead, checkWrite, checkWritePath, requireReader, requireRoles, requireWriter, who } from './actors';
import { effectiveScopes, escapeLike, mayReveal, PII_AUDITORS, scopeSql } from './domain/access';
import { diffFields, type FieldChange } from './domain/changes';
import { asUtcDay, todayInChina } from './domain/dates';
import { plausibleBirthDate } from './domain/id-number';
import { EMPTY_PII, PersonalData, requireValidIdNumber, type StoredPii } from './personal-data';
import { isUniqueViolation, Params } from './sql';
import { districtOf, holdChange, needsApproval, sensitiveFieldsOf, type PendingChange } from './change-requests';
import { recordChanges } from './trail';
import { requireKnownTags } from './district-tags.service';
import { flagLikelyDuplicates } from './duplicates';
import {
  changeView,
  PERSON_COLUMNS,
  PERSON_FROM,
  personView,
  piiAccessView,
  type ChangeRow,
  type PersonRow,
  type PiiAccessRow,
} from './views';

/** A person row as locked for a change (with the encrypted fields). */
export interface PersonLock {
  id: string;
  path: string;
  street_code: string;
  name: string;
  gender: 'male' | 'female';
  birth_date: string;
  ethnicity: string;
  id_number_cipher: string | null;
  id_number_key_id: string | null;
  id_number_masked: string | null;
  phone_cipher: string | null;
  phone_key_id: string | null;
  phone_masked: string | null;
  residence_type: string;
  employer: string | null;
  tags: string[];
  household_id: string | null;
  relation: string | null;
  present: boolean;
  version: number;
}

export async function lockPerson(m: EntityManager, id: string): Promise<PersonLock | undefined> {
  const [row]: PersonLock[] = await m.query(
    `SELECT id, path, street_code, name, gender, birth_date::text AS birth_date, ethnicity,
            id_number_cipher, id_number_key_id, id_number_masked, phone_cipher, phone_key_id, phone_masked,
            residence_type, employer, tags, household_id, relation, present, version
       FROM "registry".person WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

export function requireVersion(what: string, given: number | undefined, current: number): void {
  if (given !== undefined && given !== current) {
    throw conflict(`The ${what} was changed meanwhile; reload it and try again`, { currentVersion: current });
  }
}

const DUPLICATE_ID = () => conflict('A person with this identity number is already registered', { field: 'idNumber' });

/** Persons: registration, search, changes with their trail, personal data and its access audit, tags. */
@Injectable()
export class PersonsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly grids: OrgGrids,
  ) {}

  async create(req: CreatePersonRequest, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    if (!req.householdId && !req.gridPath) {
      throw invalid('The request is not valid', { fields: { gridPath: ['gridPath or householdId is required'] } });
    }
    if (!req.householdId && (req.relation || req.movedInOn)) {
      throw invalid('The request is not valid', {
        fields: { householdId: ['relation and movedInOn go with householdId'] },
      });
    }
    const today = todayInChina();
    let birthDate = req.birthDate;
    let gender = req.gender;
    let idNumber: string | undefined;
    if (req.idNumber !== undefined) {
      const info = requireValidIdNumber(req.idNumber);
      idNumber = info.normalized;
      if (birthDate && birthDate !== info.birthDate) {
        throw unprocessable(`birthDate ${birthDate} does not match the identity number (${info.birthDate})`, {
          field: 'birthDate',
        });
      }
      if (gender && gender !== info.gender) {
        throw unprocessable(`gender ${gender} does not match the identity number`, { field: 'gender' });
      }
      birthDate = info.birthDate;
      gender = info.gender;
    }
    const missing: Record<string, string[]> = {};
    if (!birthDate) missing.birthDate = ['birthDate is required without an identity number'];
    if (!gender) missing.gender = ['gender is required without an identity number'];
    if (Object.keys(missing).length > 0) throw invalid('The request is not valid', { fields: missing });
    if (!plausibleBirthDate(birthDate as string, asUtcDay(today))) {
      throw unprocessable(`birthDate ${birthDate} is not a plausible birth date`, { field: 'birthDate' });
    }
    const movedInOn = req.movedInOn ?? today;
    if (req.householdId) checkMoveDate(movedInOn, birthDate as string, today, 'movedInOn');
    if (!req.householdId) {
      // a person without a household lives in the grid given, which must exist in identity's tree
      checkWritePath(a, req.gridPath as string);
      await this.grids.require(req.gridPath as string);
    }
    if (idNumber && (await this.idNumberTaken(idNumber))) throw DUPLICATE_ID();

    const id = newId();
    const idPii: StoredPii = idNumber ? this.pii.idNumber(idNumber, id) : EMPTY_PII;
    const phonePii: StoredPii = req.phone ? this.pii.phone(req.phone, id) : EMPTY_PII;
    try {
      await this.dataSource.transaction(async (m) => {
        let path = req.gridPath as string;
        let household: HouseholdLockRow | undefined;
        if (req.householdId) {
          household = await lockHousehold(m, req.householdId);
          if (!household) throw notFound('Household', { id: req.householdId });
          if (req.gridPath && req.gridPath !== household.path) {
            throw unprocessable(`The household lies in ${household.path}, not in ${req.gridPath}`, {
              field: 'gridPath',
            });
          }
          path = household.path;
        }
        checkWritePath(a, path);
        const relation = req.householdId ? (req.relation ?? 'other') : null;
        if (household && relation === 'head' && household.head_person_id && household.head_present) {
          throw conflict('The household already has a head', {
            field: 'relation',
            headPersonId: household.head_person_id,
          });
        }
        const street = streetOfPath(path);
        await m.query(
          `INSERT INTO "registry".person (id, street_code, path, name, gender, birth_date, ethnicity,
             id_number_cipher, id_number_key_id, id_number_index, id_number_masked,
             phone_cipher, phone_key_id, phone_index, phone_masked,
             residence_type, employer, tags, household_id, relation, present, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, true, $21)`,
          [
            id,
            street,
            path,
            req.name.trim(),
            gender,
            birthDate,
            req.ethnicity ?? '汉族',
            idPii.cipher,
            idPii.keyId,
            idPii.index,
            idPii.masked,
            phonePii.cipher,
            phonePii.keyId,
            phonePii.index,
            phonePii.masked,
            req.residenceType,
            req.employer ?? null,
            req.tags ?? [],
            household?.id ?? null,
            relation,
            a.id,
          ],
        );
        await this.outbox.add(m, {
          type: RegistryEvents.personRegistered,
          street,
          actor: a,
          data: {
            personId: id,
            path,
            residenceType: req.residenceType,
            tags: req.tags ?? [],
            householdId: household?.id ?? null,
          },
        });
        await requireKnownTags(m, path, req.tags ?? []);
        await flagLikelyDuplicates(m, this.outbox, a, {
          id,
          path,
          street,
          name: req.name.trim(),
          birthDate: birthDate as string,
          hasIdNumber: Boolean(idNumber),
        });
        if (household) {
          const residenceId = newId();
          await m.query(
            `INSERT INTO "registry".residence (id, person_id, household_id, street_code, path, relation, moved_in_on, move_in_reason, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [residenceId, id, household.id, street, path, relation, movedInOn, 'registered', a.id],
          );
          if (relation === 'head')
            await m.query(`UPDATE "registry".household SET head_person_id = $2 WHERE id = $1`, [household.id, id]);
          await bumpHousehold(m, this.outbox, a, household, ['members']);
          await this.outbox.add(m, {
            type: RegistryEvents.personMovedIn,
            street,
            actor: a,
            data: { personId: id, householdId: household.id, residenceId, path, date: movedInOn, relation },
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error, 'person_id_number_unique')) throw DUPLICATE_ID();
      throw error;
    }
    return this.view(id);
  }

  async get(id: string, actor: Actor | undefined): Promise<PersonView> {
    const a = requireReader(actor);
    return personView(checkRead(a, await this.row(id), 'Person', id));
  }

  async search(query: PersonSearchQuery, actor: Actor | undefined): Promise<Page<PersonView>> {
    const a = requireReader(actor);
    const p = new Params();
    const where = [scopeSql('p.path', effectiveScopes(a.scopes, query.within), p.add)];
    if (query.idNumber) where.push(`p.id_number_index = ${p.add(this.pii.idNumberIndex(query.idNumber))}`);
    if (query.phone) where.push(`p.phone_index = ${p.add(this.pii.phoneIndex(query.phone))}`);
    if (query.name) {
      const name = query.name.trim();
      where.push(`p.name LIKE ${p.add(`%${escapeLike(name)}%`)}`);
      // Two characters have no trigram: the pair index finds them (see the name-bigrams migration).
      if ([...name].length === 2) where.push(`"registry".name_bigrams(p.name) @> ARRAY[${p.add(name)}]::text[]`);
    }
    if (query.address) where.push(`b.address LIKE ${p.add(`%${escapeLike(query.address.trim())}%`)}`);
    if (query.tag) where.push(`p.tags @> ARRAY[${p.add(query.tag)}]::text[]`);
    if (query.residenceType) where.push(`p.residence_type = ${p.add(query.residenceType)}`);
    if (query.householdId) where.push(`p.household_id = ${p.add(query.householdId)}`);
    if (!(query.includeMovedOut === true || query.includeMovedOut === 'true')) where.push('p.present');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<PersonRow & { total: number }> = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS}, count(*) OVER ()::int AS total FROM ${PERSON_FROM}
        WHERE ${where.join(' AND ')}
        ORDER BY p.name, p.id
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && page > 1) {
      const [{ n }] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM ${PERSON_FROM} WHERE ${where.join(' AND ')}`,
        p.values.slice(0, -2),
      );
      total = n;
    }
    return { items: rows.map(personView), total, page, pageSize };
  }

  /**
   * Changes a person. A caller who needs approval (a grid worker) changing a field the district
   * marks sensitive changes nothing: the whole change waits as a change request, named in
   * `pendingChangeRequest`.
   */
  async update(cmd: UpdatePersonCommand, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    const pending = await this.dataSource.transaction((m) => this.applyUpdate(m, cmd, a, true));
    const view = await this.view(cmd.id);
    return pending ? { ...view, pendingChangeRequest: pending } : view;
  }

  /** The change in the caller's transaction; with `review`, sensitive changes by a grid worker become a request. */
  async applyUpdate(
    m: EntityManager,
    cmd: UpdatePersonCommand,
    a: Actor,
    review: boolean,
  ): Promise<PendingChange | undefined> {
    const today = todayInChina();
    let pending: PendingChange | undefined;
    try {
      await (async () => {
        const p = checkWrite(a, await lockPerson(m, cmd.id), 'Person', cmd.id);
        requireVersion('person', cmd.version, p.version);
        const next: Record<string, unknown> = {
          name: cmd.name?.trim(),
          gender: cmd.gender,
          birthDate: cmd.birthDate,
          ethnicity: cmd.ethnicity,
          residenceType: cmd.residenceType,
          employer: cmd.employer,
          relation: cmd.relation,
        };
        const before: Record<string, unknown> = {
          name: p.name,
          gender: p.gender,
          birthDate: p.birth_date,
          ethnicity: p.ethnicity,
          residenceType: p.residence_type,
          employer: p.employer,
          relation: p.relation,
        };
        let idPii: StoredPii | undefined;
        let phonePii: StoredPii | undefined;
        // the identity number in force after this change, to keep birth date and gender consistent with it
        let effectiveId =
          cmd.idNumber === undefined
            ? this.pii.open('idNumber', p.id_number_cipher, p.id_number_key_id, p.id)
            : cmd.idNumber;
        if (cmd.idNumber !== undefined && cmd.idNumber !== null) {
          const info = requireValidIdNumber(cmd.idNumber);
          effectiveId = info.normalized;
          const current = this.pii.open('idNumber', p.id_number_cipher, p.id_number_key_id, p.id);
          if (current !== info.normalized) {
            if (await this.idNumberTaken(info.normalized, p.id, m)) throw DUPLICATE_ID();
            idPii = this.pii.idNumber(info.normalized, p.id);
            // birth date and gender follow the identity number unless sent
            next.birthDate = cmd.birthDate ?? info.birthDate;
            next.gender = cmd.gender ?? info.gender;
          }
        } else if (cmd.idNumber === null && p.id_number_cipher) {
          idPii = EMPTY_PII;
        }
        if (cmd.phone !== undefined) {
          const current = this.pii.open('phone', p.phone_cipher, p.phone_key_id, p.id);
          if ((cmd.phone ?? null) !== current) {
            phonePii = cmd.phone === null ? EMPTY_PII : this.pii.phone(cmd.phone, p.id);
          }
        }
        const birthDate = (next.birthDate as string | undefined) ?? p.birth_date;
        const gender = (next.gender as string | undefined) ?? p.gender;
        if (!plausibleBirthDate(birthDate, asUtcDay(today))) {
          throw unprocessable(`birthDate ${birthDate} is not a plausible birth date`, { field: 'birthDate' });
        }
        if (effectiveId) {
          const info = requireValidIdNumber(effectiveId);
          if (info.birthDate !== birthDate)
            throw unprocessable(`birthDate ${birthDate} does not match the identity number`, { field: 'birthDate' });
          if (info.gender !== gender)
            throw unprocessable(`gender ${gender} does not match the identity number`, { field: 'gender' });
        }
        if (cmd.relation !== undefined && !p.household_id) {
          throw unprocessable('The person lives in no household, so has no relation to a head', { field: 'relation' });
        }
        const changes = diffFields(before, next);
        // personal data: compared in clear above, recorded masked
        if (idPii) changes.push({ field: 'idNumber', before: p.id_number_masked, after: idPii.masked });
        if (phonePii) changes.push({ field: 'phone', before: p.phone_masked, after: phonePii.masked });
        if (changes.length === 0) return;
        if (review && needsApproval(a)) {
          const sensitive = await sensitiveFieldsOf(m, districtOf(p.path));
          const hit = changes.map((c) => c.field).filter((f) => sensitive.includes(f));
          if (hit.length > 0) {
            pending = await holdChange(m, this.pii, this.outbox, a, p, cmd, changes, hit);
            return;
          }
        }
        const relationChange = changes.find((c) => c.field === 'relation');
        if (relationChange && p.household_id) await this.moveHead(m, a, p, relationChange);
        const q = new Params();
        q.add(p.id);
        const sets: string[] = [];
        const set = (column: string, value: unknown) => sets.push(`${column} = ${q.add(value)}`);
        for (const c of changes) {
          if (COLUMNS[c.field]) set(COLUMNS[c.field], c.after);
        }
        for (const [prefix, stored] of [
          ['id_number', idPii],
          ['phone', phonePii],
        ] as const) {
          if (!stored) continue;
          set(`${prefix}_cipher`, stored.cipher);
          set(`${prefix}_key_id`, stored.keyId);
          set(`${prefix}_index`, stored.index);
          set(`${prefix}_masked`, stored.masked);
        }
        await m.query(
          `UPDATE "registry".person SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
          q.values,
        );
        await recordChanges(m, p, a, changes);
        await this.outbox.add(m, {
          type: RegistryEvents.personChanged,
          street: p.street_code,
          actor: a,
          data: { personId: p.id, path: p.path, changed: changes.map((c) => c.field), version: p.version + 1 },
        });
      })();
    } catch (error) {
      if (isUniqueViolation(error, 'person_id_number_unique')) throw DUPLICATE_ID();
      throw error;
    }
    return pending;
  }

  /**
   * Full identity number and phone of one person, for a caller whose role allows it, with a
   * reason. Every field read is written to the access audit before the value leaves.
   */
  async reveal(cmd: RevealCommand, actor: Actor | undefined): Promise<RevealedPii> {
    const a = requireReader(actor);
    const [row]: Array<PersonLock> = await this.dataSource.query(
      `SELECT id, path, street_code, id_number_cipher, id_number_key_id, phone_cipher, phone_key_id FROM "registry".person WHERE id = $1`,
      [cmd.id],
    );
    const p = checkRead(a, row, 'Person', cmd.id);
    if (!mayReveal(a, p.path)) {
      throw forbidden(
        'Your role sees personal data masked; a community secretary or an admin can look up the full value',
        {
          roles: ['community_secretary', 'street_admin', 'district_admin'],
        },
      );
    }
    const out: RevealedPii = { id: p.id };
    const w = who(a);
    await this.dataSource.transaction(async (m) => {
      for (const field of cmd.fields) {
        const value =
          field === 'idNumber'
            ? this.pii.open('idNumber', p.id_number_cipher, p.id_number_key_id, p.id)
            : this.pii.open('phone', p.phone_cipher, p.phone_key_id, p.id);
        out[field] = value;
        if (value === null) continue;
        await m.query(
          `INSERT INTO "registry".pii_access (id, actor_id, actor_name, actor_roles, person_id, field, reason, street_code, path)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [newId(), w.id, w.name, w.roles, p.id, field, cmd.reason.trim(), p.street_code, p.path],
        );
      }
    });
    return out;
  }

  async addTag(cmd: TagCommand, actor: Actor | undefined): Promise<PersonView> {
    return this.changeTags(cmd, actor, true);
  }

  async removeTag(cmd: TagCommand, actor: Actor | undefined): Promise<PersonView> {
    return this.changeTags(cmd, actor, false);
  }

  async changes(cmd: ChangeListCommand, actor: Actor | undefined): Promise<Page<ChangeView>> {
    const a = requireReader(actor);
    const [row]: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path FROM "registry".person WHERE id = $1`,
      [cmd.id],
    );
    checkRead(a, row, 'Person', cmd.id);
    const page = cmd.page ?? 1;
    const pageSize = cmd.pageSize ?? 50;
    const rows: Array<ChangeRow & { total: number }> = await this.dataSource.query(
      `SELECT id, person_id, at, actor_id, actor_name, field, before, after, count(*) OVER ()::int AS total
         FROM "registry".person_change WHERE person_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
      [cmd.id, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(changeView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  /** The access audit of personal data, for auditors and district admins, within their scope. */
  async accessAudit(query: PiiAccessQuery, actor: Actor | undefined): Promise<Page<PiiAccessEntry>> {
    const a = requireRoles(actor, PII_AUDITORS);
    const p = new Params();
    const where = [scopeSql('x.path', effectiveScopes(a.scopes), p.add)];
    if (query.personId) where.push(`x.person_id = ${p.add(query.personId)}`);
    if (query.actorId) where.push(`x.actor_id = ${p.add(query.actorId)}`);
    if (query.from) where.push(`x.at >= ${p.add(new Date(query.from))}`);
    if (query.to) where.push(`x.at < ${p.add(new Date(query.to))}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<PiiAccessRow & { total: number }> = await this.dataSource.query(
      `SELECT x.id, x.at, x.actor_id, x.actor_name, x.actor_roles, x.person_id, x.field, x.reason, x.path, count(*) OVER ()::int AS total
         FROM "registry".pii_access x WHERE ${where.join(' AND ')}
        ORDER BY x.at DESC, x.id DESC LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(piiAccessView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  async view(id: string): Promise<PersonView> {
    const row = await this.row(id);
    if (!row) throw notFound('Person', { id });
    return personView(row);
  }

  private async row(id: string): Promise<PersonRow | undefined> {
    const [row]: PersonRow[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE p.id = $1`,
      [id],
    );
    return row;
  }

  private async idNumberTaken(
    normalized: string,
    except?: string,
    m: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<boolean> {
    const [{ taken }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM "registry".person WHERE id_number_index = $1 AND id <> $2) AS taken`,
      [this.pii.idNumberIndex(normalized), except ?? '00000000-0000-0000-0000-000000000000'],
    );
    return taken;
  }

  /** A person becomes (or stops being) the head of the household. */
  private async moveHead(m: EntityManager, a: Actor, p: PersonLock, change: FieldChange): Promise<void> {
    const household = await lockHousehold(m, p.household_id as string);
    if (!household) return;
    if (change.after === 'head') {
      if (household.head_person_id && household.head_person_id !== p.id && household.head_present) {
        throw conflict('The household already has a head', {
          field: 'relation',
          headPersonId: household.head_person_id,
        });
      }
      await m.query(`UPDATE "registry".household SET head_person_id = $2 WHERE id = $1`, [household.id, p.id]);
    } else if (household.head_person_id === p.id) {
      await m.query(`UPDATE "registry".household SET head_person_id = NULL WHERE id = $1`, [household.id]);
    }
    await bumpHousehold(m, this.outbox, a, household, ['head']);
  }

  private async changeTags(cmd: TagCommand, actor: Actor | undefined, add: boolean): Promise<PersonView> {
    const a = requireWriter(actor);
    await this.dataSource.transaction(async (m) => {
      const p = checkWrite(a, await lockPerson(m, cmd.id), 'Person', cmd.id);
      if (add) await requireKnownTags(m, p.path, [cmd.tag], 'tag');
      const has = p.tags.includes(cmd.tag);
      if (has === add) return; // already so: nothing changes, no event
      const tags = add ? [...p.tags, cmd.tag] : p.tags.filter((t) => t !== cmd.tag);
      await m.query(`UPDATE "registry".person SET tags = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
        p.id,
        tags,
      ]);
      await recordChanges(m, p, a, [{ field: 'tags', before: p.tags, after: tags }]);
      await this.outbox.add(m, {
        type: add ? RegistryEvents.tagAdded : RegistryEvents.tagRemoved,
        street: p.street_code,
        actor: a,
        data: { personId: p.id, path: p.path, tag: cmd.tag },
      });
    });
    return this.view(cmd.id);
  }
}

/** Columns of the plain fields a person update may change. */
const COLUMNS: Record<string, string> = {
  name: 'name',
  gender: 'gender',
  birthDate: 'birth_date',
  ethnicity: 'ethnicity',
  residenceType: 'residence_type',
  employer: 'employer',
  relation: 'relation',
};

export interface HouseholdLockRow {
  id: string;
  path: string;
  street_code: string;
  head_person_id: string | null;
  head_present: boolean | null;
  version: number;
}

export async function lockHousehold(m: EntityManager, id: string): Promise<HouseholdLockRow | undefined> {
  const [row]: HouseholdLockRow[] = await m.query(
    `SELECT h.id, h.path, h.street_code, h.head_person_id, h.version,
            (SELECT hp.present AND hp.household_id = h.id FROM "registry".person hp WHERE hp.id = h.head_person_id) AS head_present
       FROM "registry".household h WHERE h.id = $1 FOR UPDATE OF h`,
    [id],
  );
  return row;
}

/** The household's members or head changed: new version and a `household.changed` event. */
export async function bumpHousehold(
  m: EntityManager,
  outbox: Outbox,
  actor: Actor,
  household: { id: string; path: string; street_code: string; version: number },
  changed: string[],
): Promise<void> {
  await m.query(`UPDATE "registry".household SET version = version + 1, updated_at = now() WHERE id = $1`, [
    household.id,
  ]);
  household.version += 1;
  await outbox.add(m, {
    type: RegistryEvents.householdChanged,
    street: household.street_code,
    actor,
    data: { householdId: household.id, path: household.path, changed, version: household.version },
  });
}

/** A move date lies between the birth date and today. */
export function checkMoveDate(date: string, birthDate: string, today: string, field: string): void {
  if (date > today) throw unprocessable(`${field} ${date} is in the future`, { field });
  if (date < birthDate) throw unprocessable(`${field} ${date} is before the birth date`, { field });
}
