import { Inject, Injectable } from '@nestjs/common';
import {
  districtOfPath,
  RegistryEvents,
  SENSITIVE_FIELD_CHOICES,
  type Actor,
  type PendingChange,
  type PersonView,
  type TagCommand,
  type UpdatePersonCommand,
} from '@gz/contracts';
import { conflict, isUniqueViolation, newId, Outbox, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkWrite, requireWriter, who } from '../domain/actors';
import { CHANGE_REQUEST_FIELD, needsApproval, sensitiveHits } from '../domain/change-requests';
import { diffFields, type FieldChange } from '../domain/changes';
import { todayInChina } from '../domain/dates';
import { checkIdentity, duplicateIdNumber, requireValidIdNumber, requireVersion } from '../domain/persons';
import { ChangeRequestStore } from '../persistence/change-request.store';
import { HouseholdStore } from '../persistence/household.store';
import { PersonChangeStore } from '../persistence/person-change.store';
import { EMPTY_PII, PersonStore, type PersonLock, type StoredPii } from '../persistence/person.store';
import { SensitiveFieldStore } from '../persistence/sensitive-field.store';
import { DistrictTagsService } from './district-tags.service';
import { PersonalData } from '../crypto/personal-data';
import { PersonsService } from './persons.service';

/**
 * Changing a person: fields with their trail (personal data compared in clear, recorded masked),
 * the head of the household following the relation, and tags. A caller who needs approval (a
 * grid worker) changing a field the district marks sensitive changes nothing: the whole change
 * waits as a change request.
 */
