import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type Page,
  type RegisterRentalRequest,
  type RegistryIdRequest,
  type RentalListQuery,
  type RentalView,
} from '@gz/contracts';
import { notFound, Outbox, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { effectiveScopes } from '../domain/access';
import { checkRead, checkWrite, requireReader, requireWriter } from '../domain/actors';
import { HouseholdStore } from '../persistence/household.store';
import { pageWanted } from '../persistence/lists';
import { PersonStore } from '../persistence/person.store';
import { RentalStore } from '../persistence/rental.store';

/**
 * Rental houses (出租房屋): a let household with its landlord and tenants, graded on seven aspects
 * into green / yellow / red (see RentalGradesService).
 */
@Injectable()
export class RentalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly households: HouseholdStore,
    private readonly persons: PersonStore,
    private readonly rentals: RentalStore,
  ) {}

  /** Marks a household as a rental with its landlord (again: changes the landlord). */
  async register(req: RegisterRentalRequest, actor: Actor | undefined): Promise<RentalView> {
    const a = requireWriter(actor);
    await this.dataSource.transaction(async (m) => {
      const h = checkWrite(a, await this.households.lock(m, req.householdId), 'Household', req.householdId);
      if (!(await this.persons.exists(m, req.landlordPersonId)))
        throw unprocessable('The landlord is not a registered person', { field: 'landlordPersonId' });
      const type = await this.households.typeOf(m, h.id);
      await this.rentals.upsert(m, h, req.landlordPersonId, a.id);
      if (type !== 'rental') {
        await this.households.markRental(m, h.id);
        await this.households.bump(m, a, h, ['type']);
      }
      await this.outbox.add(m, {
        type: RegistryEvents.rentalRegistered,
        street: h.street_code,
        actor: a,
        data: { householdId: h.id, path: h.path, landlordPersonId: req.landlordPersonId },
      });
    });
    return this.view(req.householdId);
  }

  async get(req: RegistryIdRequest, actor: Actor | undefined): Promise<RentalView> {
    const a = requireReader(actor);
    checkRead(a, await this.rentals.placeOf(req.id), 'Rental house', req.id);
    return this.view(req.id);
  }

  /** Rental houses within the caller's scope, optionally of one colour. */
  list(query: RentalListQuery, actor: Actor | undefined): Promise<Page<RentalView>> {
    const a = requireReader(actor);
    return this.rentals.page(effectiveScopes(a.scopes, query.within), query.colour, pageWanted(query), false);
  }

  /** The red list: houses whose latest grading is red, for remediation, each with its grading history. */
  redList(query: RentalListQuery, actor: Actor | undefined): Promise<Page<RentalView>> {
    const a = requireReader(actor);
    return this.rentals.page(effectiveScopes(a.scopes, query.within), 'red', pageWanted(query), true);
  }

  private async view(householdId: string): Promise<RentalView> {
    const view = await this.rentals.view(householdId, true);
    if (!view) throw notFound('Rental house', { id: householdId });
    return view;
  }
}
