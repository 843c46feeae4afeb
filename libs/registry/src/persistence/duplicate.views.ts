import type { DuplicateStatus, DuplicateView } from '@gz/contracts';

export interface FlagRow {
  id: string;
  community: string;
  street_code: string;
  status: DuplicateStatus;
  flagged_at: Date;
  kept_person_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  a_id: string;
  a_name: string;
  a_birth: string;
  a_path: string;
  a_masked: string | null;
  a_present: boolean;
  b_id: string;
  b_name: string;
  b_birth: string;
  b_path: string;
  b_masked: string | null;
  b_present: boolean;
}

export const FLAG_COLUMNS = `f.id, f.community, f.street_code, f.status, f.flagged_at, f.kept_person_id, f.decided_by, f.decided_at,
    a.id AS a_id, a.name AS a_name, a.birth_date::text AS a_birth, a.path AS a_path, a.id_number_masked AS a_masked, a.present AS a_present,
    b.id AS b_id, b.name AS b_name, b.birth_date::text AS b_birth, b.path AS b_path, b.id_number_masked AS b_masked, b.present AS b_present`;
export const FLAG_FROM = `"registry".duplicate_flag f JOIN "registry".person a ON a.id = f.person_a JOIN "registry".person b ON b.id = f.person_b`;

export function flagView(r: FlagRow): DuplicateView {
  const side = (k: 'a' | 'b') => ({
    id: r[`${k}_id`],
    name: r[`${k}_name`],
    birthDate: r[`${k}_birth`],
    path: r[`${k}_path`],
    idNumberMasked: r[`${k}_masked`],
    present: r[`${k}_present`],
  });
  return {
    id: r.id,
    community: r.community,
    person: side('a'),
    other: side('b'),
    status: r.status,
    flaggedAt: r.flagged_at.toISOString(),
    keptPersonId: r.kept_person_id,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}
