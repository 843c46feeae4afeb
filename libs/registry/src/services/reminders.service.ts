import { Injectable } from '@nestjs/common';
import type { Actor, Page, ReminderDoneCommand, ReminderListQuery, ReminderView } from '@gz/contracts';
import { conflict, forbidden } from '@gz/platform';
import { DataSource } from 'typeorm';
import { effectiveScopes } from '../domain/access';
import { checkWrite, requireReader, requireWriter, who } from '../domain/actors';
import { pageWanted } from '../persistence/lists';
import { ReminderStore } from '../persistence/reminder.store';

/** The reminders staff work through: listed by place, marked done once. */
@Injectable()
export class RemindersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reminders: ReminderStore,
  ) {}

  /** Reminders of a place within the caller's scope (a grid for a grid worker), oldest due first. */
  list(query: ReminderListQuery, actor: Actor | undefined): Promise<Page<ReminderView>> {
    const a = requireReader(actor);
    const scopes = effectiveScopes(a.scopes, query.path);
    if (query.path && scopes.length === 0) throw forbidden(`Outside your scope: ${query.path}`, { path: query.path });
    return this.reminders.page(scopes, query.status, pageWanted(query));
  }

  /** Marks a reminder done (staff within scope), with an optional note; done twice is 409. */
  async done(cmd: ReminderDoneCommand, actor: Actor | undefined): Promise<ReminderView> {
    const a = requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      const row = checkWrite(a, await this.reminders.lock(m, cmd.id), 'Reminder', cmd.id);
      if (row.status === 'done') throw conflict('The reminder is already done', { status: row.status });
      return this.reminders.markDone(m, cmd.id, who(a), cmd.note?.trim() ?? null);
    });
  }
}
