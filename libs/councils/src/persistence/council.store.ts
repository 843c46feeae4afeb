import { Injectable } from '@nestjs/common';
import type {
  CouncilMemberView,
  CouncilRole,
  CouncilSide,
  CouncilView,
  RhythmHeldView,
  RhythmKind,
} from '@gz/contracts';
import { fastRead, newId, prepared, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';

export interface CouncilRow {
  id: string;
  compound_id: string;
  street_code: string;
  community_path: string;
  name: string;
  /** date: pg answers it as YYYY-MM-DD text (see the type parser) or a Date */
  since: string | Date;
  version: number;
  created_by: string;
  created_at: Date;
}

export interface CouncilMemberRow {
  id: string;
  council_id: string;
  side: CouncilSide;
  role: CouncilRole;
  user_id: string | null;
  person_name: string | null;
  added_by: string;
  added_at: Date;
}

export interface NewMember {
  side: CouncilSide;
  role: CouncilRole;
  userId: string | null;
  name: string | null;
}

const dayText = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export function memberView(r: CouncilMemberRow): CouncilMemberView {
  return {
    id: r.id,
    side: r.side,
    role: r.role,
    userId: r.user_id,
    name: r.person_name,
    addedAt: r.added_at.toISOString(),
  };
}

export function councilView(c: CouncilRow, members: CouncilMemberRow[]): CouncilView {
  return {
    id: c.id,
    compoundId: c.compound_id,
    communityPath: c.community_path,
    name: c.name,
    since: dayText(c.since),
    members: members.map(memberView),
    createdAt: c.created_at.toISOString(),
  };
}

/** Joint councils (`councils.council`), their members and the meetings of their rhythm as held. */
@Injectable()
export class CouncilStore {
  constructor(private readonly dataSource: DataSource) {}

  async ofCompound(compoundId: string): Promise<CouncilRow | undefined> {
    const rows = await fastRead<CouncilRow>(
      this.dataSource,
      prepared(`SELECT *, since::text AS since FROM "councils".council WHERE compound_id = $1`),
      [compoundId],
    );
    return rows[0];
  }

  async insert(
    m: EntityManager,
    c: { compoundId: string; street: string; communityPath: string; name: string; since: string; by: string; at: Date },
  ): Promise<CouncilRow | undefined> {
    const rows = await updateReturning<CouncilRow>(
      m,
      `INSERT INTO "councils".council (id, compound_id, street_code, community_path, name, since, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (compound_id) DO NOTHING RETURNING *, since::text AS since`,
      [newId(), c.compoundId, c.street, c.communityPath, c.name, c.since, c.by, c.at],
    );
    return rows[0];
  }

  /** Adds a member (the same user in the same role again: the existing membership). */
  async addMember(
    m: EntityManager | undefined,
    councilId: string,
    n: NewMember,
    by: string,
    at: Date,
  ): Promise<CouncilMemberRow> {
    const q = m ?? this.dataSource.manager;
    const rows = await updateReturning<CouncilMemberRow>(
      q,
      `INSERT INTO "councils".council_member (id, council_id, side, role, user_id, person_name, added_by, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (council_id, user_id, role) WHERE user_id IS NOT NULL DO NOTHING RETURNING *`,
      [newId(), councilId, n.side, n.role, n.userId, n.name, by, at],
    );
    if (rows[0]) return rows[0];
    const [seen]: CouncilMemberRow[] = await q.query(
      `SELECT * FROM "councils".council_member WHERE council_id = $1 AND user_id = $2 AND role = $3`,
      [councilId, n.userId, n.role],
    );
    return seen;
  }

  async members(councilId: string): Promise<CouncilMemberRow[]> {
    return fastRead<CouncilMemberRow>(
      this.dataSource,
      prepared(`SELECT * FROM "councils".council_member WHERE council_id = $1 ORDER BY added_at, id`),
      [councilId],
    );
  }

  /** The roles `userId` holds on the council of `compoundId` (none: not a member). */
  async rolesOf(compoundId: string, userId: string): Promise<CouncilRole[]> {
    const rows = await fastRead<{ role: CouncilRole }>(
      this.dataSource,
      prepared(
        `SELECT m.role FROM "councils".council_member m JOIN "councils".council c ON c.id = m.council_id
          WHERE c.compound_id = $1 AND m.user_id = $2`,
      ),
      [compoundId, userId],
    );
    return rows.map((r) => r.role);
  }

  /** Records a rhythm meeting as held (the same kind on the same day again: the record already there). */
  async recordHeld(
    councilId: string,
    h: { kind: RhythmKind; heldOn: string; note: string | null; by: string; at: Date },
  ): Promise<RhythmHeldView> {
    await this.dataSource.query(
      `INSERT INTO "councils".council_rhythm_held (id, council_id, kind, held_on, note, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (council_id, kind, held_on) DO NOTHING`,
      [newId(), councilId, h.kind, h.heldOn, h.note, h.by, h.at],
    );
    const [row]: { kind: RhythmKind; held_on: string; note: string | null }[] = await this.dataSource.query(
      `SELECT kind, held_on::text AS held_on, note FROM "councils".council_rhythm_held
        WHERE council_id = $1 AND kind = $2 AND held_on = $3`,
      [councilId, h.kind, h.heldOn],
    );
    return { kind: row.kind, heldOn: row.held_on, note: row.note };
  }

  async held(councilId: string): Promise<{ kind: RhythmKind; heldOn: string }[]> {
    const rows = await fastRead<{ kind: RhythmKind; held_on: string }>(
      this.dataSource,
      prepared(
        `SELECT kind, held_on::text AS held_on FROM "councils".council_rhythm_held WHERE council_id = $1 ORDER BY held_on`,
      ),
      [councilId],
    );
    return rows.map((r) => ({ kind: r.kind, heldOn: r.held_on }));
  }
}
