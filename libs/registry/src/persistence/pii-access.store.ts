import { Injectable } from '@nestjs/common';
import type { Page, PiiAccessEntry, PiiAccessQuery, PiiField } from '@gz/contracts';
import { newId, Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { readViews, type PageWanted } from './lists';
import { piiAccessView } from './views';

/** One full read of a person's identity number or phone, as the access audit keeps it. */
export interface PiiRead {
  actor: { id: string; name: string | null; roles: string[] };
  person: { id: string; street_code: string; path: string };
  field: PiiField;
  reason: string;
}

/** The access audit of personal data: every full read, who, when, whose, which field, why. */
@Injectable()
export class PiiAccessStore {
  constructor(private readonly dataSource: DataSource) {}

  async record(m: EntityManager, read: PiiRead): Promise<void> {
    await m.query(
      `INSERT INTO "registry".pii_access (id, actor_id, actor_name, actor_roles, person_id, field, reason, street_code, path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        newId(),
        read.actor.id,
        read.actor.name,
        read.actor.roles,
        read.person.id,
        read.field,
        read.reason,
        read.person.street_code,
        read.person.path,
      ],
    );
  }

  /** Reads within `scopes`, newest first, optionally of one person, one reader or a period. */
  page(
    scopes: readonly string[],
    filter: Pick<PiiAccessQuery, 'personId' | 'actorId' | 'from' | 'to'>,
    want: PageWanted,
  ): Promise<Page<PiiAccessEntry>> {
    const p = new Params();
    const where = [withinScopes('x.path', scopes, p)];
    if (filter.personId) where.push(`x.person_id = ${p.add(filter.personId)}`);
    if (filter.actorId) where.push(`x.actor_id = ${p.add(filter.actorId)}`);
    if (filter.from) where.push(`x.at >= ${p.add(new Date(filter.from))}`);
    if (filter.to) where.push(`x.at < ${p.add(new Date(filter.to))}`);
    return readViews(
      this.dataSource,
      {
        columns: 'x.id, x.at, x.actor_id, x.actor_name, x.actor_roles, x.person_id, x.field, x.reason, x.path',
        from: `FROM "registry".pii_access x WHERE ${where.join(' AND ')}`,
        orderBy: 'x.at DESC, x.id DESC',
        params: p.values,
      },
      want,
      piiAccessView,
    );
  }
}
