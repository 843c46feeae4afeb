import {
  CARE_TAGS,
  districtOfPath,
  GRID_PATH,
  HOUSEHOLD_TYPES,
  PHONE,
  RELATIONS,
  RESIDENCE_TYPES,
  type HouseholdType,
  type Relation,
  type ResidenceType,
} from '@gz/contracts';
import { checkIdNumber, idNumberProblemMessage, plausibleBirthDate } from './id-number';

/**
 * Bulk import rows: one row per person, with the building and household it lives in. Headers are
 * matched in Chinese or English (case, spaces, `_` and `-` ignored); unknown columns are ignored.
 */
export interface ImportColumn {
  field: keyof ImportRow;
  headers: string[];
  required: boolean;
  note: string;
}

export const IMPORT_COLUMNS: ImportColumn[] = [
  {
    field: 'gridPath',
    headers: ['网格', '网格编码', 'grid', 'gridPath', 'grid_path'],
    required: true,
    note: 'grid path, e.g. d01.s01.c01.g01; must lie within your scope',
  },
  {
    field: 'address',
    headers: ['地址', '楼栋地址', 'address'],
    required: true,
    note: 'building address (a building is found or created by grid + address)',
  },
  {
    field: 'buildingName',
    headers: ['楼栋名称', '楼栋', 'building', 'buildingName'],
    required: false,
    note: 'building name (only used when the building is new)',
  },
  { field: 'units', headers: ['单元数', 'units'], required: false, note: 'units of a new building, 1-100 (default 1)' },
  {
    field: 'floors',
    headers: ['楼层数', 'floors'],
    required: false,
    note: 'floors of a new building, 1-200 (default 1)',
  },
  {
    field: 'doorNumber',
    headers: ['门牌号', '房号', 'door', 'doorNumber', 'door_number'],
    required: true,
    note: 'door number (a household is found or created by building + door)',
  },
  {
    field: 'householdType',
    headers: ['户类型', '户别', 'householdType', 'household_type'],
    required: false,
    note: '家庭户/集体户/出租户/空置 or family/collective/rental/vacant (default family)',
  },
  { field: 'name', headers: ['姓名', 'name'], required: true, note: 'full name' },
  {
    field: 'gender',
    headers: ['性别', 'gender'],
    required: false,
    note: '男/女 or male/female; from the identity number when given',
  },
  {
    field: 'birthDate',
    headers: ['出生日期', 'birthDate', 'birth_date'],
    required: false,
    note: 'YYYY-MM-DD (or YYYY/MM/DD, YYYYMMDD); from the identity number when given',
  },
  { field: 'ethnicity', headers: ['民族', 'ethnicity'], required: false, note: 'default 汉族' },
  {
    field: 'idNumber',
    headers: ['身份证号', '身份证号码', '公民身份号码', 'idNumber', 'id_number'],
    required: false,
    note: '18 characters, GB 11643 check digit; the key of re-import',
  },
  { field: 'phone', headers: ['电话', '联系电话', '手机', 'phone'], required: false, note: 'mobile or landline' },
  {
    field: 'residenceType',
    headers: ['居住类型', '人口类型', 'residenceType', 'residence_type'],
    required: true,
    note: '户籍/常住/流动/境外 or registered/resident/floating/foreign',
  },
  {
    field: 'employer',
    headers: ['工作单位', '单位', 'employer'],
    required: false,
    note: 'employer (floating population)',
  },
  {
    field: 'relation',
    headers: ['与户主关系', '关系', 'relation'],
    required: false,
    note: '户主/配偶/子女/儿媳女婿/父母/岳父母公婆/祖父母/孙子女/兄弟姐妹/租户/其他 or the English values (default other)',
  },
  {
    field: 'tags',
    headers: ['标签', '关爱标签', 'tags'],
    required: false,
    note: 'care tags separated by ; 、 or , (独居老人/残疾人/低保/留守儿童/退役军人/老党员/帮扶对象 or the English values, or a tag the district defined, by code or name)',
  },
];

