import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type GradeRentalCommand,
  type Page,
  type RegisterRentalRequest,
  type RegistryIdRequest,
  type RentalColour,
  type RentalGradedEvent,
  type RentalGradeView,
  type RentalListQuery,
  type RentalPersonView,
  type RentalView,
} from '@gz/contracts';
import { newId, notFound, Outbox, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { checkRead, checkWrite, requireReader, requireWriter, who } from './actors';
import { effectiveScopes, scopeSql } from './domain/access';
import { gradeRental } from './domain/rental-grade';
import { bumpHousehold, lockHousehold } from './persons.service';
import { Params } from './sql';

interface RentalRow {
  household_id: string;
  address: string;
  door_number: string;
  path: string;
  street_code: string;
  colour: RentalColour | null;
  total: number | null;
  graded_at: Date | null;
  created_at: Date;
  landlord_person_id: string;
  landlord_name: string;
  landlord_phone: string | null;
  landlord_residence_type: string;
  landlord_employer: string | null;
  landlord_relation: string | null;
}

const RENTAL_COLUMNS = `r.household_id, b.address, h.door_number, r.path, r.street_code, r.colour, r.total, r.graded_at, r.created_at,
  r.landlord_person_id, l.name AS landlord_name, l.phone_masked AS landlord_phone, l.residence_type AS landlord_residence_type,
  l.employer AS landlord_employer, l.relation AS landlord_relation`;
const RENTAL_FROM = `"registry".rental r
  JOIN "registry".household h ON h.id = r.household_id
  JOIN "registry".building b ON b.id = h.building_id
  JOIN "registry".person l ON l.id = r.landlord_person_id`;

interface TenantRow {
  id: string;
  household_id: string;
  name: string;
  phone_masked: string | null;
  residence_type: string;
  employer: string | null;
  relation: string | null;
}

interface GradeRow {
  id: string;
  household_id: string;
  population_records: number;
  hygiene: number;
  fire_safety: number;
  security: number;
  neighbour_relations: number;
  public_property: number;
  family_planning: number;
  total: number;
  colour: RentalColour;
  notes: string | null;
  graded_by: string;
  graded_by_name: string | null;
  graded_at: Date;
}

function gradeView(r: GradeRow): RentalGradeView {
  return {
    id: r.id,
    householdId: r.household_id,
    scores: {
      populationRecords: r.population_records,
      hygiene: r.hygiene,
      fireSafety: r.fire_safety,
      security: r.security,
      neighbourRelations: r.neighbour_relations,
      publicProperty: r.public_property,
      familyPlanning: r.family_planning,
    },
    total: r.total,
    colour: r.colour,
    notes: r.notes,
    gradedBy: r.graded_by,
    gradedByName: r.graded_by_name,
    gradedAt: r.graded_at.toISOString(),
  };
}

const tenantView = (t: TenantRow): RentalPersonView => ({
  id: t.id,
  name: t.name,
  phone: t.phone_masked,
  residenceType: t.residence_type,
  employer: t.employer,
  relation: t.relation,
});

/**
 * Rental houses (出租房屋): a let household with its landlord and tenants, graded on seven aspects
 * into green / yellow / red. Gradings are history (append-only); the house carries the latest.
 */
@Injectable()
export class RentalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Marks a household as a rental with its landlord (again: changes the landlord). */
  async register(req: RegisterRentalRequest, actor: Actor | undefined): Promise<RentalView> {
    const a = requireWriter(actor);
    await this.dataSource.transaction(async (m) => {
      const h = checkWrite(a, await lockHousehold(m, req.householdId), 'Household', req.householdId);
      const [landlord]: Array<{ id: string }> = await m.query(`SELECT id FROM "registry".person WHERE id = $1`, [
        req.landlordPersonId,
      ]);
      if (!landlord) throw unprocessable('The landlord is not a registered person', { field: 'landlordPersonId' });
      const [{ type }]: Array<{ type: string }> = await m.query(`SELECT type FROM "registry".household WHERE id = $1`, [
        h.id,
      ]);
      await m.query(
        `INSERT INTO "registry".rental (household_id, landlord_person_id, street_code, path, created_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (household_id) DO UPDATE SET landlord_person_id = excluded.landlord_person_id, updated_at = now()`,
        [h.id, req.landlordPersonId, h.street_code, h.path, a.id],
      );
      if (type !== 'rental') {
        await m.query(`UPDATE "registry".household SET type = 'rental' WHERE id = $1`, [h.id]);
        await bumpHousehold(m, this.outbox, a, h, ['type']);
      }
      await this.outbox.add(m, {
        type: RegistryEvents.rentalRegistered,
        street: h.street_code,
        actor: a,
        data: { householdId: h.id, path: h.path, landlordPersonId: req.landlordPersonId },
      });
    });
    return this.view(req.householdId, true);
  }

  async get(req: RegistryIdRequest, actor: Actor | undefined): Promise<RentalView> {
    const a = requireReader(actor);
    const [row]: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path FROM "registry".rental WHERE household_id = $1`,
      [req.id],
    );
    checkRead(a, row, 'Rental house', req.id);
    return this.view(req.id, true);
  }

  /** Rental houses within the caller's scope, optionally of one colour. */
  async list(query: RentalListQuery, actor: Actor | undefined, withHistory = false): Promise<Page<RentalView>> {
    const a = requireReader(actor);
    const p = new Params();
    const where = [scopeSql('r.path', effectiveScopes(a.scopes, query.within), p.add)];
    if (query.colour) where.push(`r.colour = ${p.add(query.colour)}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<RentalRow & { total_count: number }> = await this.dataSource.query(
      `SELECT ${RENTAL_COLUMNS}, count(*) OVER ()::int AS total_count FROM ${RENTAL_FROM}
        WHERE ${where.join(' AND ')} ORDER BY r.path, b.address, h.door_number, r.household_id
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: await this.views(rows, withHistory), total: rows[0]?.total_count ?? 0, page, pageSize };
  }

  /** The red list: houses whose latest grading is red, for remediation, each with its grading history. */
  redList(query: RentalListQuery, actor: Actor | undefined): Promise<Page<RentalView>> {
    return this.list({ ...query, colour: 'red' }, actor, true);
  }

  /** Grades a rental house on the seven aspects; a new row of history, and `rental.graded`. */
  async grade(cmd: GradeRentalCommand, actor: Actor | undefined): Promise<RentalGradeView> {
    const a = requireWriter(actor);
    const { total, colour } = gradeRental(cmd);
    const id = newId();
    const w = who(a);
    await this.dataSource.transaction(async (m) => {
      const [row]: Array<{ household_id: string; path: string; street_code: string; colour: RentalColour | null }> =
        await m.query(
          `SELECT household_id, path, street_code, colour FROM "registry".rental WHERE household_id = $1 FOR UPDATE`,
          [cmd.id],
        );
      const r = checkWrite(a, row, 'Rental house', cmd.id);
      await m.query(
        `INSERT INTO "registry".rental_grade (id, household_id, street_code, path, population_records, hygiene, fire_safety, security,
           neighbour_relations, public_property, family_planning, total, colour, notes, graded_by, graded_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          id,
          r.household_id,
          r.street_code,
          r.path,
          cmd.populationRecords,
          cmd.hygiene,
          cmd.fireSafety,
          cmd.security,
          cmd.neighbourRelations,
          cmd.publicProperty,
          cmd.familyPlanning,
          total,
          colour,
          cmd.notes?.trim() ?? null,
          w.id,
          w.name,
        ],
      );
      await m.query(
        `UPDATE "registry".rental SET colour = $2, total = $3, graded_at = now(), updated_at = now() WHERE household_id = $1`,
        [r.household_id, colour, total],
      );
      await this.outbox.add(m, {
        type: RegistryEvents.rentalGraded,
        street: r.street_code,
        actor: a,
        data: { householdId: r.household_id, gradeId: id, path: r.path, total, colour, previousColour: r.colour },
      });
    });
    const [row]: GradeRow[] = await this.dataSource.query(`SELECT * FROM "registry".rental_grade WHERE id = $1`, [id]);
    return gradeView(row);
  }

  /** The grading history of a house, newest first. */
  async grades(req: RegistryIdRequest, actor: Actor | undefined): Promise<RentalGradeView[]> {
    const a = requireReader(actor);
    const [row]: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path FROM "registry".rental WHERE household_id = $1`,
      [req.id],
    );
    checkRead(a, row, 'Rental house', req.id);
    return (await this.history([req.id])).get(req.id) ?? [];
  }

  private async view(householdId: string, withHistory: boolean): Promise<RentalView> {
    const rows: RentalRow[] = await this.dataSource.query(
      `SELECT ${RENTAL_COLUMNS} FROM ${RENTAL_FROM} WHERE r.household_id = $1`,
      [householdId],
    );
    if (rows.length === 0) throw notFound('Rental house', { id: householdId });
    return (await this.views(rows, withHistory))[0];
  }

  private async views(rows: RentalRow[], withHistory: boolean): Promise<RentalView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.household_id);
    const tenants: TenantRow[] = await this.dataSource.query(
      `SELECT id, household_id, name, phone_masked, residence_type, employer, relation FROM "registry".person
        WHERE household_id = ANY($1::uuid[]) AND present ORDER BY name, id`,
      [ids],
    );
    const history = withHistory ? await this.history(ids) : undefined;
    return rows.map((r) => {
      const own = tenants.filter((t) => t.household_id === r.household_id && t.id !== r.landlord_person_id);
      return {
        householdId: r.household_id,
        address: r.address,
        doorNumber: r.door_number,
        path: r.path,
        street: r.street_code,
        landlord: {
          id: r.landlord_person_id,
          name: r.landlord_name,
          phone: r.landlord_phone,
          residenceType: r.landlord_residence_type,
          employer: r.landlord_employer,
          relation: r.landlord_relation,
        },
        tenants: own.map(tenantView),
        tenantsWithoutEmployer: own.filter(
          (t) => t.residence_type === 'floating' && !t.employer && t.relation !== 'child',
        ).length,
        colour: r.colour,
        total: r.total,
        gradedAt: r.graded_at ? r.graded_at.toISOString() : null,
        ...(history ? { history: history.get(r.household_id) ?? [] } : {}),
        createdAt: r.created_at.toISOString(),
      };
    });
  }

  private async history(ids: string[]): Promise<Map<string, RentalGradeView[]>> {
    const rows: GradeRow[] = await this.dataSource.query(
      `SELECT * FROM "registry".rental_grade WHERE household_id = ANY($1::uuid[]) ORDER BY graded_at DESC, id DESC`,
      [ids],
    );
    const out = new Map<string, RentalGradeView[]>();
    for (const r of rows) out.set(r.household_id, [...(out.get(r.household_id) ?? []), gradeView(r)]);
    return out;
  }
}
