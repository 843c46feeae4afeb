import { Injectable } from '@nestjs/common';
import {
  MAX_DELIVERABLES,
  pathDepth,
  pathWithin,
  type Actor,
  type AddDeliverablesCommand,
  type CreateServiceContractRequest,
  type DeliverableInput,
  type Page,
  type ServiceContractDetailView,
  type ServiceContractListQuery,
  type ServiceContractPaymentsQuery,
  type ServiceContractView,
  type ServicePaymentView,
} from '@gz/contracts';
import {
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  OrgUnits,
  requireActor,
  unprocessable,
  Clock,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { actsFor, listingScopes, reads } from '../domain/access';
import { buys, contractProblems } from '../domain/service-contract-rules';
import { ServiceContractStore, type NewDeliverable } from '../persistence/service-contract.store';
import {
  dayOf,
  deliverableView,
  fenOf,
  serviceContractView,
  servicePaymentView,
  type ServiceContractRow,
} from '../persistence/purchased-services-views';
import { OrganisationsService } from './organisations.service';

const who = (a: Actor) => a.username ?? a.id;

function refuse(problems: Record<string, string>): void {
  const [field] = Object.keys(problems);
  if (field) throw unprocessable(`${field}: ${problems[field]}`, { field, problems });
}

/**
 * Services purchased by government (政府购买服务): contracts between a street (or the district)
 * and an organisation on the roll, with their service items, budget, period and deliverables.
 */
@Injectable()
export class ServiceContractsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contracts: ServiceContractStore,
    private readonly organisations: OrganisationsService,
    private readonly orgs: OrgUnits,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateServiceContractRequest, actor: Actor | undefined): Promise<ServiceContractDetailView> {
    const a = requireActor(actor);
    if (!buys(a, req.buyerPath))
      throw forbidden(`Only the admins of ${req.buyerPath} buy services for it`, { path: req.buyerPath });
    const organisation = await this.organisations.visible(req.organisationId, a);
    const deliverables = req.deliverables ?? [];
    refuse(contractProblems({ ...req, deliverables }));
    if (!pathWithin(organisation.community_path, req.buyerPath))
      throw unprocessable(`organisationId: the organisation is based outside ${req.buyerPath}`, {
        field: 'organisationId',
      });
    await this.orgs.require(req.buyerPath, pathDepth(req.buyerPath) === 1 ? 'district' : 'street', 'buyerPath');
    const now = this.clock.now();
    const id = newId();
    try {
      await this.dataSource.transaction(async (m) => {
        await this.contracts.insert(m, {
          id,
          contract_no: req.contractNo ?? null,
          organisation_id: organisation.id,
          street_code: organisation.street_code,
          community_path: organisation.community_path,
          buyer_path: req.buyerPath,
          title: req.title.trim(),
          service_items: req.serviceItems.map((i) => ({
            name: i.name.trim(),
            description: i.description?.trim() ?? null,
            quantity: i.quantity ?? null,
            unit: i.unit?.trim() ?? null,
          })),
          budget_fen: req.budgetFen,
          committed_fen: deliverables.reduce((sum, d) => sum + d.amountFen, 0),
          deliverable_count: deliverables.length,
          period_start: req.periodStart,
          period_end: req.periodEnd,
          created_by: who(a),
          created_by_id: a.id,
          created_at: now,
        });
        await this.contracts.insertDeliverables(m, this.newDeliverables(id, 0, deliverables, now));
      });
    } catch (error) {
      if (isUniqueViolation(error, 'service_contract_no'))
        throw conflict(`${req.buyerPath} already has a contract numbered ${req.contractNo}`, { field: 'contractNo' });
      throw error;
    }
    return this.detail(id);
  }

  /** More deliverables, within the budget (together with those there: checked in one statement). */
  async addDeliverables(cmd: AddDeliverablesCommand, actor: Actor | undefined): Promise<ServiceContractDetailView> {
    const c = await this.bought(cmd.contractId, actor);
    const periodStart = dayOf(c.period_start);
    const periodEnd = dayOf(c.period_end);
    const budgetFen = fenOf(c.budget_fen);
    refuse(contractProblems({ periodStart, periodEnd, budgetFen, deliverables: cmd.deliverables }));
    if (c.deliverable_count + cmd.deliverables.length > MAX_DELIVERABLES)
      throw unprocessable(`deliverables: a contract has at most ${MAX_DELIVERABLES} deliverables`, {
        field: 'deliverables',
      });
    const sum = cmd.deliverables.reduce((total, d) => total + d.amountFen, 0);
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      const before = await this.contracts.commit(m, c.id, sum, cmd.deliverables.length, MAX_DELIVERABLES, now);
      if (before === undefined) {
        const current = await this.contracts.get(m, c.id);
        throw conflict(
          `The deliverables would come to more than the budget of ${budgetFen} fen (${current?.committed_fen ?? '?'} fen committed) or more than ${MAX_DELIVERABLES}`,
          { budgetFen, committedFen: current ? fenOf(current.committed_fen) : null },
        );
      }
      await this.contracts.insertDeliverables(m, this.newDeliverables(c.id, before, cmd.deliverables, now));
    });
    return this.detail(c.id);
  }

  async get(id: string, actor: Actor | undefined): Promise<ServiceContractDetailView> {
    await this.readable(id, actor);
    return this.detail(id);
  }

  async list(query: ServiceContractListQuery, actor: Actor | undefined): Promise<Page<ServiceContractView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.contracts.list(
      {
        scopes: listingScopes(a),
        orgScopes: a.roles.includes('social_org_staff') ? a.scopes : [],
        within: query.within,
        organisationId: query.organisationId,
      },
      page,
      pageSize,
    );
    return { items: rows.map(serviceContractView), total, page, pageSize };
  }

  async payments(query: ServiceContractPaymentsQuery, actor: Actor | undefined): Promise<Page<ServicePaymentView>> {
    await this.readable(query.contractId, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.contracts.payments(query.contractId, page, pageSize);
    return { items: rows.map(servicePaymentView), total, page, pageSize };
  }

  /** The contract when the caller may read it: the buyer's and the organisation's staff and readers; else 404/403. */
  async readable(id: string, actor: Actor | undefined): Promise<ServiceContractRow> {
    const a = requireActor(actor);
    const c = await this.contracts.get(this.dataSource, id);
    if (!c) throw notFound('contract', { id });
    if (!reads(a, c.buyer_path) && !reads(a, c.community_path) && !actsFor(a, c.organisation_org_path))
      throw forbidden('This contract lies outside your scope', { id });
    return c;
  }

  /** The contract when the caller acts as its buyer; else 404/403. */
  async bought(id: string, actor: Actor | undefined): Promise<ServiceContractRow> {
    const a = requireActor(actor);
    const c = await this.contracts.get(this.dataSource, id);
    if (!c) throw notFound('contract', { id });
    if (!buys(a, c.buyer_path))
      throw forbidden(`Only the admins of ${c.buyer_path} act as this contract's buyer`, { id });
    return c;
  }

  async detail(id: string): Promise<ServiceContractDetailView> {
    const c = await this.contracts.get(this.dataSource, id);
    if (!c) throw notFound('contract', { id });
    const deliverables = await this.contracts.deliverables(this.dataSource, id);
    return { ...serviceContractView(c), deliverables: deliverables.map(deliverableView) };
  }

  private newDeliverables(
    contractId: string,
    before: number,
    inputs: readonly DeliverableInput[],
    at: Date,
  ): NewDeliverable[] {
    return inputs.map((d, i) => ({
      id: newId(),
      contract_id: contractId,
      seq: before + i + 1,
      title: d.title.trim(),
      description: d.description?.trim() ?? null,
      due_on: d.dueOn,
      amount_fen: d.amountFen,
      created_at: at,
    }));
  }
}
