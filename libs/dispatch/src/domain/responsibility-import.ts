import {
  ORG_PATH,
  pathWithin,
  RESPONSIBILITY_COLUMNS,
  RULE_CATEGORY,
  STREET_CODE,
  type DepartmentRef,
  type ResponsibilityImportError,
  type ResponsibilityColumn,
  type ResponsibilityRuleInput,
  type ResponsibilitySheetRow,
} from '@gz/contracts';

const DEPARTMENT_CELL = /^(.+?)\s*[（(]\s*([^()（）\s]+)\s*[)）]$/;
const LIST_SEPARATOR = /[,，、;；\n]/;
const MAX_CO = 10;

/** A cell's text as a reason quotes it: a long cell is cut, so that the report stays small. */
const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

export interface ImportContext {
  /** the street's org path when the caller may publish its list; null otherwise */
  streetPath(street: string): string | null;
  /** names of departments already known (from the lists in force), for cells that give a bare path */
  names: ReadonlyMap<string, string>;
}

export interface ValidRow {
  row: number;
  street: string;
  /** the street's org path, as the context gave it */
  streetPath: string;
  rule: ResponsibilityRuleInput & { orgPath: string; co: DepartmentRef[] };
}

export interface SheetCheck {
  /** data rows read (blank rows skipped) */
  rows: number;
  valid: ValidRow[];
  errors: ResponsibilityImportError[];
  /** a fault of the whole file (a missing column): nothing can be imported */
  fatal: boolean;
}

const heading = (key: ResponsibilityColumn) => RESPONSIBILITY_COLUMNS.find((c) => c.key === key)!.heading;
const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Which cell holds which column: by heading, Chinese or English, in any order. */
export function mapHeader(header: readonly string[]): {
  index: Partial<Record<ResponsibilityColumn, number>>;
  errors: ResponsibilityImportError[];
} {
  const index: Partial<Record<ResponsibilityColumn, number>> = {};
  const errors: ResponsibilityImportError[] = [];
  header.forEach((cell, i) => {
    const h = norm(cell);
    if (!h) return;
    const col = RESPONSIBILITY_COLUMNS.find((c) => norm(c.heading) === h || c.aliases.some((a) => a === h));
    if (!col) return; // other columns (notes) are ignored
    if (index[col.key] !== undefined) errors.push({ row: 1, column: cell.trim(), reason: 'the column appears twice' });
    else index[col.key] = i;
  });
  for (const key of ['street', 'category', 'lead'] as const)
    if (index[key] === undefined)
      errors.push({ row: 1, column: heading(key), reason: `missing column ${heading(key)} (${key})` });
  return { index, errors };
}

/** A department cell: `名称 (path)`, or a bare path whose name is known. */
export function parseDepartment(
  cell: string,
  names: ReadonlyMap<string, string>,
): { department: DepartmentRef } | { reason: string } {
  const text = cell.trim();
  const m = DEPARTMENT_CELL.exec(text);
  const [name, path] = m ? [m[1].trim(), m[2].trim()] : [names.get(text), text];
  if (!ORG_PATH.test(path))
    return { reason: `"${shown(text)}" is not a department: write 名称 (path), e.g. 区环卫局 (d01.dep-sanitation)` };
  if (!name) return { reason: `the name of ${path} is not known: write 名称 (${path})` };
  if (name.length > 60) return { reason: `the name of ${path} is longer than 60 characters` };
  return { department: { path, name } };
}

/**
 * Checks a responsibility list sheet row by row: each error names the row (the heading is row
 * 1), the column and the reason; rows without error become rules. Pure.
 */
export function checkSheet(
  header: readonly string[],
  rows: readonly ResponsibilitySheetRow[],
  ctx: ImportContext,
): SheetCheck {
  const { index, errors: headerErrors } = mapHeader(header);
  if (headerErrors.length > 0) return { rows: rows.length, valid: [], errors: headerErrors, fatal: true };
  const cell = (r: ResponsibilitySheetRow, key: ResponsibilityColumn) => {
    const i = index[key];
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const errors: ResponsibilityImportError[] = [];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  let count = 0;
  for (const r of rows) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    count++;
    const rowErrors: ResponsibilityImportError[] = [];
    const fail = (key: ResponsibilityColumn, reason: string) =>
      rowErrors.push({ row: r.row, column: heading(key), reason });

    const street = cell(r, 'street');
    let streetPath: string | null = null;
    if (!street) fail('street', 'required');
    else if (!STREET_CODE.test(street)) fail('street', `"${shown(street)}" is not a street code (s01)`);
    else if (!(streetPath = ctx.streetPath(street))) fail('street', `outside your scope: ${street}`);

    const category = cell(r, 'category').toUpperCase();
    if (!category) fail('category', 'required');
    else if (!RULE_CATEGORY.test(category))
      fail('category', `"${shown(category)}" is not a category code (C0302), a class prefix (C03*, E*) or *`);

    let orgPath = cell(r, 'orgPath');
    if (!orgPath) orgPath = streetPath ?? '';
    else if (!ORG_PATH.test(orgPath)) fail('orgPath', `"${shown(orgPath)}" is not an org path`);
    else if (streetPath && !pathWithin(orgPath, streetPath))
      fail('orgPath', `${orgPath} does not lie within ${streetPath}`);

    let lead: DepartmentRef | undefined;
    const leadCell = cell(r, 'lead');
    if (!leadCell) fail('lead', 'required');
    else {
      const d = parseDepartment(leadCell, ctx.names);
      if ('reason' in d) fail('lead', d.reason);
      else lead = d.department;
    }

    const co: DepartmentRef[] = [];
    const coCells = cell(r, 'co')
      .split(LIST_SEPARATOR)
      .map((s) => s.trim())
      .filter(Boolean);
    if (coCells.length > MAX_CO) fail('co', `at most ${MAX_CO} co-departments`);
    else
      for (const c of coCells) {
        const d = parseDepartment(c, ctx.names);
        if ('reason' in d) fail('co', d.reason);
        else co.push(d.department);
      }
    const paths = [...(lead ? [lead.path] : []), ...co.map((d) => d.path)];
    if (new Set(paths).size !== paths.length) fail('co', 'names a department twice');

    if (rowErrors.length === 0 && streetPath && lead) {
      const key = `${street}|${category}|${orgPath}`;
      const first = seen.get(key);
      if (first !== undefined) fail('category', `the same street, category and area as row ${first}`);
      else seen.set(key, r.row);
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else valid.push({ row: r.row, street, streetPath: streetPath!, rule: { category, orgPath, lead: lead!, co } });
  }
  if (count === 0) errors.push({ row: 0, reason: 'the sheet has no data rows' });
  return { rows: count, valid, errors, fatal: count === 0 };
}
