import { OWNER_PHONE, OWNER_ROLL_COLUMNS, type OwnerRollColumn, type OwnerRollImportProblem } from '@gz/contracts';
import { countedArea, parseSquareMetres, type CountedArea } from './area';
import { normalisePhone } from '@gz/platform';

/** One valid row of an owners' roll sheet. */
export interface RollRow {
  row: number;
  building: string;
  unit: string;
  registeredArea: number | null;
  surveyedArea: number | null;
  contractArea: number | null;
  /** null: the row names none (the unit must be known already, or another row gives one) */
  counted: CountedArea | null;
  name: string;
  phone: string | null;
  developer: boolean;
  /** who the owner is within the file: the developer, else name and phone */
  ownerKey: string;
}

export interface ParsedRoll {
  rows: RollRow[];
  problems: OwnerRollImportProblem[];
  /** data rows read (blank rows skipped) */
  total: number;
}

/** A heading as matched: case, spaces, _ and - ignored. */
const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
const YES = new Set(['是', 'y', 'yes', 'true', '1', '开发商']);
const NO = new Set(['', '否', 'n', 'no', 'false', '0']);

/** The owner's key within one compound: the developer is one owner, others are their name and phone. */
export function ownerKeyOf(name: string, phone: string | null, developer: boolean): string {
  return developer ? 'developer' : `${name}\u0000${phone ? normalisePhone(phone) : ''}`;
}

/**
 * Reads an owners' roll sheet (heading row first): which column is which, then each row checked
 * on its own and against the others (a unit named twice with other areas). Problems name the
 * row and the column; a row with any problem is refused.
 */
export function parseOwnerRoll(cells: readonly string[][]): ParsedRoll {
  const [header = [], ...data] = cells;
  const index = new Map<OwnerRollColumn, number>();
  const problems: OwnerRollImportProblem[] = [];
  header.forEach((h, i) => {
    const n = norm(h);
    const col = OWNER_ROLL_COLUMNS.find((c) => norm(c.heading) === n || c.aliases.some((a) => norm(a) === n));
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  for (const c of OWNER_ROLL_COLUMNS)
    if (c.required && !index.has(c.key))
      problems.push({ row: 1, field: c.heading, reason: `the column ${c.heading} (${c.aliases[0]}) is missing` });
  if (problems.length > 0)
    return { rows: [], problems, total: data.filter((r) => r.some((c) => c.trim() !== '')).length };

  const rows: RollRow[] = [];
  const units = new Map<string, RollRow>();
  const owned = new Set<string>();
  let total = 0;
  data.forEach((cellsOfRow, i) => {
    const row = i + 2;
    if (cellsOfRow.every((c) => c.trim() === '')) return;
    total++;
    const cell = (k: OwnerRollColumn) => {
      const at = index.get(k);
      return at === undefined ? '' : (cellsOfRow[at] ?? '').trim();
    };
    const heading = (k: OwnerRollColumn) => OWNER_ROLL_COLUMNS.find((c) => c.key === k)?.heading ?? k;
    const mine: OwnerRollImportProblem[] = [];
    const refuse = (k: OwnerRollColumn, reason: string) => mine.push({ row, field: heading(k), reason });

    const building = cell('building');
    if (building.length < 1 || building.length > 50)
      refuse('building', 'a building name of 1 to 50 characters is required');
    const unit = cell('unit');
    if (unit.length < 1 || unit.length > 30) refuse('unit', 'a unit number of 1 to 30 characters is required');
    const name = cell('name');
    if (name.length < 1 || name.length > 100) refuse('name', "the owner's name (1 to 100 characters) is required");
    const phoneText = cell('phone').replace(/\s/g, '');
    if (phoneText !== '' && !OWNER_PHONE.test(phoneText))
      refuse('phone', 'not a mobile number (11 digits) or a landline with area code');
    const devText = cell('developer').toLowerCase();
    if (!YES.has(devText) && !NO.has(devText)) refuse('developer', '是 or 否 (yes or no)');
    const areas = (['registeredArea', 'surveyedArea', 'contractArea'] as const).map((k) => {
      const v = parseSquareMetres(cell(k));
      if (v === undefined) refuse(k, 'an area in m², e.g. 89.75 (at most two decimals)');
      return v ?? null;
    });
    if (mine.length > 0) return problems.push(...mine);

    const [registeredArea, surveyedArea, contractArea] = areas;
    const developer = YES.has(devText);
    const phone = phoneText === '' ? null : phoneText;
    const r: RollRow = {
      row,
      building,
      unit,
      registeredArea,
      surveyedArea,
      contractArea,
      counted: countedArea({ registeredArea, surveyedArea, contractArea }),
      name,
      phone,
      developer,
      ownerKey: ownerKeyOf(name, phone, developer),
    };
    const unitKey = `${building}\u0000${unit}`;
    const before = units.get(unitKey);
    if (
      before &&
      (before.registeredArea !== registeredArea ||
        before.surveyedArea !== surveyedArea ||
        before.contractArea !== contractArea)
    ) {
      if (r.registeredArea !== null || r.surveyedArea !== null || r.contractArea !== null)
        return problems.push({
          row,
          field: heading('registeredArea'),
          reason: `row ${before.row} gives unit ${building} ${unit} other areas`,
        });
    }
    if (before && (before.developer || developer) && before.ownerKey !== r.ownerKey)
      return problems.push({
        row,
        field: heading('developer'),
        reason: `an unsold unit of the developer has no other owner (row ${before.row})`,
      });
    if (owned.has(`${unitKey}\u0000${r.ownerKey}`))
      return problems.push({
        row,
        field: heading('name'),
        reason: `this owner of ${building} ${unit} is already on row ${before?.row ?? '?'}`,
      });
    if (!before) units.set(unitKey, r);
    owned.add(`${unitKey}\u0000${r.ownerKey}`);
    rows.push(r);
  });
  return { rows, problems, total };
}
