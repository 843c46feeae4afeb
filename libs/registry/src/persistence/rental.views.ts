import type { RentalColour, RentalGradeView, RentalPersonView, RentalView } from '@gz/contracts';

export interface RentalRow {
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

export const RENTAL_COLUMNS = `r.household_id, b.address, h.door_number, r.path, r.street_code, r.colour, r.total, r.graded_at, r.created_at,
  r.landlord_person_id, l.name AS landlord_name, l.phone_masked AS landlord_phone, l.residence_type AS landlord_residence_type,
  l.employer AS landlord_employer, l.relation AS landlord_relation`;
export const RENTAL_FROM = `"registry".rental r
  JOIN "registry".household h ON h.id = r.household_id
  JOIN "registry".building b ON b.id = h.building_id
  JOIN "registry".person l ON l.id = r.landlord_person_id`;

export interface TenantRow {
  id: string;
  household_id: string;
  name: string;
  phone_masked: string | null;
  residence_type: string;
  employer: string | null;
  relation: string | null;
}

export interface GradeRow {
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

export function gradeView(r: GradeRow): RentalGradeView {
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
 * A rental house as shown: its landlord, the present members other than the landlord as tenants
 * (those floating without an employer counted, children aside), and the grading history if read.
 */
export function rentalView(
  r: RentalRow,
  members: readonly TenantRow[],
  history: readonly RentalGradeView[] | undefined,
): RentalView {
  const own = members.filter((t) => t.household_id === r.household_id && t.id !== r.landlord_person_id);
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
    tenantsWithoutEmployer: own.filter((t) => t.residence_type === 'floating' && !t.employer && t.relation !== 'child')
      .length,
    colour: r.colour,
    total: r.total,
    gradedAt: r.graded_at ? r.graded_at.toISOString() : null,
    ...(history ? { history: [...history] } : {}),
    createdAt: r.created_at.toISOString(),
  };
}