export interface ImportRow {
  gridPath: string;
  address: string;
  buildingName: string | null;
  units: number;
  floors: number;
  doorNumber: string;
  householdType: HouseholdType;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  idNumber: string | null;
  phone: string | null;
  residenceType: ResidenceType;
  employer: string | null;
  relation: Relation;
  /** built-in or district-defined tag codes */
  tags: string[];
}

/** Tags each district defined: district code → (tag code or its name) → tag code. */
export type DistrictTags = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The lookup of `validateRow` from district_tag rows (a tag is found by its code or its name). */
export function districtTagsOf(rows: ReadonlyArray<{ district: string; code: string; name: string }>): DistrictTags {
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const m = out.get(r.district) ?? new Map<string, string>();
    m.set(r.code, r.code);
    m.set(r.name, r.code);
    out.set(r.district, m);
  }
  return out;
}

export interface RowProblem {
  /** 1-based row number in the file, the header being row 1 */
  row: number;
  field: string;
  reason: string;
}

const SYNONYMS: Record<string, Record<string, string>> = {
  gender: { 男: 'male', 女: 'female', m: 'male', f: 'female' },
  householdType: {
    家庭户: 'family',
    家庭: 'family',
    集体户: 'collective',
    集体: 'collective',
    出租户: 'rental',
    出租: 'rental',
    空置: 'vacant',
    空置户: 'vacant',
  },
  residenceType: {
    户籍: 'registered',
    户籍人口: 'registered',
    常住: 'resident',
    常住人口: 'resident',
    流动: 'floating',
    流动人口: 'floating',
    境外: 'foreign',
    境外人员: 'foreign',
    外籍: 'foreign',
  },
  relation: {
    户主: 'head',
    本人: 'head',
    配偶: 'spouse',
    妻: 'spouse',
    夫: 'spouse',
    子女: 'child',
    子: 'child',
    女: 'child',
    儿子: 'child',
    女儿: 'child',
    儿媳: 'child_in_law',
    女婿: 'child_in_law',
    儿媳女婿: 'child_in_law',
    父母: 'parent',
    父亲: 'parent',
    母亲: 'parent',
    岳父母公婆: 'parent_in_law',
    公婆: 'parent_in_law',
    岳父母: 'parent_in_law',
    祖父母: 'grandparent',
    孙子女: 'grandchild',
    孙子: 'grandchild',
    孙女: 'grandchild',
    兄弟姐妹: 'sibling',
    租户: 'tenant',
    租客: 'tenant',
    其他: 'other',
  },
  tags: {
    独居老人: 'elderly_alone',
    残疾人: 'disabled',
    低保: 'low_income',
    低保户: 'low_income',
    留守儿童: 'left_behind_child',
    退役军人: 'veteran',
    老党员: 'old_party_member',
    帮扶对象: 'under_assistance',
  },
};

const key = (h: string) => h.replace(/[\s_\-*＊]/g, '').toLowerCase();

