import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  personOf,
  type Actor,
  type OwnerRollImportCommand,
  type OwnerRollImportProblem,
  type OwnerRollImportReport,
} from '@gz/contracts';
import { Clock, newId, Outbox, requireActor } from '@gz/platform';
import { DataSource } from 'typeorm';
import { PhoneCipher } from '../crypto/phone-cipher';
import { parseOwnerRoll, type RollRow } from '../domain/owner-roll-import';
import { maskPhone } from '@gz/platform';
import { ImportStore } from '../persistence/import.store';
import { OwnerStore, type OwnerChange } from '../persistence/owner.store';
import { UnitStore, type NewUnit } from '../persistence/unit.store';
import type { BuildingRow, OwnerRow } from '../persistence/views';
import { CompoundsService } from './compounds.service';

const sameAreas = (
  a: { registered_area: number | null; surveyed_area: number | null; contract_area: number | null },
  r: RollRow,
) =>
  (r.registeredArea === null && r.surveyedArea === null && r.contractArea === null) ||
  (a.registered_area === r.registeredArea && a.surveyed_area === r.surveyedArea && a.contract_area === r.contractArea);

/**
 * Imports a compound's owners' roll from a sheet (CSV or XLSX, read by the gateway): buildings
 * and units made when new, owners matched by name and phone (the phone through its blind index;
 * the developer is one owner), ownership added. `all-or-nothing` writes nothing when any row is
 * refused; `valid-rows` writes the valid ones. Importing the same sheet again changes nothing.
 */
