import { Injectable } from '@nestjs/common';
import type {
  Actor,
  ResponsibilityImportCommand,
  ResponsibilityImportReport,
  ResponsibilityListView,
} from '@gz/contracts';
import { requireRole, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { streetPathFor } from '../domain/access';
import { checkSheet, type ValidRow } from '../domain/responsibility-import';
import { ResponsibilityStore } from '../persistence/responsibility.store';
import { PUBLISHER_ROLES, ResponsibilityService } from './responsibility.service';

/** The report lists at most this many errors (it is one bus message), and says how many more there are. */
export const MAX_REPORTED_ERRORS = 500;

/** Responsibility lists imported from a spreadsheet (the gateway reads the file; only its text crosses the bus). */
@Injectable()
export class ResponsibilityImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ResponsibilityStore,
    private readonly lists: ResponsibilityService,
  ) {}

  /**
   * Every street in the file gets a new version of its list holding exactly the file's rows for
   * it. Any bad row rejects the whole file (422 with the row report) unless mode is valid-rows; a
   * dry run only checks.
   */
  async import(cmd: ResponsibilityImportCommand, actor: Actor | undefined): Promise<ResponsibilityImportReport> {
    const a = requireRole(actor, ...PUBLISHER_ROLES);
    const names = await this.store.departmentNames();
    const check = checkSheet(cmd.header, cmd.rows, {
      names,
      // each street lies in a district of the caller's scopes; none is assumed
      streetPath: (street) => {
        const found = streetPathFor(a, street);
        return found?.reachable ? found.path : null;
      },
    });
    const byStreet = new Map<string, ValidRow[]>();
    for (const v of check.valid) {
      const rows = byStreet.get(v.street);
      if (rows) rows.push(v);
      else byStreet.set(v.street, [v]);
    }
    const report: ResponsibilityImportReport = {
      dryRun: cmd.dryRun,
      mode: cmd.mode,
      rows: check.rows,
      validRows: check.valid.length,
      imported: 0,
      errors:
        check.errors.length > MAX_REPORTED_ERRORS
          ? [
              ...check.errors.slice(0, MAX_REPORTED_ERRORS),
              { row: 0, reason: `and ${check.errors.length - MAX_REPORTED_ERRORS} more errors` },
            ]
          : check.errors,
      lists: [...byStreet].map(([street, rows]) => ({ street, version: null, rules: rows.length })),
    };
    const rejected =
      check.fatal || check.valid.length === 0 || (cmd.mode === 'all-or-nothing' && check.errors.length > 0);
    if (rejected && !cmd.dryRun)
      throw unprocessable(
        check.fatal || check.valid.length === 0
          ? 'The file holds no valid row: nothing was imported'
          : `${check.errors.length} error(s) in the file: nothing was imported`,
        { report },
      );
    if (cmd.dryRun) return report;
    const by = a.username ?? a.id;
    const lists = await this.dataSource.transaction(async (m) => {
      const out: ResponsibilityListView[] = [];
      for (const [street, rows] of [...byStreet].sort(([x], [y]) => x.localeCompare(y)))
        out.push(
          await this.lists.insert(
            m,
            street,
            rows.map((r) => r.rule),
            rows[0].streetPath,
            by,
          ),
        );
      return out;
    });
    return {
      ...report,
      imported: check.valid.length,
      lists: lists.map((l) => ({ street: l.street, version: l.version, rules: l.rules.length })),
    };
  }
}
