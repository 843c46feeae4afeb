import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type CreateOwnerCommand,
  type OwnerChangeView,
  type OwnerFieldChange,
  type OwnerListQuery,
  type OwnerPhoneView,
  type OwnerPiiAccessEntry,
  type OwnerPiiAccessQuery,
  type OwnerView,
  type Page,
  type RevealOwnerPhoneCommand,
  type UpdateOwnerCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  requireActor,
  requireRole,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { PhoneCipher } from '../crypto/phone-cipher';
import { readsRoll } from '../domain/access';
import { maskPhone } from '@gz/platform';
import { CompoundStore } from '../persistence/compound.store';
import { OwnerStore } from '../persistence/owner.store';
import { UnitStore } from '../persistence/unit.store';
import { ownerChangeView, ownerView, placeOf, type CompoundRow, type OwnerRow } from '../persistence/views';
import { CompoundsService } from './compounds.service';
import { RollChanges } from './roll-changes.service';

const who = (a: Actor) => a.username ?? a.id;
const STALE = (current: number) => conflict('The owner was changed since you read it', { currentVersion: current });

/**
 * The owners' roll (业主名册): owners, the units they hold (several units, joint owners), the
 * developer as one owner, edits with their history, links to residents' accounts (by the
 * community, or by a one-time code the resident redeems: OwnerLinksService), and audited reads
 * of full phones.
 */
