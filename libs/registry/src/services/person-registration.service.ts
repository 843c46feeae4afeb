import { Inject, Injectable } from '@nestjs/common';
import { RegistryEvents, streetOfPath, type Actor, type CreatePersonRequest, type PersonView } from '@gz/contracts';
import { conflict, isUniqueViolation, newId, notFound, OrgGrids, Outbox, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { checkWritePath, requireWriter } from '../domain/actors';
import { todayInChina } from '../domain/dates';
import { checkMoveDate, checkNewPersonPlace, identityOfNewPerson, duplicateIdNumber } from '../domain/persons';
import { DuplicateStore } from '../persistence/duplicate.store';
import { HouseholdStore, type HouseholdLockRow } from '../persistence/household.store';
import { EMPTY_PII, PersonStore } from '../persistence/person.store';
import { ResidenceStore } from '../persistence/residence.store';
import { DistrictTagsService } from './district-tags.service';
import { PersonalData } from '../crypto/personal-data';
import { PersonsService } from './persons.service';

/**
 * Registering a person: in a household (a move-in is recorded, the household gains a member) or
 * in a grid; likely duplicates are flagged in the same transaction.
 */
@Injectable()
export class PersonRegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly grids: OrgGrids,
    private readonly persons: PersonStore,
    private readonly households: HouseholdStore,
    private readonly residences: ResidenceStore,
    private readonly duplicates: DuplicateStore,
    private readonly tags: DistrictTagsService,
    private readonly reader: PersonsService,
  ) {}

  async create(req: CreatePersonRequest, actor: Actor | undefined): Promise<PersonView> {
    const a = requireWriter(actor);
    checkNewPersonPlace(req);
    const today = todayInChina();
    const { idNumber, birthDate, gender } = identityOfNewPerson(req, today);
    const movedInOn = req.movedInOn ?? today;
    if (req.householdId) checkMoveDate(movedInOn, birthDate, today, 'movedInOn');
    else if (req.gridPath) {
      // a person without a household lives in the grid given, which must exist in identity's tree
      checkWritePath(a, req.gridPath);
      await this.grids.require(req.gridPath);
    }
    if (idNumber && (await this.persons.idNumberTaken(this.pii.idNumberIndex(idNumber)))) throw duplicateIdNumber();

    const id = newId();
    const name = req.name.trim();
    const tags = req.tags ?? [];
    try {
      await this.dataSource.transaction(async (m) => {
        let household: HouseholdLockRow | undefined;
        if (req.householdId) {
          household = await this.households.lock(m, req.householdId);
          if (!household) throw notFound('Household', { id: req.householdId });
          if (req.gridPath && req.gridPath !== household.path) {
            throw unprocessable(`The household lies in ${household.path}, not in ${req.gridPath}`, {
              field: 'gridPath',
            });
          }
        }
        const path = household?.path ?? (req.gridPath as string);
        checkWritePath(a, path);
        const relation = household ? (req.relation ?? 'other') : null;
        if (household && relation === 'head' && household.head_person_id && household.head_present) {
          throw conflict('The household already has a head', {
            field: 'relation',
            headPersonId: household.head_person_id,
          });
        }
        const street = streetOfPath(path);
        await this.persons.insert(m, {
          id,
          street,
          path,
          name,
          gender,
          birthDate,
          ethnicity: req.ethnicity ?? '汉族',
          idNumber: idNumber ? this.pii.idNumber(idNumber, id) : EMPTY_PII,
          phone: req.phone ? this.pii.phone(req.phone, id) : EMPTY_PII,
          residenceType: req.residenceType,
          employer: req.employer ?? null,
          tags,
          householdId: household?.id ?? null,
          relation,
          createdBy: a.id,
        });
        await this.outbox.add(m, {
          type: RegistryEvents.personRegistered,
          street,
          actor: a,
          data: { personId: id, path, residenceType: req.residenceType, tags, householdId: household?.id ?? null },
        });
        await this.tags.requireKnown(path, tags, 'tags', m);
        await this.duplicates.flagLikely(m, a, {
          id,
          path,
          street_code: street,
          name,
          birth_date: birthDate,
          has_id: Boolean(idNumber),
        });
        if (household) {
          const residenceId = newId();
          await this.residences.insert(m, {
            id: residenceId,
            personId: id,
            householdId: household.id,
            street,
            path,
            relation,
            movedInOn,
            reason: 'registered',
            recordedBy: a.id,
          });
          if (relation === 'head') await this.households.setHead(m, household.id, id);
          await this.households.bump(m, a, household, ['members']);
          await this.outbox.add(m, {
            type: RegistryEvents.personMovedIn,
            street,
            actor: a,
            data: { personId: id, householdId: household.id, residenceId, path, date: movedInOn, relation },
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error, 'person_id_number_unique')) throw duplicateIdNumber();
      throw error;
    }
    return this.reader.view(id);
  }
}
