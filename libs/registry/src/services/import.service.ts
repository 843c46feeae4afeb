import { Inject, Injectable } from '@nestjs/common';
import {
  ALL_STREETS,
  districtOfPath,
  RegistryEvents,
  streetOfPath,
  type Actor,
  type ExportPage,
  type ExportPageQuery,
  type ImportJobView,
  type ImportMode,
  type ImportRunCommand,
} from '@gz/contracts';
import { forbidden, invalid, newId, notFound, OrgGrids, Outbox } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { hasAnyRole, mayRead, mayWrite } from '../domain/access';
import { requireReader, requireWriter } from '../domain/actors';
import { asUtcDay, todayInChina } from '../domain/dates';
import { checkRows, districtTagsOf, gridPathsOf, mapHeader, type RowProblem } from '../domain/import-rows';
import { DistrictTagStore } from '../persistence/district-tag.store';
import { ImportJobStore } from '../persistence/import-job.store';
import { ImportStore } from '../persistence/import.store';
import { ImportBatchWriter, type ValidRow } from './import-batch';
import { PersonalData } from '../crypto/personal-data';

/** Rows per INSERT statement (and per transaction in `valid-rows` mode). */
const IMPORT_BATCH = 1000;
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

/**
 * Imports households and persons, one row per person. Checks every row first (the report names
 * row, field and reason): grid paths against identity's org tree, tags against the built-in and
 * the district's tags; `all-or-nothing` writes nothing when any row is wrong, `valid-rows`
 * imports the rest. A person already registered (same identity number through the blind index;
 * without one, same name and birth date in the same household) is left as it is, so re-importing
 * a file changes nothing and publishes nothing. Buildings (grid + address) and households
 * (building + door) are found or created. Writes and their events go in batches of IMPORT_BATCH
 * rows per statement; progress is kept in the import_job row. The service, the CLI and the bench
 * share this one function.
 */
export async function runImport(
  ds: DataSource,
  pii: PersonalData,
  cells: readonly (readonly unknown[])[],
  o: ImportOptions,
): Promise<ImportJobView> {
  const a = requireWriter(o.actor);
  const batch = o.batchSize ?? IMPORT_BATCH;
  const jobs = new ImportJobStore(ds);
  const jobId = newId();
  const total = Math.max(cells.length - 1, 0);
  const { columns, problems: headerProblems } = mapHeader((cells[0] ?? []).map((c) => String(c ?? '')));
  // One look at identity's grids and at the district's tags for the whole file, not one per row;
  // before the job row, so that identity being unreachable leaves nothing behind.
  const paths = headerProblems.length > 0 ? new Set<string>() : gridPathsOf(cells, columns);
  const unknownGrids = new Set(await o.grids.unknown(paths));
  const districtTags = districtTagsOf(
    await new DistrictTagStore(ds).ofDistricts([...new Set([...paths].map(districtOfPath))]),
  );
  await jobs.start({ id: jobId, fileName: o.fileName.slice(0, 255), mode: o.mode, total, createdBy: a.id });
  const problems: RowProblem[] = [...headerProblems];
  let valid: ValidRow[] = [];
  if (cells.length < 2) problems.push({ row: 1, field: 'file', reason: 'the file has no data rows' });
  if (headerProblems.length === 0) {
    const checked = checkRows(cells, columns, {
      today: asUtcDay(todayInChina()),
      districtTags,
      mayWrite: (path) => mayWrite(a, path),
      unknownGrids,
    });
    problems.push(...checked.problems);
    valid = checked.valid.map((v) => ({ ...v, index: v.row.idNumber ? pii.idNumberIndex(v.row.idNumber) : null }));
  }
  const badRows = new Set(problems.map((p) => p.row)).size;
  const writer = new ImportBatchWriter(ds, pii, o.outbox, a);
  const counts = writer.counts;
  const finish = (status: ImportJobView['status'], processed: number, rejected: number) =>
    jobs.finish(jobId, { status, processed, rejected, problems: problems.slice(0, MAX_PROBLEMS_KEPT) }, counts);
  if (problems.length > 0 && (o.mode === 'all-or-nothing' || headerProblems.length > 0 || valid.length === 0)) {
    return finish('rejected', total, total);
  }
  const progress = async (done: number) => {
    const processed = badRows + done;
    await jobs.progress(jobId, processed, counts);
    o.onProgress?.(processed, total, jobId);
  };
  const completed = async (m: EntityManager) => {
    // a re-import that changed nothing publishes nothing
    if (counts.imported + counts.buildings + counts.households === 0) return;
    const streets = new Set(valid.map((v) => streetOfPath(v.row.gridPath)));
    await o.outbox.add(m, {
      type: RegistryEvents.importCompleted,
      street: streets.size === 1 ? [...streets][0] : ALL_STREETS,
      actor: a,
      data: { importId: jobId, fileName: o.fileName, imported: counts.imported, unchanged: counts.unchanged },
    });
  };
  try {
    if (o.mode === 'all-or-nothing') {
      await ds.transaction(async (m) => {
        for (let i = 0; i < valid.length; i += batch) {
          await writer.write(m, valid.slice(i, i + batch));
          await progress(Math.min(i + batch, valid.length));
        }
        await completed(m);
      });
    } else {
      for (let i = 0; i < valid.length; i += batch) {
        const last = i + batch >= valid.length;
        // a batch that fails is rolled back: so are its counts, so the job reports what was committed
        const before = { ...counts };
        try {
          await ds.transaction(async (m) => {
            await writer.write(m, valid.slice(i, i + batch));
            if (last) await completed(m);
          });
        } catch (error) {
          Object.assign(counts, before);
          throw error;
        }
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

/** Bulk import (the cells the gateway parsed) and masked export behind the bus. */
@Injectable()
export class ImportService {
  private readonly jobs: ImportJobStore;
  private readonly bulk: ImportStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly grids: OrgGrids,
  ) {
    this.jobs = new ImportJobStore(dataSource);
    this.bulk = new ImportStore(dataSource);
  }

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

  /** An import, for whoever started it (or a district admin). */
  async get(id: string, actor: Actor | undefined): Promise<ImportJobView> {
    const a = requireReader(actor);
    const job = await this.jobs.get(id);
    if (!job) throw notFound('Import', { id });
    if (job.createdBy !== a.id && !hasAnyRole(a, ['district_admin']))
      throw forbidden('Only who started an import (or a district admin) may read it', { id });
    return job;
  }

  /** One page (at most 5,000 persons) of a scope's persons for export, masked. */
  exportPage(q: ExportPageQuery, actor: Actor | undefined): Promise<ExportPage> {
    const a = requireReader(actor);
    if (!q.path || !mayRead(a, q.path)) throw forbidden(`Outside your scope: ${q.path}`, { path: q.path });
    return this.bulk.exportPage(q, Math.min(Math.max(q.limit ?? 2000, 1), 5000));
  }
}
