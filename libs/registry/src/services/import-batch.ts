import { streetOfPath, RegistryEvents, type Actor } from '@gz/contracts';
import { newId, type NewEvent, type Outbox } from '@gz/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { todayInChina } from '../domain/dates';
import type { ImportRow } from '../domain/import-rows';
import { DuplicateStore } from '../persistence/duplicate.store';
import type { ImportCounts } from '../persistence/import-job.store';
import { ImportStore, type Inserted } from '../persistence/import.store';
import type { PersonalData } from '../crypto/personal-data';

/** A checked row of the file with the blind index of its identity number. */
export interface ValidRow {
  rowNo: number;
  row: ImportRow;
  index: string | null;
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const bKey = (r: { gridPath: string; address: string }) => `${r.gridPath}\u0000${r.address}`;

/**
 * Writes the rows of an import batch by batch, each in the caller's transaction, with the events
 * the single-record paths publish for the same facts (one outbox write per batch):
 * building.created, household.created, per person person.registered and person.moved_in,
 * household.changed per household that gained members, and duplicate.flagged for likely
 * duplicates. Nothing is written or published for persons already registered.
 */
export class ImportBatchWriter {
  private readonly store: ImportStore;
  private readonly duplicates: DuplicateStore;

  constructor(
    dataSource: DataSource,
    private readonly pii: PersonalData,
    private readonly outbox: Outbox,
    private readonly actor: Actor,
    readonly counts: ImportCounts = { imported: 0, unchanged: 0, buildings: 0, households: 0 },
  ) {
    this.store = new ImportStore(dataSource);
    this.duplicates = new DuplicateStore(dataSource, outbox);
  }

  async write(m: EntityManager, rows: readonly ValidRow[]): Promise<void> {
    const a = this.actor;
    const events: NewEvent[] = [];
    const on = (path: string) => ({ street: streetOfPath(path), actor: a });

    // buildings: found or created by (grid, address)
    const bFirst = new Map<string, ImportRow>();
    for (const { row } of rows) if (!bFirst.has(bKey(row))) bFirst.set(bKey(row), row);
    const bs = [...bFirst.values()];
    const bCreated = await this.store.insertBuildings(
      m,
      bs.map((r) => ({
        id: newId(),
        street: streetOfPath(r.gridPath),
        path: r.gridPath,
        address: r.address,
        name: r.buildingName,
        units: r.units,
        floors: r.floors,
      })),
      a.id,
    );
    this.counts.buildings += bCreated.length;
    for (const b of bCreated)
      events.push({
        type: RegistryEvents.buildingCreated,
        ...on(b.path),
        data: { buildingId: b.id, path: b.path, address: b.address },
      });
    const buildings = await this.store.buildingsAt(
      m,
      bs.map((r) => ({ path: r.gridPath, address: r.address })),
    );
    const buildingOf = new Map(buildings.map((b) => [`${b.path}\u0000${b.address}`, b.id]));

    // households: found or created by (building, door)
    const hKey = (r: ImportRow) => `${buildingOf.get(bKey(r))}\u0000${r.doorNumber}`;
    const hFirst = new Map<string, ImportRow>();
    for (const { row } of rows) if (!hFirst.has(hKey(row))) hFirst.set(hKey(row), row);
    const hs = [...hFirst.values()];
    const hCreated = await this.store.insertHouseholds(
      m,
      hs.map((r) => ({
        id: newId(),
        buildingId: buildingOf.get(bKey(r)) as string,
        street: streetOfPath(r.gridPath),
        path: r.gridPath,
        doorNumber: r.doorNumber,
        type: r.householdType,
      })),
      a.id,
    );
    this.counts.households += hCreated.length;
    for (const h of hCreated)
      events.push({
        type: RegistryEvents.householdCreated,
        ...on(h.path),
        data: { householdId: h.id, buildingId: h.building_id, path: h.path, type: h.type },
      });
    const households = await this.store.householdsAt(
      m,
      hs.map((r) => ({ buildingId: buildingOf.get(bKey(r)) as string, doorNumber: r.doorNumber })),
    );
    const householdOf = new Map(households.map((h) => [`${h.building_id}\u0000${h.door_number}`, h]));
    const home = (r: ImportRow) => householdOf.get(hKey(r)) as { id: string; path: string };

    // persons already registered are left as they are
    const known = await this.store.registeredIdNumbers(
      m,
      rows.filter((v) => v.index).map((v) => v.index as string),
    );
    const noId = rows.filter((v) => !v.index);
    const knownNoId = new Set<string>();
    if (noId.length > 0) {
      const found = await this.store.registeredWithoutIdNumber(m, uniq(noId.map((v) => home(v.row).id)));
      for (const f of found) knownNoId.add(`${f.household_id}\u0000${f.name}\u0000${f.birth_date}`);
    }
    const fresh = rows.filter((v) =>
      v.index ? !known.has(v.index) : !knownNoId.has(`${home(v.row).id}\u0000${v.row.name}\u0000${v.row.birthDate}`),
    );
    this.counts.unchanged += rows.length - fresh.length;
    if (fresh.length > 0) events.push(...(await this.insertPersons(m, fresh, home)));
    await this.outbox.addMany(m, events);
  }

