import { Inject, Injectable } from '@nestjs/common';
import {
  ALL_STREETS,
  GRID_PATH,
  REGISTRY_IMPORT_COMPLETED,
  RegistryEvents,
  RegistryLifeEvents,
  streetOfPath,
  type Actor,
  type ExportPage,
  type ExportPageQuery,
  type ExportRow,
  type ImportJobView,
  type ImportMode,
  type ImportProblem,
  type ImportRunCommand,
} from '@gz/contracts';
import {
  forbidden,
  invalid,
  type NewEvent,
  newId,
  notFound,
  OrgGrids,
  Outbox,
  unprocessable,
  updateReturning,
} from '@gz/platform';
import ExcelJS from 'exceljs';
import { DataSource, type EntityManager } from 'typeorm';
import { requireReader, requireWriter } from './actors';
import { escapeLike, hasAnyRole, mayRead, mayWrite } from './domain/access';
import { asUtcDay, todayInChina } from './domain/dates';
import {
  districtTagsOf,
  mapHeader,
  parseCsv,
  validateRow,
  type ImportRow,
  type RowProblem,
} from './domain/import-rows';
import { communityOf, districtCode } from './domain/life-events';
import { PersonalData } from './personal-data';

/** Rows per INSERT statement (and per transaction in `valid-rows` mode). */
export const IMPORT_BATCH = 1000;
const MAX_PROBLEMS_KEPT = 1000;

export interface ImportOptions {
  fileName: string;
  mode: ImportMode;
  actor: Actor;
  /**
   * The registry's outbox: an import publishes what the single-record paths publish
   * (building.created, household.created, person.registered, person.moved_in, household.changed,
   * duplicate.flagged) and one `import.completed`, written with the rows they describe.
   */
  outbox: Outbox;
  /** which grids exist (identity's org tree); a row in another grid path is refused */
  grids: OrgGrids;
  batchSize?: number;
  onProgress?: (processed: number, total: number, jobId: string) => void;
}

/** Text cells of a CSV (UTF-8) or XLSX (first sheet) file, the header row first. */
export async function readImportFile(data: Buffer, fileName: string): Promise<string[][]> {
  if (/\.xlsx$/i.test(fileName) || (data[0] === 0x50 && data[1] === 0x4b)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    if (!sheet) return [];
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      if (cells.some((v) => v !== '')) rows.push(cells);
    });
    return rows;
  }
  if (/\.csv$/i.test(fileName) || !fileName.includes('.')) return parseCsv(data.toString('utf8'));
  throw unprocessable('Only .csv (UTF-8) and .xlsx files are accepted', { field: 'file' });
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

interface JobRow {
  id: string;
  file_name: string;
  mode: ImportMode;
  status: ImportJobView['status'];
  total: number;
  processed: number;
  imported: number;
  unchanged: number;
  rejected: number;
  buildings_created: number;
  households_created: number;
  problems: ImportProblem[];
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
}

