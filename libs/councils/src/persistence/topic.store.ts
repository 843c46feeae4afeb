import { Injectable } from '@nestjs/common';
import type {
  TopicChannel,
  TopicClass,
  TopicDeclineReason,
  TopicHistoryEntry,
  TopicState,
  TopicView,
} from '@gz/contracts';
import { fastRead, newId, Params, prepared, readPage, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';

/** A row of `councils.topic`. */
export interface TopicRow {
  id: string;
  compound_id: string;
  street_code: string;
  community_path: string;
  title: string;
  description: string;
  photos: string[];
  channel: TopicChannel;
  submitted_by: string;
  submitted_for: string | null;
  state: TopicState;
  topic_class: TopicClass | null;
  urgent: boolean;
  deliberate_by: Date | null;
  resolve_by: Date | null;
  merged_into: string | null;
  decline_reason: TopicDeclineReason | null;
  decline_note: string | null;
  ticket_id: string | null;
  triaged_by: string | null;
  triaged_at: Date | null;
  resolved_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface NewTopic {
  compoundId: string;
  street: string;
  communityPath: string;
  title: string;
  description: string;
  photos: string[];
  channel: TopicChannel;
  submittedBy: string;
  submittedFor: string | null;
  at: Date;
}

/** What a triage writes (one of accept / merge / decline). */
export type TopicTriage =
  | { state: 'accepted'; topicClass: TopicClass; urgent: boolean; deliberateBy: Date; resolveBy: Date }
  | { state: 'merged'; mergedInto: string }
  | { state: 'declined'; reason: TopicDeclineReason; note: string | null; ticketId: string | null };

export function topicView(r: TopicRow): TopicView {
  return {
    id: r.id,
    compoundId: r.compound_id,
    street: r.street_code,
    communityPath: r.community_path,
    title: r.title,
    description: r.description,
    photos: r.photos,
    channel: r.channel,
    submittedBy: r.submitted_by,
    raisedBy: r.submitted_for,
    state: r.state,
    topicClass: r.topic_class,
    urgent: r.urgent,
    deliberateBy: r.deliberate_by?.toISOString() ?? null,
    resolveBy: r.resolve_by?.toISOString() ?? null,
    mergedInto: r.merged_into,
    declineReason: r.decline_reason,
    declineNote: r.decline_note,
    ticketId: r.ticket_id,
    triagedAt: r.triaged_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

interface HistoryRow {
  kind: string;
  state: TopicState;
  detail: Record<string, unknown>;
  by_id: string;
  at: Date;
}

const historyEntry = (h: HistoryRow): TopicHistoryEntry => ({
  kind: h.kind,
  state: h.state,
  detail: h.detail,
  by: h.by_id,
  at: h.at.toISOString(),
});

/**
 * Topics from below (`councils.topic`) and their history (`councils.topic_history`). Other parts
 * of the councils service (the seven steps, resolutions) read a topic with `read` and lock it
 * with `lock` in their own transaction before they change what hangs on it.
 */
@Injectable()
export class TopicStore {
  constructor(private readonly dataSource: DataSource) {}

  async read(id: string): Promise<TopicRow | undefined> {
    const rows = await fastRead<TopicRow>(this.dataSource, prepared(`SELECT * FROM "councils".topic WHERE id = $1`), [
      id,
    ]);
    return rows[0];
  }

  /** The topic locked for update in `m`'s transaction. */
  async lock(m: EntityManager, id: string): Promise<TopicRow | undefined> {
    const rows: TopicRow[] = await m.query(`SELECT * FROM "councils".topic WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async insert(m: EntityManager, t: NewTopic): Promise<TopicRow> {
    const [row] = await updateReturning<TopicRow>(
      m,
      `INSERT INTO "councils".topic (id, compound_id, street_code, community_path, title, description, photos, channel,
              submitted_by, submitted_for, state, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'submitted', $11, $11) RETURNING *`,
      [
        newId(),
        t.compoundId,
        t.street,
        t.communityPath,
        t.title,
        t.description,
        t.photos,
        t.channel,
        t.submittedBy,
        t.submittedFor,
        t.at,
      ],
    );
    return row;
  }

  /** Writes a triage's outcome on a topic locked before. */
  async triage(m: EntityManager, id: string, t: TopicTriage, by: string, at: Date): Promise<TopicRow> {
    const accepted = t.state === 'accepted' ? t : undefined;
    const merged = t.state === 'merged' ? t : undefined;
    const declined = t.state === 'declined' ? t : undefined;
    const [row] = await updateReturning<TopicRow>(
      m,
      `UPDATE "councils".topic
          SET state = $2, topic_class = $3, urgent = $4, deliberate_by = $5, resolve_by = $6, merged_into = $7,
              decline_reason = $8, decline_note = $9, ticket_id = $10, triaged_by = $11, triaged_at = $12,
              updated_at = $12, version = version + 1
        WHERE id = $1 RETURNING *`,
      [
        id,
        t.state,
        accepted?.topicClass ?? null,
        accepted?.urgent ?? false,
        accepted?.deliberateBy ?? null,
        accepted?.resolveBy ?? null,
        merged?.mergedInto ?? null,
        declined?.reason ?? null,
        declined?.note ?? null,
        declined?.ticketId ?? null,
        by,
        at,
      ],
    );
    return row;
  }

  /** Marks an accepted topic resolved (the follow-up evaluation closed it). */
  async resolve(m: EntityManager, id: string, at: Date): Promise<TopicRow> {
    const [row] = await updateReturning<TopicRow>(
      m,
      `UPDATE "councils".topic SET state = 'resolved', resolved_at = $2, updated_at = $2, version = version + 1
        WHERE id = $1 RETURNING *`,
      [id, at],
    );
    return row;
  }

  async addHistory(
    m: EntityManager,
    topicId: string,
    kind: string,
    state: TopicState,
    detail: Record<string, unknown>,
    by: string,
    at: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO "councils".topic_history (topic_id, kind, state, detail, by_id, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [topicId, kind, state, JSON.stringify(detail), by, at],
    );
  }

  async history(topicId: string): Promise<TopicHistoryEntry[]> {
    const rows = await fastRead<HistoryRow>(
      this.dataSource,
      prepared(`SELECT kind, state, detail, by_id, at FROM "councils".topic_history WHERE topic_id = $1 ORDER BY id`),
      [topicId],
    );
    return rows.map(historyEntry);
  }

  /** The histories of several topics in one read, each oldest first (a topic with none answers []). */
  async histories(topicIds: readonly string[]): Promise<Map<string, TopicHistoryEntry[]>> {
    const byTopic = new Map<string, TopicHistoryEntry[]>(topicIds.map((id) => [id, []]));
    if (topicIds.length === 0) return byTopic;
    const rows = await fastRead<HistoryRow & { topic_id: string }>(
      this.dataSource,
      prepared(
        `SELECT topic_id, kind, state, detail, by_id, at FROM "councils".topic_history WHERE topic_id = ANY($1::uuid[]) ORDER BY id`,
      ),
      [topicIds],
    );
    for (const h of rows) byTopic.get(h.topic_id)?.push(historyEntry(h));
    return byTopic;
  }

  /** A compound's topics, urgent ones first, then the newest. */
  async list(compoundId: string, state: TopicState | undefined, page: number, pageSize: number) {
    const p = new Params([compoundId]);
    const where = state ? ` AND state = ${p.add(state)}` : '';
    return readPage<TopicRow>(this.dataSource, {
      columns: '*',
      from: `FROM "councils".topic WHERE compound_id = $1${where}`,
      orderBy: 'urgent DESC, created_at DESC, id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** The topics a user submitted, newest first. */
  async mine(userId: string, page: number, pageSize: number) {
    return readPage<TopicRow>(this.dataSource, {
      columns: '*',
      from: `FROM "councils".topic WHERE submitted_by = $1`,
      orderBy: 'created_at DESC, id',
      params: [userId],
      page,
      pageSize,
    });
  }
}
