import { Inject, Injectable } from '@nestjs/common';
import type { Actor, ChangeListCommand, ChangeView, Page, PersonSearchQuery, PersonView } from '@gz/contracts';
import { notFound } from '@gz/platform';
import { effectiveScopes } from '../domain/access';
import { checkRead, requireReader } from '../domain/actors';
import { pageWanted } from '../persistence/lists';
import { PersonChangeStore } from '../persistence/person-change.store';
import { PersonStore } from '../persistence/person.store';
import { PersonalData } from '../crypto/personal-data';

/** Reading persons: one, a search within the caller's scope, and a person's change history. */
@Injectable()
export class PersonsService {
  constructor(
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly persons: PersonStore,
    private readonly trail: PersonChangeStore,
  ) {}

  async get(id: string, actor: Actor | undefined): Promise<PersonView> {
    const a = requireReader(actor);
    return checkRead(a, await this.persons.view(id), 'Person', id);
  }

  /** Persons within the caller's scope; exact identity number and phone are found through their blind indexes. */
  search(query: PersonSearchQuery, actor: Actor | undefined): Promise<Page<PersonView>> {
    const a = requireReader(actor);
    return this.persons.search(
      effectiveScopes(a.scopes, query.within),
      {
        idNumberIndex: query.idNumber ? this.pii.idNumberIndex(query.idNumber) : undefined,
        phoneIndex: query.phone ? this.pii.phoneIndex(query.phone) : undefined,
        name: query.name ? query.name.trim() : undefined,
        address: query.address ? query.address.trim() : undefined,
        tag: query.tag,
        residenceType: query.residenceType,
        householdId: query.householdId,
        includeMovedOut: query.includeMovedOut === true,
      },
      pageWanted(query),
    );
  }

  /** The person's field-by-field history, newest first. */
  async changes(cmd: ChangeListCommand, actor: Actor | undefined): Promise<Page<ChangeView>> {
    const a = requireReader(actor);
    checkRead(a, await this.persons.placeOf(cmd.id), 'Person', cmd.id);
    return this.trail.page(cmd.id, pageWanted(cmd, 50));
  }

  /** The person as shown after a change. */
  async view(id: string): Promise<PersonView> {
    const view = await this.persons.view(id);
    if (!view) throw notFound('Person', { id });
    return view;
  }
}
