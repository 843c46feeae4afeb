import type { ImportJobView, ImportMode, ImportProblem } from '@gz/contracts';
import type { DataSource } from 'typeorm';

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

/** What an import has done so far. */
export interface ImportCounts {
  imported: number;
  unchanged: number;
  buildings: number;
  households: number;
}

/**
 * The record of each import (status, progress, report), kept in its own statements outside the
 * import's transactions so that progress shows while it runs. Used by the service and by the CLI,
 * so it takes its data source as it is given.
 */
export class ImportJobStore {
  constructor(private readonly dataSource: DataSource) {}

  async start(job: {
    id: string;
    fileName: string;
    mode: ImportMode;
    total: number;
    createdBy: string;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "registry".import_job (id, file_name, mode, total, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [job.id, job.fileName, job.mode, job.total, job.createdBy],
    );
  }

  async progress(id: string, processed: number, counts: ImportCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE "registry".import_job SET processed = $2, imported = $3, unchanged = $4 WHERE id = $1`,
      [id, processed, counts.imported, counts.unchanged],
    );
  }

  async finish(
    id: string,
    end: { status: ImportJobView['status']; processed: number; rejected: number; problems: readonly ImportProblem[] },
    counts: ImportCounts,
  ): Promise<ImportJobView> {
    await this.dataSource.query(
      `UPDATE "registry".import_job SET status = $2, processed = $3, imported = $4, unchanged = $5, rejected = $6,
         buildings_created = $7, households_created = $8, problems = $9::jsonb, finished_at = now() WHERE id = $1`,
      [
        id,
        end.status,
        end.processed,
        counts.imported,
        counts.unchanged,
        end.rejected,
        counts.buildings,
        counts.households,
        JSON.stringify(end.problems),
      ],
    );
    const job = await this.get(id);
    if (!job) throw new Error(`import ${id} vanished while it ran`);
    return job;
  }

  async get(id: string): Promise<ImportJobView | undefined> {
    const [row]: JobRow[] = await this.dataSource.query(`SELECT * FROM "registry".import_job WHERE id = $1`, [id]);
    return row ? jobView(row) : undefined;
  }
}