const jobView = (r: JobRow): ImportJobView => ({
  id: r.id,
  fileName: r.file_name,
  mode: r.mode,
  status: r.status,
  total: r.total,
  processed: r.processed,
  imported: r.imported,
  unchanged: r.unchanged,
  rejected: r.rejected,
  buildingsCreated: r.buildings_created,
  householdsCreated: r.households_created,
  problems: r.problems,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

export async function getImportJob(ds: DataSource, id: string): Promise<ImportJobView | undefined> {
  const [row]: JobRow[] = await ds.query(`SELECT * FROM "registry".import_job WHERE id = $1`, [id]);
  return row ? jobView(row) : undefined;
}

interface Valid {
  rowNo: number;
  row: ImportRow;
  index: string | null;
}

/**
 * Imports households and persons, one row per person. Checks every row first (the report names
 * row, field and reason): grid paths against identity's org tree, tags against the built-in and
 * the district's tags; `all-or-nothing` writes nothing when any row is wrong, `valid-rows`
 * imports the rest. A person already registered (same identity number through the blind index;
 * without one, same name and birth date in the same household) is left as it is, so re-importing
 * a file changes nothing and publishes nothing. Buildings (grid + address) and households
 * (building + door) are found or created. Writes and their events go in batches of IMPORT_BATCH
 * rows per statement; progress is kept in the import_job row.
 */
export async function runImport(
  ds: DataSource,
  pii: PersonalData,
  cells: readonly (readonly unknown[])[],
  o: ImportOptions,
): Promise<ImportJobView> {
  const a = requireWriter(o.actor);
  const batch = o.batchSize ?? IMPORT_BATCH;
  const jobId = newId();
  const total = Math.max(cells.length - 1, 0);
  const { columns, problems: headerProblems } = mapHeader((cells[0] ?? []).map((c) => String(c ?? '')));
  // One look at identity's grids and at the district's tags for the whole file, not one per row;
  // before the job row, so that identity being unreachable leaves nothing behind.
  const paths = new Set(
    headerProblems.length > 0
      ? []
      : cells
          .slice(1)
          .map((r) => String(r[columns.gridPath as number] ?? '').trim())
          .filter((p) => GRID_PATH.test(p)),
  );
  const unknownGrids = new Set(await o.grids.unknown(paths));
  const districtTags = districtTagsOf(
    await ds.query(`SELECT district, code, name FROM "registry".district_tag WHERE district = ANY($1::text[])`, [
      [...new Set([...paths].map(districtCode))],
    ]),
  );
  await ds.query(
    `INSERT INTO "registry".import_job (id, file_name, mode, total, created_by) VALUES ($1, $2, $3, $4, $5)`,
    [jobId, o.fileName.slice(0, 255), o.mode, total, a.id],
  );
  const problems: RowProblem[] = [...headerProblems];
  const valid: Valid[] = [];
  if (cells.length < 2) problems.push({ row: 1, field: 'file', reason: 'the file has no data rows' });
  if (headerProblems.length === 0) {
    const today = asUtcDay(todayInChina());
    const seenId = new Map<string, number>();
    const seenKey = new Map<string, number>();
    const heads = new Map<string, number>();
    for (let i = 1; i < cells.length; i++) {
      const rowNo = i + 1;
      const r = validateRow(cells[i], columns, rowNo, today, districtTags);
      const rowProblems = r.problems;
      if (r.row && !mayWrite(a, r.row.gridPath))
        rowProblems.push({ row: rowNo, field: 'gridPath', reason: `outside your scope: ${r.row.gridPath}` });
      else if (r.row && unknownGrids.has(r.row.gridPath)) {
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
      else valid.push({ rowNo, row: row as ImportRow, index: row?.idNumber ? pii.idNumberIndex(row.idNumber) : null });
    }
  }
  const badRows = new Set(problems.map((p) => p.row)).size;
  const counts = { imported: 0, unchanged: 0, buildings: 0, households: 0 };
  const finish = async (status: ImportJobView['status'], processed: number, rejected: number) => {
    await ds.query(
      `UPDATE "registry".import_job SET status = $2, processed = $3, imported = $4, unchanged = $5, rejected = $6,
         buildings_created = $7, households_created = $8, problems = $9::jsonb, finished_at = now() WHERE id = $1`,
      [
        jobId,
        status,
        processed,
        counts.imported,
        counts.unchanged,
        rejected,
        counts.buildings,
        counts.households,
        JSON.stringify(problems.slice(0, MAX_PROBLEMS_KEPT)),
      ],
    );
    return (await getImportJob(ds, jobId)) as ImportJobView;
  };
  if (problems.length > 0 && (o.mode === 'all-or-nothing' || headerProblems.length > 0 || valid.length === 0)) {
    return finish('rejected', total, total);
  }
  const progress = async (done: number) => {
    const processed = badRows + done;
    await ds.query(`UPDATE "registry".import_job SET processed = $2, imported = $3, unchanged = $4 WHERE id = $1`, [
      jobId,
      processed,
      counts.imported,
      counts.unchanged,
    ]);
    o.onProgress?.(processed, total, jobId);
  };
  const event = async (m: EntityManager) => {
    // a re-import that changed nothing publishes nothing
    if (counts.imported + counts.buildings + counts.households === 0) return;
    const streets = new Set(valid.map((v) => streetOfPath(v.row.gridPath)));
    await o.outbox.add(m, {
      type: REGISTRY_IMPORT_COMPLETED,
      street: streets.size === 1 ? [...streets][0] : ALL_STREETS,
      actor: a,
      data: { importId: jobId, fileName: o.fileName, imported: counts.imported, unchanged: counts.unchanged },
    });
  };
  try {
    if (o.mode === 'all-or-nothing') {
      await ds.transaction(async (m) => {
        for (let i = 0; i < valid.length; i += batch) {
          await writeBatch(m, pii, o.outbox, valid.slice(i, i + batch), a, counts);
          await progress(Math.min(i + batch, valid.length));
        }
        await event(m);
      });
    } else {
      for (let i = 0; i < valid.length; i += batch) {
        const last = i + batch >= valid.length;
        await ds.transaction(async (m) => {
          await writeBatch(m, pii, o.outbox, valid.slice(i, i + batch), a, counts);
          if (last) await event(m);
        });
        await progress(Math.min(i + batch, valid.length));
      }
    }
  } catch (error) {
    problems.push({
      row: 0,
      field: 'file',
      reason: `the import failed: ${error instanceof Error ? error.message : String(error)}`,
    });
    if (o.mode === 'all-or-nothing') counts.imported = counts.unchanged = counts.buildings = counts.households = 0;
    await finish('failed', total, total - counts.imported - counts.unchanged);
    throw error;
  }
  return finish('done', total, badRows);
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/**
 * Writes one batch in the caller's transaction, with the events the single-record paths publish
 * for the same facts (one INSERT for all of them): building.created, household.created, per
 * person person.registered and person.moved_in, household.changed per household that gained
 * members, and duplicate.flagged for likely duplicates. Nothing is published for rows already there.
 */
async function writeBatch(
  m: EntityManager,
  pii: PersonalData,
  outbox: Outbox,
  rows: Valid[],
  a: Actor,
  counts: { imported: number; unchanged: number; buildings: number; households: number },
): Promise<void> {
  const events: Array<NewEvent<object>> = [];
  const emit = (type: string, path: string, data: object) =>
    events.push({ type, street: streetOfPath(path), actor: a, data });

  // buildings: found or created by (grid, address)
  const bKey = (r: ImportRow) => `${r.gridPath}\u0000${r.address}`;
  const bFirst = new Map<string, ImportRow>();
  for (const { row } of rows) if (!bFirst.has(bKey(row))) bFirst.set(bKey(row), row);
  const bs = [...bFirst.values()];
  const bCreated: Array<{ id: string; path: string; address: string }> = await m.query(
    `INSERT INTO "registry".building (id, street_code, path, address, name, units, floors, created_by)
     SELECT t.* , $8 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) AS t
     ON CONFLICT (path, address) DO NOTHING RETURNING id, path, address`,
    [
      bs.map(() => newId()),
      bs.map((r) => streetOfPath(r.gridPath)),
      bs.map((r) => r.gridPath),
      bs.map((r) => r.address),
      bs.map((r) => r.buildingName),
      bs.map((r) => r.units),
      bs.map((r) => r.floors),
      a.id,
    ],
  );
  counts.buildings += bCreated.length;
  for (const b of bCreated)
    emit(RegistryEvents.buildingCreated, b.path, { buildingId: b.id, path: b.path, address: b.address });
  const buildings: Array<{ id: string; path: string; address: string }> = await m.query(
    `SELECT b.id, b.path, b.address FROM "registry".building b JOIN unnest($1::text[], $2::text[]) AS t(path, address) ON b.path = t.path AND b.address = t.address`,
    [bs.map((r) => r.gridPath), bs.map((r) => r.address)],
  );
  const buildingOf = new Map(buildings.map((b) => [`${b.path}\u0000${b.address}`, b.id]));

  // households: found or created by (building, door)
  const hKey = (r: ImportRow) => `${buildingOf.get(bKey(r))}\u0000${r.doorNumber}`;
  const hFirst = new Map<string, ImportRow>();
  for (const { row } of rows) if (!hFirst.has(hKey(row))) hFirst.set(hKey(row), row);
  const hs = [...hFirst.values()];
  const hCreated: Array<{ id: string; building_id: string; path: string; type: string }> = await m.query(
    `INSERT INTO "registry".household (id, building_id, street_code, path, door_number, type, created_by)
     SELECT t.*, $7 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t
     ON CONFLICT (building_id, door_number) DO NOTHING RETURNING id, building_id, path, type`,
    [
      hs.map(() => newId()),
      hs.map((r) => buildingOf.get(bKey(r))),
      hs.map((r) => streetOfPath(r.gridPath)),
      hs.map((r) => r.gridPath),
      hs.map((r) => r.doorNumber),
      hs.map((r) => r.householdType),
      a.id,
    ],
  );
  counts.households += hCreated.length;
  for (const h of hCreated)
    emit(RegistryEvents.householdCreated, h.path, {
      householdId: h.id,
      buildingId: h.building_id,
      path: h.path,
      type: h.type,
    });
  const households: Array<{ id: string; building_id: string; door_number: string; path: string }> = await m.query(
    `SELECT h.id, h.building_id, h.door_number, h.path FROM "registry".household h
       JOIN unnest($1::uuid[], $2::text[]) AS t(building_id, door) ON h.building_id = t.building_id AND h.door_number = t.door`,
    [hs.map((r) => buildingOf.get(bKey(r))), hs.map((r) => r.doorNumber)],
  );
  const householdOf = new Map(households.map((h) => [`${h.building_id}\u0000${h.door_number}`, h]));

  // persons already registered are left as they are
  const indexes = rows.filter((v) => v.index).map((v) => v.index as string);
  const known = new Set(
    (
      (await m.query(`SELECT id_number_index AS i FROM "registry".person WHERE id_number_index = ANY($1::text[])`, [
        indexes,
      ])) as Array<{ i: string }>
    ).map((r) => r.i),
  );
  const noId = rows.filter((v) => !v.index);
  const knownNoId = new Set<string>();
  if (noId.length > 0) {
    const found: Array<{ household_id: string; name: string; birth_date: string }> = await m.query(
      `SELECT household_id, name, birth_date::text AS birth_date FROM "registry".person WHERE household_id = ANY($1::uuid[]) AND id_number_index IS NULL`,
      [uniq(noId.map((v) => householdOf.get(hKey(v.row))?.id as string))],
    );
    for (const f of found) knownNoId.add(`${f.household_id}\u0000${f.name}\u0000${f.birth_date}`);
  }
  const fresh = rows.filter((v) => {
    const h = householdOf.get(hKey(v.row)) as { id: string };
    return v.index ? !known.has(v.index) : !knownNoId.has(`${h.id}\u0000${v.row.name}\u0000${v.row.birthDate}`);
  });
  counts.unchanged += rows.length - fresh.length;
  if (fresh.length > 0) await insertPersons(m, pii, fresh, hKey, householdOf, a, counts, emit);
  await outbox.addMany(m, events);
}

type Emit = (type: string, path: string, data: object) => void;

/** Inserts new persons with their residences, heads and household versions (see writeBatch). */
async function insertPersons(
  m: EntityManager,
  pii: PersonalData,
  fresh: Valid[],
  hKey: (r: ImportRow) => string,
  householdOf: ReadonlyMap<string, { id: string; path: string }>,
  a: Actor,
  counts: { imported: number; unchanged: number },
  emit: Emit,
): Promise<void> {
  const ids = fresh.map(() => newId());
  const idPii = fresh.map((v, i) => (v.row.idNumber ? pii.idNumber(v.row.idNumber, ids[i]) : null));
  const phonePii = fresh.map((v, i) => (v.row.phone ? pii.phone(v.row.phone, ids[i]) : null));
  const hOf = fresh.map((v) => householdOf.get(hKey(v.row)) as { id: string; path: string });
  const inserted: Array<{
    id: string;
    household_id: string;
    relation: string;
    path: string;
    street_code: string;
    name: string;
    birth_date: string;
    residence_type: string;
    tags: string[];
    has_id: boolean;
  }> = await m.query(
    `INSERT INTO "registry".person (id, street_code, path, name, gender, birth_date, ethnicity,
       id_number_cipher, id_number_key_id, id_number_index, id_number_masked, phone_cipher, phone_key_id, phone_index, phone_masked,
       residence_type, employer, tags, household_id, relation, present, created_by)
     SELECT t.id, t.street, t.path, t.name, t.gender, t.birth, t.eth, t.idc, t.idk, t.idi, t.idm, t.pc, t.pk, t.pi, t.pm, t.rt, t.emp,
            CASE WHEN t.tags = '' THEN '{}'::text[] ELSE string_to_array(t.tags, ',') END, t.hid, t.rel, true, $22
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::uuid[], $20::text[], $21::int[])
         AS t(id, street, path, name, gender, birth, eth, idc, idk, idi, idm, pc, pk, pi, pm, rt, emp, tags, hid, rel, n)
     ON CONFLICT (id_number_index) WHERE id_number_index IS NOT NULL DO NOTHING
     RETURNING id, household_id, relation, path, street_code, name, birth_date::text AS birth_date, residence_type, tags,
               id_number_index IS NOT NULL AS has_id`,
    [
      ids,
      fresh.map((v) => streetOfPath(v.row.gridPath)),
      hOf.map((h) => h.path),
      fresh.map((v) => v.row.name),
      fresh.map((v) => v.row.gender),
      fresh.map((v) => v.row.birthDate),
      fresh.map((v) => v.row.ethnicity),
      idPii.map((p) => p?.cipher ?? null),
      idPii.map((p) => p?.keyId ?? null),
      idPii.map((p) => p?.index ?? null),
      idPii.map((p) => p?.masked ?? null),
      phonePii.map((p) => p?.cipher ?? null),
      phonePii.map((p) => p?.keyId ?? null),
      phonePii.map((p) => p?.index ?? null),
      phonePii.map((p) => p?.masked ?? null),
      fresh.map((v) => v.row.residenceType),
      fresh.map((v) => v.row.employer),
      fresh.map((v) => v.row.tags.join(',')),
      hOf.map((h) => h.id),
      fresh.map((v) => v.row.relation),
      fresh.map((v) => v.rowNo),
      a.id,
    ],
  );
  counts.imported += inserted.length;
  counts.unchanged += fresh.length - inserted.length;
  if (inserted.length === 0) return;
  const today = todayInChina();
  const residenceIds = inserted.map(() => newId());
  await m.query(
    `INSERT INTO "registry".residence (id, person_id, household_id, street_code, path, relation, moved_in_on, move_in_reason, recorded_by)
     SELECT t.*, $7::date, 'imported', $8 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) AS t`,
    [
      residenceIds,
      inserted.map((p) => p.id),
      inserted.map((p) => p.household_id),
      inserted.map((p) => p.street_code),
      inserted.map((p) => p.path),
      inserted.map((p) => p.relation),
      today,
      a.id,
    ],
  );
  // One statement by primary key for every household that gained members: a new version, and the
  // head where it had none (a join on unnest here made the planner scan every household).
  const heads = inserted.filter((p) => p.relation === 'head');
  const bumped = await updateReturning<{ id: string; path: string; version: number }>(
    m,
    `UPDATE "registry".household h SET version = version + 1, updated_at = now(),
            head_person_id = coalesce(h.head_person_id, ($2::uuid[])[array_position($3::uuid[], h.id)])
      WHERE h.id = ANY($1::uuid[]) RETURNING id, path, version`,
    [uniq(inserted.map((p) => p.household_id)), heads.map((p) => p.id), heads.map((p) => p.household_id)],
  );
  inserted.forEach((p, i) => {
    emit(RegistryEvents.personRegistered, p.path, {
      personId: p.id,
      path: p.path,
      residenceType: p.residence_type,
      tags: p.tags,
      householdId: p.household_id,
    });
    emit(RegistryEvents.personMovedIn, p.path, {
      personId: p.id,
      householdId: p.household_id,
      residenceId: residenceIds[i],
      path: p.path,
      date: today,
      relation: p.relation,
    });
  });
  for (const h of bumped)
    emit(RegistryEvents.householdChanged, h.path, {
      householdId: h.id,
      path: h.path,
      changed: ['members'],
      version: h.version,
    });
  await flagBatchDuplicates(m, inserted, emit);
}

/**
 * The likely duplicates of the persons just inserted, as `flagLikelyDuplicates` finds them for one
 * registration (same name and birth date in the same community, at least one of the pair without
 * an identity number), in one statement for the batch; pairs within the batch are flagged once.
 */
async function flagBatchDuplicates(
  m: EntityManager,
  persons: ReadonlyArray<{
    id: string;
    path: string;
    street_code: string;
    name: string;
    birth_date: string;
    has_id: boolean;
  }>,
  emit: Emit,
): Promise<void> {
  const community = persons.map((p) => communityOf(p.path));
  const flags: Array<{ id: string; person_a: string; person_b: string; community: string }> = await m.query(
    `INSERT INTO "registry".duplicate_flag (id, person_a, person_b, community, street_code)
     SELECT DISTINCT ON (least(t.id, o.id), greatest(t.id, o.id)) gen_random_uuid(), least(t.id, o.id), greatest(t.id, o.id), t.community, t.street
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::boolean[]) AS t(id, community, pattern, street, name, birth, has_id)
       JOIN "registry".person o ON o.name = t.name AND o.birth_date = t.birth AND o.id <> t.id AND o.merged_into IS NULL
        AND (o.path = t.community OR o.path LIKE t.pattern)
        AND (NOT t.has_id OR o.id_number_index IS NULL)
      ORDER BY least(t.id, o.id), greatest(t.id, o.id)
     ON CONFLICT (person_a, person_b) DO NOTHING
     RETURNING id, person_a, person_b, community`,
    [
      persons.map((p) => p.id),
      community,
      community.map((c) => `${escapeLike(c)}.%`),
      persons.map((p) => p.street_code),
      persons.map((p) => p.name),
      persons.map((p) => p.birth_date),
      persons.map((p) => p.has_id),
    ],
  );
  for (const f of flags)
    emit(RegistryLifeEvents.duplicateFlagged, f.community, {
      flagId: f.id,
      personIds: [f.person_a, f.person_b],
      community: f.community,
    });
}

/** One page of a scope's persons for export, masked. */
export async function exportPage(ds: DataSource, q: ExportPageQuery): Promise<ExportPage> {
  const limit = Math.min(Math.max(q.limit ?? 2000, 1), 5000);
  const rows: Array<ExportRow & { tags: string[] }> = await ds.query(
    `SELECT p.id, p.path AS "gridPath", coalesce(b.address, '') AS address, h.door_number AS "doorNumber", p.name, p.gender,
            p.birth_date::text AS "birthDate", p.ethnicity, p.id_number_masked AS "idNumberMasked", p.phone_masked AS "phoneMasked",
            p.residence_type AS "residenceType", p.employer, p.relation, p.tags
       FROM "registry".person p
       LEFT JOIN "registry".household h ON h.id = p.household_id
       LEFT JOIN "registry".building b ON b.id = h.building_id
      WHERE (p.path = $1 OR p.path LIKE $2) AND p.present AND ($3::uuid IS NULL OR p.id > $3::uuid)
      ORDER BY p.id LIMIT $4`,
    [q.path, `${q.path.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`, q.after ?? null, limit],
  );
  return { rows, next: rows.length === limit ? rows[rows.length - 1].id : null };
}

/** Bulk import and export behind the bus. */
@Injectable()
export class ImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly grids: OrgGrids,
  ) {}

  run(cmd: ImportRunCommand, actor: Actor | undefined): Promise<ImportJobView> {
    const a = requireWriter(actor);
    if (!Array.isArray(cmd.cells)) throw invalid('The request is not valid', { fields: { cells: ['missing'] } });
    return runImport(this.dataSource, this.pii, cmd.cells, {
      fileName: cmd.fileName ?? 'upload',
      mode: cmd.mode === 'valid-rows' ? 'valid-rows' : 'all-or-nothing',
      actor: a,
      outbox: this.outbox,
      grids: this.grids,
    });
  }

  async get(id: string, actor: Actor | undefined): Promise<ImportJobView> {
    const a = requireReader(actor);
    const job = await getImportJob(this.dataSource, id);
    if (!job) throw notFound('Import', { id });
    if (job.createdBy !== a.id && !hasAnyRole(a, ['district_admin']))
      throw forbidden('Only who started an import (or a district admin) may read it', { id });
    return job;
  }

  exportPage(q: ExportPageQuery, actor: Actor | undefined): Promise<ExportPage> {
    const a = requireReader(actor);
    if (!q.path || !mayRead(a, q.path)) throw forbidden(`Outside your scope: ${q.path}`, { path: q.path });
    return exportPage(this.dataSource, q);
  }
}