  /** Inserts new persons with their residences, heads and household versions; answers their events. */
  private async insertPersons(
    m: EntityManager,
    fresh: readonly ValidRow[],
    home: (r: ImportRow) => { id: string; path: string },
  ): Promise<NewEvent[]> {
    const a = this.actor;
    const on = (path: string) => ({ street: streetOfPath(path), actor: a });
    const inserted = await this.store.insertPersons(
      m,
      fresh.map((v) => {
        const id = newId();
        const h = home(v.row);
        return {
          id,
          street: streetOfPath(v.row.gridPath),
          path: h.path,
          name: v.row.name,
          gender: v.row.gender,
          birthDate: v.row.birthDate,
          ethnicity: v.row.ethnicity,
          idNumber: v.row.idNumber ? this.pii.idNumber(v.row.idNumber, id) : null,
          phone: v.row.phone ? this.pii.phone(v.row.phone, id) : null,
          residenceType: v.row.residenceType,
          employer: v.row.employer,
          tags: v.row.tags,
          householdId: h.id,
          relation: v.row.relation,
        };
      }),
      a.id,
    );
    this.counts.imported += inserted.length;
    this.counts.unchanged += fresh.length - inserted.length;
    if (inserted.length === 0) return [];
    const today = todayInChina();
    const residenceIds = inserted.map(() => newId());
    await this.store.insertResidences(m, residenceIds, inserted, today, a.id);
    const bumped = await this.store.bumpHouseholds(
      m,
      uniq(inserted.map((p) => p.household_id)),
      inserted.filter((p) => p.relation === 'head'),
    );
    const events: NewEvent[] = [];
    inserted.forEach((p: Inserted, i) => {
      events.push(
        {
          type: RegistryEvents.personRegistered,
          ...on(p.path),
          data: {
            personId: p.id,
            path: p.path,
            residenceType: p.residence_type,
            tags: p.tags,
            householdId: p.household_id,
          },
        },
        {
          type: RegistryEvents.personMovedIn,
          ...on(p.path),
          data: {
            personId: p.id,
            householdId: p.household_id,
            residenceId: residenceIds[i],
            path: p.path,
            date: today,
            relation: p.relation,
          },
        },
      );
    });
    for (const h of bumped)
      events.push({
        type: RegistryEvents.householdChanged,
        ...on(h.path),
        data: { householdId: h.id, path: h.path, changed: ['members'], version: h.version },
      });
    events.push(...(await this.duplicates.flagBatch(m, a, inserted)));
    return events;
  }
}