@Injectable()
export class OwnerRollImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly compounds: CompoundsService,
    private readonly units: UnitStore,
    private readonly owners: OwnerStore,
    private readonly imports: ImportStore,
    private readonly cipher: PhoneCipher,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async import(cmd: OwnerRollImportCommand, actor: Actor | undefined): Promise<OwnerRollImportReport> {
    const a = requireActor(actor);
    const c = await this.compounds.kept(cmd.compoundId, a);
    const parsed = parseOwnerRoll(cmd.cells);
    const id = newId();
    const now = this.clock.now();
    const by = a.username ?? a.id;

    return this.dataSource.transaction(async (m) => {
      // one import of a compound at a time, so two uploads do not make a building twice
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gz-councils-roll-${c.id}`]);
      const problems: OwnerRollImportProblem[] = [...parsed.problems];
      const buildings = new Map((await this.units.buildingsOf(m, c.id)).map((b) => [b.name, b]));
      const unitsByKey = new Map(
        (await this.units.unitsOf(m, c.id)).map((u) => [`${u.building_name}\u0000${u.number}`, u]),
      );
      const ownerKey = (name: string, index: string | null, developer: boolean) =>
        developer ? 'developer' : `${name}\u0000${index ?? ''}`;
      const ownersByKey = new Map(
        (await this.owners.ownersOf(m, c.id)).map((o) => [ownerKey(o.name, o.phone_index, o.developer), o]),
      );

      // Rows checked against the roll as it stands.
      const valid: RollRow[] = [];
      const newUnitAreas = new Map<string, RollRow>();
      for (const r of parsed.rows) {
        const key = `${r.building}\u0000${r.unit}`;
        const known = unitsByKey.get(key);
        if (known && !sameAreas(known, r)) {
          problems.push({
            row: r.row,
            field: '登记面积',
            reason: `unit ${r.building} ${r.unit} is on the roll with other areas: edit it there`,
          });
          continue;
        }
        if (!known && !r.counted && !newUnitAreas.has(key)) {
          problems.push({
            row: r.row,
            field: '登记面积',
            reason: `unit ${r.building} ${r.unit} is new: give its registered, surveyed or contract area`,
          });
          continue;
        }
        if (!known && r.counted) newUnitAreas.set(key, r);
        valid.push(r);
      }
      problems.sort((x, y) => x.row - y.row);
      const refusedRows = new Set(problems.filter((p) => p.row > 1).map((p) => p.row)).size;
      const headingRefused = problems.some((p) => p.row === 1);
      const rejected = headingRefused || (cmd.mode === 'all-or-nothing' && problems.length > 0);
      const report: OwnerRollImportReport = {
        id,
        mode: cmd.mode,
        status: rejected ? 'rejected' : 'done',
        rows: parsed.total,
        valid: rejected ? 0 : valid.length,
        refused: rejected ? parsed.total : refusedRows,
        ownersCreated: 0,
        unitsCreated: 0,
        buildingsCreated: 0,
        ownershipsAdded: 0,
        problems: problems.slice(0, 1000),
      };
      if (rejected) {
        await this.imports.insert(m, { id, compoundId: c.id, mode: cmd.mode, status: 'rejected', report, by, at: now });
        return report;
      }

      const newBuildings: BuildingRow[] = [];
      const newUnits: NewUnit[] = [];
      const newOwners: OwnerRow[] = [];
      const pairs: Array<{ unitId: string; ownerId: string }> = [];
      for (const r of valid) {
        let b = buildings.get(r.building);
        if (!b) {
          b = { id: newId(), compound_id: c.id, name: r.building, created_at: now };
          buildings.set(b.name, b);
          newBuildings.push(b);
        }
        const key = `${r.building}\u0000${r.unit}`;
        let unitId = unitsByKey.get(key)?.id ?? newUnits.find((u) => u.buildingId === b.id && u.number === r.unit)?.id;
        if (!unitId) {
          const first = newUnitAreas.get(key) as RollRow;
          const counted = first.counted as NonNullable<RollRow['counted']>;
          unitId = newId();
          newUnits.push({
            id: unitId,
            compoundId: c.id,
            buildingId: b.id,
            number: r.unit,
            registeredArea: first.registeredArea,
            surveyedArea: first.surveyedArea,
            contractArea: first.contractArea,
            area: counted.area,
            areaSource: counted.source,
            developerUnsold: first.developer,
            at: now,
          });
        }
        const index = r.phone ? this.cipher.index(r.phone) : null;
        const oKey = ownerKey(r.name, index, r.developer);
        let owner = ownersByKey.get(oKey);
        if (!owner) {
          const ownerId = newId();
          owner = {
            id: ownerId,
            compound_id: c.id,
            name: r.name,
            phone_sealed: r.phone ? this.cipher.seal(r.phone, ownerId) : null,
            phone_masked: r.phone ? maskPhone(r.phone) : null,
            phone_index: index,
            developer: r.developer,
            user_id: null,
            version: 1,
            created_at: now,
            updated_at: now,
          };
          ownersByKey.set(oKey, owner);
          newOwners.push(owner);
        }
        pairs.push({ unitId, ownerId: owner.id });
      }
      for (const b of newBuildings) await this.units.insertBuilding(m, b);
      await this.units.insertUnits(m, newUnits);
      await this.owners.insertMany(m, newOwners);
      const added = await this.owners.addOwnerships(m, pairs, now);
      const changes: OwnerChange[] = newOwners.map((o) => ({
        ownerId: o.id,
        change: 'imported',
        fields: [
          { field: 'name', from: null, to: o.name },
          ...(o.phone_masked ? [{ field: 'phone', from: null, to: o.phone_masked }] : []),
        ],
        by,
        at: now,
      }));
      await this.owners.addChanges(m, changes);
      Object.assign(report, {
        ownersCreated: newOwners.length,
        unitsCreated: newUnits.length,
        buildingsCreated: newBuildings.length,
        ownershipsAdded: added,
      });
      await this.imports.insert(m, { id, compoundId: c.id, mode: cmd.mode, status: 'done', report, by, at: now });
      // A re-import that changes nothing publishes nothing.
      if (newOwners.length + newUnits.length + added > 0)
        await this.outbox.add(m, {
          type: CouncilsEvents.ownerRollImported,
          street: c.street_code,
          actor: a,
          data: {
            compoundId: c.id,
            street: c.street_code,
            communityPath: c.community_path,
            importId: id,
            mode: cmd.mode,
            rows: report.rows,
            ownersCreated: report.ownersCreated,
            unitsCreated: report.unitsCreated,
            ownershipsAdded: added,
            refused: report.refused,
            by: personOf(a),
            at: now.toISOString(),
          },
        });
      return report;
    });
  }
}