@Injectable()
export class PersonChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly persons: PersonStore,
    private readonly households: HouseholdStore,
    private readonly trail: PersonChangeStore,
    private readonly requests: ChangeRequestStore,
    private readonly sensitive: SensitiveFieldStore,
    private readonly tags: DistrictTagsService,
    private readonly reader: PersonsService,
  ) {}

  /** The change, or (named in `pendingChangeRequest`) the request it became. */
  async update(cmd: UpdatePersonCommand, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    const pending = await this.dataSource.transaction((m) => this.apply(m, cmd, a, true));
    const view = await this.reader.view(cmd.id);
    return pending ? { ...view, pendingChangeRequest: pending } : view;
  }

  /** The change in the caller's transaction; with `review`, sensitive changes by a grid worker become a request. */
  async apply(
    m: EntityManager,
    cmd: UpdatePersonCommand,
    a: Actor,
    review: boolean,
  ): Promise<PendingChange | undefined> {
    try {
      return await this.applyOrHold(m, cmd, a, review);
    } catch (error) {
      if (isUniqueViolation(error, 'person_id_number_unique')) throw duplicateIdNumber();
      throw error;
    }
  }

  async addTag(cmd: TagCommand, actor: Actor | undefined): Promise<PersonView> {
    return this.changeTags(cmd, actor, true);
  }

  async removeTag(cmd: TagCommand, actor: Actor | undefined): Promise<PersonView> {
    return this.changeTags(cmd, actor, false);
  }

  private async applyOrHold(
    m: EntityManager,
    cmd: UpdatePersonCommand,
    a: Actor,
    review: boolean,
  ): Promise<PendingChange | undefined> {
    const today = todayInChina();
    const p = checkWrite(a, await this.persons.lock(m, cmd.id), 'Person', cmd.id);
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
      const info = requireValidIdNumber(cmd.idNumber, today);
      effectiveId = info.normalized;
      const current = this.pii.open('idNumber', p.id_number_cipher, p.id_number_key_id, p.id);
      if (current !== info.normalized) {
        if (await this.persons.idNumberTaken(this.pii.idNumberIndex(info.normalized), p.id, m))
          throw duplicateIdNumber();
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
      if ((cmd.phone ?? null) !== current) phonePii = cmd.phone === null ? EMPTY_PII : this.pii.phone(cmd.phone, p.id);
    }
    const birthDate = (next.birthDate as string | undefined) ?? p.birth_date;
    const gender = (next.gender as string | undefined) ?? p.gender;
    checkIdentity(birthDate, gender, effectiveId, today);
    if (cmd.relation !== undefined && !p.household_id) {
      throw unprocessable('The person lives in no household, so has no relation to a head', { field: 'relation' });
    }
    const changes = diffFields(before, next);
    // personal data: compared in clear above, recorded masked
    if (idPii) changes.push({ field: 'idNumber', before: p.id_number_masked, after: idPii.masked });
    if (phonePii) changes.push({ field: 'phone', before: p.phone_masked, after: phonePii.masked });
    if (changes.length === 0) return undefined;
    if (review && needsApproval(a)) {
      const sensitive = await this.sensitive.of(districtOfPath(p.path), m);
      const hit = sensitiveHits(
        changes.map((c) => c.field),
        sensitive,
      );
      if (hit.length > 0) return this.hold(m, a, p, cmd, changes, hit);
    }
    const relationChange = changes.find((c) => c.field === 'relation');
    if (relationChange && p.household_id) await this.moveHead(m, a, p, relationChange);
    await this.persons.update(m, p.id, changes, { idNumber: idPii, phone: phonePii });
    await this.trail.record(m, p, a, changes);
    await this.outbox.add(m, {
      type: RegistryEvents.personChanged,
      street: p.street_code,
      actor: a,
      data: { personId: p.id, path: p.path, changed: changes.map((c) => c.field), version: p.version + 1 },
    });
    return undefined;
  }

  /**
   * Keeps a change as a pending request instead of applying it: the requested values sealed
   * (they may hold an identity number or phone), the changes as a masked preview.
   */
  private async hold(
    m: EntityManager,
    a: Actor,
    person: PersonLock,
    cmd: UpdatePersonCommand,
    changes: readonly FieldChange[],
    sensitiveFields: string[],
  ): Promise<PendingChange> {
    const id = newId();
    const values: Record<string, unknown> = {};
    for (const field of SENSITIVE_FIELD_CHOICES) if (cmd[field] !== undefined) values[field] = cmd[field];
    await this.requests.insert(m, {
      id,
      person,
      sensitiveFields,
      changes,
      values: this.pii.cipher.seal(JSON.stringify(values), CHANGE_REQUEST_FIELD, id),
      requestedBy: who(a),
    });
    await this.outbox.add(m, {
      type: RegistryEvents.changeRequested,
      street: person.street_code,
      actor: a,
      data: {
        requestId: id,
        personId: person.id,
        path: person.path,
        fields: changes.map((c) => c.field),
        sensitiveFields,
      },
    });
    return { id, sensitiveFields };
  }

  /** A person becomes (or stops being) the head of the household. */
  private async moveHead(m: EntityManager, a: Actor, p: PersonLock, change: FieldChange): Promise<void> {
    const household = await this.households.lock(m, p.household_id as string);
    if (!household) return;
    if (change.after === 'head') {
      if (household.head_person_id && household.head_person_id !== p.id && household.head_present) {
        throw conflict('The household already has a head', {
          field: 'relation',
          headPersonId: household.head_person_id,
        });
      }
      await this.households.setHead(m, household.id, p.id);
    } else if (household.head_person_id === p.id) {
      await this.households.setHead(m, household.id, null);
    }
    await this.households.bump(m, a, household, ['head']);
  }

  private async changeTags(cmd: TagCommand, actor: Actor | undefined, add: boolean): Promise<PersonView> {
    const a = requireWriter(actor);
    await this.dataSource.transaction(async (m) => {
      const p = checkWrite(a, await this.persons.lock(m, cmd.id), 'Person', cmd.id);
      if (add) await this.tags.requireKnown(p.path, [cmd.tag], 'tag', m);
      const has = p.tags.includes(cmd.tag);
      if (has === add) return; // already so: nothing changes, no event
      const tags = add ? [...p.tags, cmd.tag] : p.tags.filter((t) => t !== cmd.tag);
      await this.persons.setTags(m, p.id, tags);
      await this.trail.record(m, p, a, [{ field: 'tags', before: p.tags, after: tags }]);
      await this.outbox.add(m, {
        type: add ? RegistryEvents.tagAdded : RegistryEvents.tagRemoved,
        street: p.street_code,
        actor: a,
        data: { personId: p.id, path: p.path, tag: cmd.tag },
      });
    });
    return this.reader.view(cmd.id);
  }
}