@Injectable()
export class OwnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly owners: OwnerStore,
    private readonly units: UnitStore,
    private readonly compoundStore: CompoundStore,
    private readonly compounds: CompoundsService,
    private readonly cipher: PhoneCipher,
    private readonly changes: RollChanges,
    private readonly clock: Clock,
  ) {}

  async create(cmd: CreateOwnerCommand, actor: Actor | undefined): Promise<OwnerView> {
    const a = requireActor(actor);
    const c = await this.compounds.kept(cmd.compoundId, a);
    const unitIds = [...new Set(cmd.unitIds)];
    await this.requireUnits(c, unitIds);
    const now = this.clock.now();
    const id = newId();
    const row: OwnerRow = {
      id,
      compound_id: c.id,
      name: cmd.name.trim(),
      ...this.phoneColumns(cmd.phone ?? null, id),
      developer: cmd.developer ?? false,
      user_id: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.dataSource.transaction(async (m) => {
        await this.owners.insertMany(m, [row]);
        await this.owners.setUnits(m, id, unitIds, now);
        const fields: OwnerFieldChange[] = [
          { field: 'name', from: null, to: row.name },
          ...(row.phone_masked ? [{ field: 'phone', from: null, to: row.phone_masked }] : []),
          ...(row.developer ? [{ field: 'developer', from: null, to: 'true' }] : []),
          { field: 'units', from: null, to: String(unitIds.length) },
        ];
        await this.changes.record(m, c, a, id, 'added', fields, now);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'owner_developer'))
        throw conflict('The compound already has its developer on the roll', { field: 'developer' });
      throw error;
    }
    return this.view(id);
  }

  async get(id: string, actor: Actor | undefined): Promise<OwnerView> {
    await this.readable(id, actor);
    return this.view(id);
  }

  async list(query: OwnerListQuery, actor: Actor | undefined): Promise<Page<OwnerView>> {
    const a = requireActor(actor);
    const c = await this.compoundStore.get(this.dataSource, query.compoundId);
    if (!c) throw notFound('Compound', { id: query.compoundId });
    if (!readsRoll(a, placeOf(c)))
      throw forbidden(`Outside your scope: ${c.community_path}`, { path: c.community_path });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.owners.list(c.id, page, pageSize);
    const holdings = await this.owners.holdings(
      this.dataSource,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => ownerView(r, holdings.get(r.id) ?? [])), total, page, pageSize };
  }

  async update(cmd: UpdateOwnerCommand, actor: Actor | undefined): Promise<OwnerView> {
    const a = requireActor(actor);
    const before = await this.owners.get(this.dataSource, cmd.id);
    if (!before) throw notFound('Owner', { id: cmd.id });
    const c = await this.compounds.kept(before.compound_id, a);
    const unitIds = cmd.unitIds ? [...new Set(cmd.unitIds)] : undefined;
    if (unitIds) await this.requireUnits(c, unitIds);
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      const o = await this.owners.lock(m, cmd.id);
      if (!o) throw notFound('Owner', { id: cmd.id });
      if (o.version !== cmd.version) throw STALE(o.version);
      const set: Parameters<OwnerStore['update']>[3] = {};
      const fields: OwnerFieldChange[] = [];
      if (cmd.name !== undefined && cmd.name.trim() !== o.name) {
        set.name = cmd.name.trim();
        fields.push({ field: 'name', from: o.name, to: set.name });
      }
      if (cmd.phone !== undefined) {
        const phone = this.phoneColumns(cmd.phone, o.id);
        if (phone.phone_index !== o.phone_index) {
          Object.assign(set, phone);
          fields.push({ field: 'phone', from: o.phone_masked, to: phone.phone_masked });
        }
      }
      if (unitIds) {
        const held = ((await this.owners.holdings(m, [o.id])).get(o.id) ?? []).map((h) => h.unit_id).sort();
        if (held.join() !== [...unitIds].sort().join()) {
          await this.owners.setUnits(m, o.id, unitIds, now);
          fields.push({ field: 'units', from: String(held.length), to: String(unitIds.length) });
        }
      }
      if (fields.length === 0) return;
      if (!(await this.owners.update(m, o.id, o.version, set, now))) throw STALE(o.version + 1);
      await this.changes.record(m, c, a, o.id, 'updated', fields, now);
    });
    return this.view(cmd.id);
  }

  async history(id: string, actor: Actor | undefined): Promise<OwnerChangeView[]> {
    await this.readable(id, actor);
    return (await this.owners.changes(this.dataSource, id)).map(ownerChangeView);
  }

  /** The full phone, for the roll's keepers, with a reason; every such read is audited. */
  async reveal(cmd: RevealOwnerPhoneCommand, actor: Actor | undefined): Promise<OwnerPhoneView> {
    const a = requireActor(actor);
    const o = await this.owners.get(this.dataSource, cmd.id);
    if (!o) throw notFound('Owner', { id: cmd.id });
    await this.compounds.kept(o.compound_id, a);
    await this.owners.auditRead(this.dataSource, {
      ownerId: o.id,
      compoundId: o.compound_id,
      reader: who(a),
      readerId: a.id,
      reason: cmd.reason.trim(),
      at: this.clock.now(),
    });
    return { ownerId: o.id, phone: o.phone_sealed ? this.cipher.open(o.phone_sealed, o.id) : null };
  }

  /** Who read whose full phone, when and why: auditors and district admins, within their scopes. */
  async phoneReads(query: OwnerPiiAccessQuery, actor: Actor | undefined): Promise<Page<OwnerPiiAccessEntry>> {
    const a = requireRole(actor, 'auditor', 'district_admin');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.owners.readsOfPhones(
      { scopes: a.scopes, compoundId: query.compoundId, ownerId: query.ownerId },
      page,
      pageSize,
    );
    const items = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      ownerId: r.owner_id,
      compoundId: r.compound_id,
      reader: r.reader,
      readerId: r.reader_id,
      reason: r.reason,
    }));
    return { items, total, page, pageSize };
  }

  /** 404 unknown; the roll's readers and the owner themself read an owner. */
  private async readable(id: string, actor: Actor | undefined): Promise<OwnerRow> {
    const a = requireActor(actor);
    const o = await this.owners.get(this.dataSource, id);
    if (!o) throw notFound('Owner', { id });
    if (a.kind === 'user' && o.user_id === a.id) return o;
    const c = await this.compoundStore.get(this.dataSource, o.compound_id);
    if (!c || !readsRoll(a, placeOf(c)))
      throw forbidden(`Outside your scope: ${c?.community_path ?? ''}`, { path: c?.community_path });
    return o;
  }

  private async requireUnits(c: CompoundRow, unitIds: readonly string[]): Promise<void> {
    if (unitIds.length > 0 && (await this.units.countIn(this.dataSource, c.id, unitIds)) !== unitIds.length)
      throw unprocessable('unitIds must be units of this compound', { field: 'unitIds' });
  }

  /** The stored columns of a phone: sealed, masked and indexed (all null without one). */
  phoneColumns(phone: string | null, ownerId: string): Pick<OwnerRow, 'phone_sealed' | 'phone_masked' | 'phone_index'> {
    if (!phone) return { phone_sealed: null, phone_masked: null, phone_index: null };
    return {
      phone_sealed: this.cipher.seal(phone, ownerId),
      phone_masked: maskPhone(phone),
      phone_index: this.cipher.index(phone),
    };
  }

  /** The owner as answered, with the units they hold. */
  async view(id: string): Promise<OwnerView> {
    const o = await this.owners.get(this.dataSource, id);
    if (!o) throw notFound('Owner', { id });
    const holdings = await this.owners.holdings(this.dataSource, [id]);
    return ownerView(o, holdings.get(id) ?? []);
  }
}
