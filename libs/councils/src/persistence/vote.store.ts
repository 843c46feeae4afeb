import { Injectable } from '@nestjs/common';
import type { VoteCountView, VoteMatter, VoteStatus } from '@gz/contracts';
import { fastRead, newId, Params, prepared, readPage, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { Elector, RollUnit } from '../domain/vote-count';
import type { ConvenorRow, ElectorRow, VoteRow } from './vote-views';

export interface NewVote {
  compoundId: string;
  street: string;
  communityPath: string;
  matter: VoteMatter;
  title: string;
  description: string | null;
  opensAt: Date;
  closesAt: Date;
  createdBy: string;
  at: Date;
}

/** A unit of the roll as the opening reads it, with what the snapshot keeps of it. */
export interface RollUnitRow extends RollUnit {
  buildingId: string;
  label: string;
}

/** A vote as a ballot reads it: locked for share, with the caller's convened buildings and the named owner's electors. */
export type SharedVote = VoteRow & { convenes: (string | null)[]; electors: ElectorRow[] };

/** The compound a vote belongs to, as the vote needs it. */
export interface CompoundRef {
  id: string;
  street_code: string;
  community_path: string;
  property_company_path: string | null;
  owners_committee_path: string | null;
}

/**
 * Votes (`councils.vote`): their lifecycle rows (the due times the timer poller claims), the
 * electorate snapshot taken at the opening, and the building convenors who enter paper ballots.
 */
@Injectable()
export class VoteStore {
  constructor(private readonly dataSource: DataSource) {}

  async compound(id: string): Promise<CompoundRef | undefined> {
    const rows = await fastRead<CompoundRef>(
      this.dataSource,
      prepared(
        `SELECT id, street_code, community_path, property_company_path, owners_committee_path FROM "councils".compound WHERE id = $1`,
      ),
      [id],
    );
    return rows[0];
  }

  async insert(m: EntityManager, v: NewVote): Promise<VoteRow> {
    const [row] = await updateReturning<VoteRow>(
      m,
      `INSERT INTO "councils".vote (id, compound_id, street_code, community_path, matter, title, description, status,
              opens_at, closes_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8, $9, $10, $11) RETURNING *`,
      [
        newId(),
        v.compoundId,
        v.street,
        v.communityPath,
        v.matter,
        v.title,
        v.description,
        v.opensAt,
        v.closesAt,
        v.createdBy,
        v.at,
      ],
    );
    return row;
  }

  async read(id: string): Promise<VoteRow | undefined> {
    const rows = await fastRead<VoteRow>(this.dataSource, prepared(`SELECT * FROM "councils".vote WHERE id = $1`), [
      id,
    ]);
    return rows[0];
  }

  /**
   * The vote locked for share (ballots go in together, the close's FOR UPDATE waits for them), read
   * in the same statement with the buildings `userId` convenes in its compound (null: the whole
   * compound) and, when `ownerId` is given, the electors that owner belongs to in the vote.
   */
  async readShared(
    m: EntityManager,
    id: string,
    userId: string,
    ownerId: string | null = null,
  ): Promise<SharedVote | undefined> {
    const rows: SharedVote[] = await m.query(
      prepared(
        `SELECT v.*,
                ARRAY(SELECT c.building_id FROM "councils".convenor c WHERE c.compound_id = v.compound_id AND c.user_id::text = $2) AS convenes,
                (SELECT coalesce(json_agg(json_build_object('elector_key', e.elector_key, 'owner_ids', e.owner_ids, 'units', e.units,
                                                            'building_ids', e.building_ids, 'area', e.area::text)), '[]'::json)
                   FROM "councils".vote_elector_owner eo
                   JOIN "councils".vote_elector e ON e.vote_id = eo.vote_id AND e.elector_key = eo.elector_key
                  WHERE eo.vote_id = v.id AND eo.owner_id = $3::uuid) AS electors
           FROM "councils".vote v WHERE v.id = $1 FOR SHARE OF v`,
      ),
      [id, userId, ownerId],
    );
    return rows[0];
  }

  async list(compoundId: string, status: VoteStatus | undefined, page: number, pageSize: number) {
    const p = new Params([compoundId]);
    const where = status ? ` AND status = ${p.add(status)}` : '';
    return readPage<VoteRow>(this.dataSource, {
      columns: '*',
      from: `FROM "councils".vote WHERE compound_id = $1${where}`,
      orderBy: 'created_at DESC, id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /**
   * Up to `limit` votes due at `now` (scheduled to open, or open and due to close), locked; rows
   * another replica holds are skipped, so replicas share the work.
   */
  async claimDue(m: EntityManager, now: Date, limit: number): Promise<VoteRow[]> {
    return m.query(
      `SELECT * FROM "councils".vote
        WHERE (status = 'scheduled' AND opens_at <= $1) OR (status = 'open' AND closes_at <= $1)
        ORDER BY LEAST(CASE WHEN status = 'scheduled' THEN opens_at END, CASE WHEN status = 'open' THEN closes_at END)
        LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      [now],
    );
  }

  /** The roll of a compound as it is now: each unit's counted area and its owners. */
  async roll(m: EntityManager, compoundId: string): Promise<RollUnitRow[]> {
    const rows: { id: string; area: number; dev: boolean; owner_ids: string[]; building_id: string; label: string }[] =
      await m.query(
        `SELECT u.id, u.area, (u.developer_unsold OR coalesce(bool_or(o.developer), false)) AS dev,
                coalesce(array_agg(o.id) FILTER (WHERE o.id IS NOT NULL), '{}') AS owner_ids,
                u.building_id, b.name || ' ' || u.number AS label
           FROM "councils".unit u
           JOIN "councils".building b ON b.id = u.building_id
           LEFT JOIN "councils".ownership os ON os.unit_id = u.id
           LEFT JOIN "councils".owner o ON o.id = os.owner_id
          WHERE u.compound_id = $1
          GROUP BY u.id, b.name
          ORDER BY b.name, u.number`,
        [compoundId],
      );
    return rows.map((r) => ({
      unitId: r.id,
      areaHundredths: Number(r.area),
      ownerIds: r.owner_ids,
      developerUnsold: r.dev,
      buildingId: r.building_id,
      label: r.label,
    }));
  }

  /** Stores the electorate snapshot and opens the vote. */
  async open(
    m: EntityManager,
    vote: VoteRow,
    electors: Elector[],
    units: Map<string, RollUnitRow>,
    now: Date,
  ): Promise<VoteRow> {
    const records = electors.map((e) => ({
      elector_key: e.key,
      owner_ids: e.ownerIds,
      unit_ids: e.unitIds,
      building_ids: [...new Set(e.unitIds.map((u) => units.get(u)?.buildingId ?? ''))].filter(Boolean),
      units: e.unitIds.map((u) => units.get(u)?.label ?? u),
      area: e.areaHundredths,
    }));
    const json = JSON.stringify(records);
    await m.query(
      `INSERT INTO "councils".vote_elector (vote_id, elector_key, owner_ids, unit_ids, building_ids, units, area)
       SELECT $1, r.elector_key, r.owner_ids, r.unit_ids, r.building_ids, r.units, r.area
         FROM jsonb_to_recordset($2::jsonb) AS r(elector_key text, owner_ids uuid[], unit_ids uuid[], building_ids uuid[], units text[], area bigint)`,
      [vote.id, json],
    );
    await m.query(
      `INSERT INTO "councils".vote_elector_owner (vote_id, owner_id, elector_key)
       SELECT $1, o.owner_id, r.elector_key
         FROM jsonb_to_recordset($2::jsonb) AS r(elector_key text, owner_ids uuid[]), unnest(r.owner_ids) AS o(owner_id)`,
      [vote.id, json],
    );
    const area = electors.reduce((s, e) => s + e.areaHundredths, 0);
    const [row] = await updateReturning<VoteRow>(
      m,
      `UPDATE "councils".vote SET status = 'open', opened_at = $2, total_area = $3, total_headcount = $4, version = version + 1
        WHERE id = $1 RETURNING *`,
      [vote.id, now, area, electors.length],
    );
    return row;
  }

  async close(m: EntityManager, voteId: string, result: VoteCountView, now: Date): Promise<VoteRow> {
    const [row] = await updateReturning<VoteRow>(
      m,
      `UPDATE "councils".vote SET status = 'closed', closed_at = $2, result = $3, version = version + 1 WHERE id = $1 RETURNING *`,
      [voteId, now, JSON.stringify(result)],
    );
    return row;
  }

  /** The electors an owner of the roll belongs to in a vote. */
  async electorsOfOwner(m: EntityManager, voteId: string, ownerId: string): Promise<ElectorRow[]> {
    return m.query(
      prepared(
        `SELECT e.elector_key, e.owner_ids, e.units, e.building_ids, e.area
           FROM "councils".vote_elector_owner eo
           JOIN "councils".vote_elector e ON e.vote_id = eo.vote_id AND e.elector_key = eo.elector_key
          WHERE eo.vote_id = $1 AND eo.owner_id = $2`,
      ),
      [voteId, ownerId],
    );
  }

  /** The owners of the roll a resident's account is linked to, within a vote's electorate. */
  async linkedOwners(m: EntityManager, voteId: string, compoundId: string, userId: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      prepared(
        `SELECT DISTINCT o.id FROM "councils".owner o
           JOIN "councils".vote_elector_owner eo ON eo.vote_id = $1 AND eo.owner_id = o.id
          WHERE o.compound_id = $2 AND o.user_id = $3`,
      ),
      [voteId, compoundId, userId],
    );
    return rows.map((r) => r.id);
  }

  /** True when the user is linked to an owner of the compound's roll. */
  async isOwnerOf(compoundId: string, userId: string): Promise<boolean> {
    const rows = await fastRead<{ one: number }>(
      this.dataSource,
      prepared(`SELECT 1 AS one FROM "councils".owner WHERE compound_id = $1 AND user_id = $2 LIMIT 1`),
      [compoundId, userId],
    );
    return rows.length > 0;
  }

  async elector(voteId: string, electorKey: string): Promise<ElectorRow | undefined> {
    const rows = await fastRead<ElectorRow>(
      this.dataSource,
      `SELECT elector_key, owner_ids, units, building_ids, area FROM "councils".vote_elector WHERE vote_id = $1 AND elector_key = $2`,
      [voteId, electorKey],
    );
    return rows[0];
  }

  /** The electors that cast no ballot, one page. */
  async nonVoters(voteId: string, page: number, pageSize: number) {
    return readPage<ElectorRow>(this.dataSource, {
      columns: 'e.elector_key, e.owner_ids, e.units, e.building_ids, e.area',
      from: `FROM "councils".vote_elector e
              WHERE e.vote_id = $1
                AND NOT EXISTS (SELECT 1 FROM "councils".ballot b WHERE b.vote_id = e.vote_id AND b.elector_key = e.elector_key)`,
      orderBy: 'e.elector_key',
      params: [voteId],
      page,
      pageSize,
    });
  }

  async countNonVoters(m: EntityManager, voteId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM "councils".vote_elector e
        WHERE e.vote_id = $1
          AND NOT EXISTS (SELECT 1 FROM "councils".ballot b WHERE b.vote_id = e.vote_id AND b.elector_key = e.elector_key)`,
      [voteId],
    );
    return n;
  }

  // -- building convenors (楼栋长) --

  async buildingOf(buildingId: string): Promise<{ compound_id: string } | undefined> {
    const rows = await fastRead<{ compound_id: string }>(
      this.dataSource,
      `SELECT compound_id FROM "councils".building WHERE id = $1`,
      [buildingId],
    );
    return rows[0];
  }

  /** Assigns a convenor (once: assigning the same again answers the first assignment). */
  async assignConvenor(c: Omit<ConvenorRow, 'id'>): Promise<ConvenorRow> {
    const inserted = await fastRead<ConvenorRow>(
      this.dataSource,
      `INSERT INTO "councils".convenor (id, compound_id, user_id, building_id, assigned_by, assigned_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING *`,
      [newId(), c.compound_id, c.user_id, c.building_id, c.assigned_by, c.assigned_at],
    );
    if (inserted[0]) return inserted[0];
    const rows = await fastRead<ConvenorRow>(
      this.dataSource,
      `SELECT * FROM "councils".convenor
        WHERE compound_id = $1 AND user_id = $2 AND building_id IS NOT DISTINCT FROM $3`,
      [c.compound_id, c.user_id, c.building_id],
    );
    return rows[0];
  }

  /** The buildings a user convenes in a compound (null: the whole compound); empty when none. */
  async convenorBuildings(compoundId: string, userId: string, m?: EntityManager): Promise<(string | null)[]> {
    const sql = prepared(`SELECT building_id FROM "councils".convenor WHERE compound_id = $1 AND user_id = $2`);
    const rows: { building_id: string | null }[] = m
      ? await m.query(sql, [compoundId, userId])
      : await fastRead(this.dataSource, sql, [compoundId, userId]);
    return rows.map((r) => r.building_id);
  }
}
