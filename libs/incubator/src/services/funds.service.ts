import { Injectable } from '@nestjs/common';
import {
  streetOfPath,
  type Actor,
  type CreateFundRequest,
  type FundListQuery,
  type FundView,
  type Page,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  OrgUnits,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { keeps, listingScopes } from '../domain/access';
import { fundPlaceKind, managesFund, placesAbove, readsFund, readsStatement } from '../domain/fund-rules';
import { FundStore } from '../persistence/fund.store';
import { fundView, managerIds, type FundRow } from '../persistence/fund-views';

/** What the caller needs of a fund: to manage it, to read its ledger, or its public statement. */
export type FundNeed = 'manage' | 'read' | 'statement';

/**
 * Community funds and micro-funds (社区基金, 微基金): ring-fenced in a charity's accounts, kept by
 * the community's (or street's) keepers and run by their managers. The ledger: FundLedgerService;
 * spending: FundSpendingService; the statement: FundStatementService.
 */
@Injectable()
export class FundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundStore,
    private readonly orgs: OrgUnits,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateFundRequest, actor: Actor | undefined): Promise<FundView> {
    const a = requireActor(actor);
    if (!keeps(a, req.placePath))
      throw forbidden(`Only the keepers of ${req.placePath} set up a fund for it`, { path: req.placePath });
    const ids = req.managers.map((m) => m.userId);
    if (new Set(ids).size !== ids.length)
      throw unprocessable('managers: each manager is listed once', { field: 'managers' });
    await this.orgs.require(req.placePath, fundPlaceKind(req.placePath), 'placePath');
    const now = this.clock.now();
    const id = newId();
    try {
      await this.dataSource.transaction(async (m) => {
        await this.funds.insert(
          m,
          {
            id,
            kind: req.kind,
            name: req.name.trim(),
            place_path: req.placePath,
            street_code: streetOfPath(req.placePath),
            charity: req.charity.trim(),
            charity_credit_code: req.charityCreditCode ?? null,
            purpose: req.purpose?.trim() ?? null,
            created_by: a.username ?? a.id,
            created_at: now,
          },
          req.managers.map((x) => ({ userId: x.userId, name: x.name.trim() })),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error, 'fund_name'))
        throw conflict(`${req.placePath} already has a fund named ${req.name.trim()}`, { field: 'name' });
      throw error;
    }
    return this.get(id, a);
  }

  async get(id: string, actor: Actor | undefined): Promise<FundView> {
    return fundView(await this.fund(id, actor, 'statement'));
  }

  async list(query: FundListQuery, actor: Actor | undefined): Promise<Page<FundView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.funds.list(
      {
        scopes: listingScopes(a),
        above: a.kind === 'user' ? placesAbove(a.scopes) : [],
        userId: a.kind === 'user' ? a.id : undefined,
        within: query.within,
        kind: query.kind,
      },
      page,
      pageSize,
    );
    return { items: rows.map(fundView), total, page, pageSize };
  }

  /** The fund when the caller may do what they need with it, else 404/403. */
  async fund(id: string, actor: Actor | undefined, need: FundNeed): Promise<FundRow> {
    const a = requireActor(actor);
    const f = await this.funds.get(this.dataSource, id);
    if (!f) throw notFound('fund', { id });
    const access = { placePath: f.place_path, managers: managerIds(f) };
    const allowed =
      need === 'manage' ? managesFund(a, access) : need === 'read' ? readsFund(a, access) : readsStatement(a, access);
    if (!allowed)
      throw forbidden(
        need === 'manage'
          ? "Only the fund's managers and the keepers of its place act on it"
          : 'This fund lies outside your scope',
        { id },
      );
    return f;
  }
}