/** Column index of each known field, and problems with the header row (missing required columns). */
export function mapHeader(header: readonly string[]): {
  columns: Partial<Record<keyof ImportRow, number>>;
  problems: RowProblem[];
} {
  const columns: Partial<Record<keyof ImportRow, number>> = {};
  const byKey = new Map<string, keyof ImportRow>();
  for (const c of IMPORT_COLUMNS) for (const h of c.headers) byKey.set(key(h), c.field);
  header.forEach((h, i) => {
    const field = byKey.get(key(String(h ?? '')));
    if (field && columns[field] === undefined) columns[field] = i;
  });
  const problems = IMPORT_COLUMNS.filter((c) => c.required && columns[c.field] === undefined).map((c) => ({
    row: 1,
    field: c.field,
    reason: `missing column ${c.headers[0]} (${c.field})`,
  }));
  return { columns, problems };
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T | undefined {
  const v = SYNONYMS[field]?.[value] ?? value.toLowerCase();
  return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

function normalizeDate(value: string): string {
  const v = value.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return v;
}

/**
 * Checks and normalises one data row (`rowNo` as in the file); answers the row or its problems.
 * Tags must be built in or defined by the district of the row's grid (`districtTags`).
 */
export function validateRow(
  cells: readonly unknown[],
  columns: Partial<Record<keyof ImportRow, number>>,
  rowNo: number,
  today: Date,
  districtTags: DistrictTags = new Map(),
): { row?: ImportRow; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ row: rowNo, field, reason });
  const get = (field: keyof ImportRow): string => {
    const i = columns[field];
    const v = i === undefined ? undefined : cells[i];
    if (v === undefined || v === null) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    return String(v).trim();
  };
  for (const c of IMPORT_COLUMNS) if (c.required && get(c.field) === '') bad(c.field, `${c.headers[0]} is required`);

  const gridPath = get('gridPath');
  if (gridPath && !GRID_PATH.test(gridPath)) bad('gridPath', 'not a grid path (district.street.community.grid)');
  const int = (field: 'units' | 'floors', max: number): number => {
    const v = get(field);
    if (v === '') return 1;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) bad(field, `must be a whole number from 1 to ${max}`);
    return n;
  };
  const units = int('units', 100);
  const floors = int('floors', 200);
  const householdType =
    get('householdType') === '' ? 'family' : oneOf('householdType', get('householdType'), HOUSEHOLD_TYPES);
  if (!householdType) bad('householdType', `must be one of ${HOUSEHOLD_TYPES.join(', ')}`);
  const residenceType =
    get('residenceType') === '' ? undefined : oneOf('residenceType', get('residenceType'), RESIDENCE_TYPES);
  if (get('residenceType') !== '' && !residenceType)
    bad('residenceType', `must be one of 户籍/常住/流动/境外 (${RESIDENCE_TYPES.join(', ')})`);
  const relation = get('relation') === '' ? 'other' : oneOf('relation', get('relation'), RELATIONS);
  if (!relation) bad('relation', `must be one of ${RELATIONS.join(', ')}`);

  let gender = get('gender') === '' ? undefined : oneOf('gender', get('gender'), ['male', 'female'] as const);
  if (get('gender') !== '' && !gender) bad('gender', 'must be 男/女 (male/female)');
  let birthDate = get('birthDate') === '' ? undefined : normalizeDate(get('birthDate'));
  if (birthDate && !plausibleBirthDate(birthDate, today)) {
    bad('birthDate', 'not a plausible birth date (YYYY-MM-DD, not before 1900, not in the future)');
    birthDate = undefined;
  }
  let idNumber: string | null = null;
  if (get('idNumber') !== '') {
    const r = checkIdNumber(get('idNumber'), today);
    if (!r.ok) bad('idNumber', `not a valid identity number: ${idNumberProblemMessage(r.problem)}`);
    else {
      idNumber = r.info.normalized;
      if (birthDate && birthDate !== r.info.birthDate)
        bad('birthDate', `does not match the identity number (${r.info.birthDate})`);
      if (gender && gender !== r.info.gender) bad('gender', 'does not match the identity number');
      birthDate = r.info.birthDate;
      gender = r.info.gender;
    }
  } else {
    if (!birthDate && !problems.some((p) => p.field === 'birthDate'))
      bad('birthDate', 'required without an identity number');
    if (!gender && !problems.some((p) => p.field === 'gender')) bad('gender', 'required without an identity number');
  }
  const phone = get('phone') === '' ? null : get('phone').replace(/\s/g, '');
  if (phone && !PHONE.test(phone)) bad('phone', 'not a mobile (11 digits) or landline (0xx-xxxxxxx) number');
  const tags: string[] = [];
  const district = districtOfPath(gridPath);
  const defined = districtTags.get(district);
  for (const t of get('tags')
    .split(/[;；、,，|]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const tag = oneOf('tags', t, CARE_TAGS) ?? defined?.get(t) ?? defined?.get(t.toLowerCase());
    if (!tag) bad('tags', `unknown tag ${t}: neither built in nor defined by ${district || 'the district'}`);
    else if (!tags.includes(tag)) tags.push(tag);
  }
  const name = get('name');
  if (name.length > 100) bad('name', 'at most 100 characters');
  if (problems.length > 0) return { problems };
  return {
    problems,
    row: {
      gridPath,
      address: get('address'),
      buildingName: get('buildingName') || null,
      units,
      floors,
      doorNumber: get('doorNumber'),
      householdType: householdType as HouseholdType,
      name,
      gender: gender as 'male' | 'female',
      birthDate: birthDate as string,
      ethnicity: get('ethnicity') || '汉族',
      idNumber,
      phone,
      residenceType: residenceType as ResidenceType,
      employer: get('employer') || null,
      relation: relation as Relation,
      tags,
    },
  };
}

