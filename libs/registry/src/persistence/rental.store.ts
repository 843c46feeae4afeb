import { Injectable } from '@nestjs/common';
import type { Page, RentalColour, RentalGradeView, RentalScores, RentalView } from '@gz/contracts';
import { Params, readPage, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { PageWanted } from './lists';
import {
  gradeView,
  RENTAL_COLUMNS,
  RENTAL_FROM,
  rentalView,
  type GradeRow,
  type RentalRow,
  type TenantRow,
} from './rental.views';

/** A rental house locked for a grading, with its colour before it. */
export interface RentalLock {
  household_id: string;
  path: string;
  street_code: string;
  colour: RentalColour | null;
}

export interface NewGrade {
  id: string;
  house: RentalLock;
  scores: RentalScores;
  total: number;
  colour: RentalColour;
  notes: string | null;
  gradedBy: { id: string; name: string | null };
}

/** Rental houses, their landlords and tenants, and their gradings (history, never overwritten). */
@Injectable()
export class RentalStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The household is let by the landlord (again: the landlord changes). */
  async upsert(
    m: EntityManager,
    household: { id: string; path: string; street_code: string },
    landlordPersonId: string,
    by: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO "registry".rental (household_id, landlord_person_id, street_code, path, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (household_id) DO UPDATE SET landlord_person_id = excluded.landlord_person_id, updated_at = now()`,
      [household.id, landlordPersonId, household.street_code, household.path, by],
    );
  }

  /** Where the rental house lies (for a scope check), undefined when the household is not let. */
  async placeOf(householdId: string): Promise<{ path: string } | undefined> {
    const [row]: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path FROM "registry".rental WHERE household_id = $1`,
      [householdId],
    );
    return row;
  }

  async lock(m: EntityManager, householdId: string): Promise<RentalLock | undefined> {
    const [row]: RentalLock[] = await m.query(
      `SELECT household_id, path, street_code, colour FROM "registry".rental WHERE household_id = $1 FOR UPDATE`,
      [householdId],
    );
    return row;
  }

  /** A new grading of the house, which then carries its total and colour. */
  async grade(m: EntityManager, g: NewGrade): Promise<void> {
    const s = g.scores;
    await m.query(
      `INSERT INTO "registry".rental_grade (id, household_id, street_code, path, population_records, hygiene, fire_safety, security,
         neighbour_relations, public_property, family_planning, total, colour, notes, graded_by, graded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        g.id,
        g.house.household_id,
        g.house.street_code,
        g.house.path,
        s.populationRecords,
        s.hygiene,
        s.fireSafety,
        s.security,
        s.neighbourRelations,
        s.publicProperty,
        s.familyPlanning,
        g.total,
        g.colour,
        g.notes,
        g.gradedBy.id,
        g.gradedBy.name,
      ],
    );
    await m.query(
      `UPDATE "registry".rental SET colour = $2, total = $3, graded_at = now(), updated_at = now() WHERE household_id = $1`,
      [g.house.household_id, g.colour, g.total],
    );
  }

  async gradeView(id: string): Promise<RentalGradeView> {
    const [row]: GradeRow[] = await this.dataSource.query(`SELECT * FROM "registry".rental_grade WHERE id = $1`, [id]);
    return gradeView(row);
  }

  /** The gradings of each house, newest first. */
  async history(householdIds: readonly string[]): Promise<Map<string, RentalGradeView[]>> {
    const rows: GradeRow[] = await this.dataSource.query(
      `SELECT * FROM "registry".rental_grade WHERE household_id = ANY($1::uuid[]) ORDER BY graded_at DESC, id DESC`,
      [householdIds],
    );
    const out = new Map<string, RentalGradeView[]>();
    for (const r of rows) out.set(r.household_id, [...(out.get(r.household_id) ?? []), gradeView(r)]);
    return out;
  }

  async view(householdId: string, withHistory: boolean): Promise<RentalView | undefined> {
    const rows: RentalRow[] = await this.dataSource.query(
      `SELECT ${RENTAL_COLUMNS} FROM ${RENTAL_FROM} WHERE r.household_id = $1`,
      [householdId],
    );
    return (await this.views(rows, withHistory))[0];
  }

  /** Rental houses within `scopes`, optionally of one colour. */
  async page(
    scopes: readonly string[],
    colour: RentalColour | undefined,
    want: PageWanted,
    withHistory: boolean,
  ): Promise<Page<RentalView>> {
    const p = new Params();
    const where = [withinScopes('r.path', scopes, p)];
    if (colour) where.push(`r.colour = ${p.add(colour)}`);
    const { rows, total } = await readPage<RentalRow>(this.dataSource, {
      columns: RENTAL_COLUMNS,
      from: `FROM ${RENTAL_FROM} WHERE ${where.join(' AND ')}`,
      orderBy: 'r.path, b.address, h.door_number, r.household_id',
      params: p.values,
      ...want,
    });
    return { items: await this.views(rows, withHistory), total, ...want };
  }

  private async views(rows: RentalRow[], withHistory: boolean): Promise<RentalView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.household_id);
    const members: TenantRow[] = await this.dataSource.query(
      `SELECT id, household_id, name, phone_masked, residence_type, employer, relation FROM "registry".person
        WHERE household_id = ANY($1::uuid[]) AND present ORDER BY name, id`,
      [ids],
    );
    const history = withHistory ? await this.history(ids) : undefined;
    return rows.map((r) => rentalView(r, members, history ? (history.get(r.household_id) ?? []) : undefined));
  }
}
