import { Injectable } from '@nestjs/common';
import type { OwnerRollImportReport } from '@gz/contracts';
import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/** Imports of owners' rolls and their reports. */
@Injectable()
export class ImportStore {
  async insert(
    m: Queryable,
    i: {
      id: string;
      compoundId: string;
      mode: string;
      status: 'done' | 'rejected';
      report: OwnerRollImportReport;
      by: string;
      at: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO "councils".owner_import (id, compound_id, mode, status, report, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [i.id, i.compoundId, i.mode, i.status, JSON.stringify(i.report), i.by, i.at],
    );
  }
}