/** The grid paths the data rows name (well-formed ones only), to ask the org tree about once per file. */
export function gridPathsOf(
  cells: readonly (readonly unknown[])[],
  columns: Partial<Record<keyof ImportRow, number>>,
): Set<string> {
  return new Set(
    cells
      .slice(1)
      .map((r) => String(r[columns.gridPath as number] ?? '').trim())
      .filter((p) => GRID_PATH.test(p)),
  );
}

export interface CheckedRow {
  /** row in the file (the header is row 1) */
  rowNo: number;
  row: ImportRow;
}

/** What the caller and the org tree allow, for `checkRows`. */
export interface RowContext {
  today: Date;
  districtTags: DistrictTags;
  /** whether the importer may write in a grid */
  mayWrite: (gridPath: string) => boolean;
  /** well-formed grid paths the org tree does not have */
  unknownGrids: ReadonlySet<string>;
}

/**
 * Every data row checked: the row itself (`validateRow`), its grid (within the importer's scope
 * and in the org tree), and against the rows before it: one row per person (the same identity
 * number, or without one the same name and birth date at the same door, is the same person) and
 * one head per household.
 */
export function checkRows(
  cells: readonly (readonly unknown[])[],
  columns: Partial<Record<keyof ImportRow, number>>,
  ctx: RowContext,
): { problems: RowProblem[]; valid: CheckedRow[] } {
  const problems: RowProblem[] = [];
  const valid: CheckedRow[] = [];
  const seenId = new Map<string, number>();
  const seenKey = new Map<string, number>();
  const heads = new Map<string, number>();
  for (let i = 1; i < cells.length; i++) {
    const rowNo = i + 1;
    const r = validateRow(cells[i], columns, rowNo, ctx.today, ctx.districtTags);
    const rowProblems = r.problems;
    if (r.row && !ctx.mayWrite(r.row.gridPath))
      rowProblems.push({ row: rowNo, field: 'gridPath', reason: `outside your scope: ${r.row.gridPath}` });
    else if (r.row && ctx.unknownGrids.has(r.row.gridPath)) {
      rowProblems.push({
        row: rowNo,
        field: 'gridPath',
        reason: `${r.row.gridPath} is not a grid of the organisation tree`,
      });
    }
    const row = r.row;
    if (row && rowProblems.length === 0) {
      const home = `${row.gridPath}\u0000${row.address}\u0000${row.doorNumber}`;
      const key = row.idNumber ?? `${home}\u0000${row.name}\u0000${row.birthDate}`;
      const first = row.idNumber ? seenId.get(key) : seenKey.get(key);
      if (first)
        rowProblems.push({
          row: rowNo,
          field: row.idNumber ? 'idNumber' : 'name',
          reason: `the same person as row ${first}`,
        });
      else (row.idNumber ? seenId : seenKey).set(key, rowNo);
      if (row.relation === 'head') {
        const h = heads.get(home);
        if (h && !first)
          rowProblems.push({ row: rowNo, field: 'relation', reason: `the household already has a head in row ${h}` });
        else heads.set(home, rowNo);
      }
    }
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else if (row) valid.push({ rowNo, row });
  }
  return { problems, valid };
}
