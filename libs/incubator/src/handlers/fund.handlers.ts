import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ApproveSpendingCommand,
  CreateFundRequest,
  FundEntryListQuery,
  FundIdRequest,
  FundListQuery,
  FundPiiAccessQuery,
  FundStatementCommand,
  IncubatorRoutes,
  PaySpendingCommand,
  RecordDonationCommand,
  RejectSpendingCommand,
  RequestSpendingCommand,
  RevealDonorPhoneCommand,
  ReverseFundEntryCommand,
  SpendingListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { FundLedgerService } from '../services/fund-ledger.service';
import { FundSpendingService } from '../services/fund-spending.service';
import { FundStatementService } from '../services/fund-statement.service';
import { FundsService } from '../services/funds.service';

/** Community funds and micro-funds: the fund, its ledger, spending, the public statement. */
@Controller()
export class FundHandlers {
  constructor(
    private readonly funds: FundsService,
    private readonly ledger: FundLedgerService,
    private readonly spending: FundSpendingService,
    private readonly statements: FundStatementService,
  ) {}

  @BusHandler(IncubatorRoutes.fundCreate)
  create(@Payload() req: CreateFundRequest, @CallerActor() actor?: Actor) {
    return this.funds.create(req, actor);
  }

  @BusHandler(IncubatorRoutes.fundGet)
  get(@Payload() req: FundIdRequest, @CallerActor() actor?: Actor) {
    return this.funds.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.fundList)
  list(@Payload() query: FundListQuery, @CallerActor() actor?: Actor) {
    return this.funds.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.fundDonationRecord)
  donate(@Payload() cmd: RecordDonationCommand, @CallerActor() actor?: Actor) {
    return this.ledger.donate(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.fundEntryList)
  entries(@Payload() query: FundEntryListQuery, @CallerActor() actor?: Actor) {
    return this.ledger.entries(query, actor);
  }

  @BusHandler(IncubatorRoutes.fundEntryReverse)
  reverse(@Payload() cmd: ReverseFundEntryCommand, @CallerActor() actor?: Actor) {
    return this.ledger.reverse(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.fundDonorReveal)
  reveal(@Payload() cmd: RevealDonorPhoneCommand, @CallerActor() actor?: Actor) {
    return this.ledger.reveal(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.fundPiiAccess)
  piiAccess(@Payload() query: FundPiiAccessQuery, @CallerActor() actor?: Actor) {
    return this.ledger.donorReads(query, actor);
  }

  @BusHandler(IncubatorRoutes.fundSpendingRequest)
  requestSpending(@Payload() cmd: RequestSpendingCommand, @CallerActor() actor?: Actor) {
    return this.spending.request(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.fundSpendingList)
  spendingList(@Payload() query: SpendingListQuery, @CallerActor() actor?: Actor) {
    return this.spending.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.fundSpendingApprove)
  approve(@Payload() cmd: ApproveSpendingCommand, @CallerActor() actor?: Actor) {
    return this.spending.approve(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.fundSpendingReject)
  reject(@Payload() cmd: RejectSpendingCommand, @CallerActor() actor?: Actor) {
    return this.spending.reject(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.fundSpendingPay)
  pay(@Payload() cmd: PaySpendingCommand, @CallerActor() actor?: Actor) {
    return this.spending.pay(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.fundStatement)
  statement(@Payload() cmd: FundStatementCommand, @CallerActor() actor?: Actor) {
    return this.statements.statement(cmd, actor);
  }
}
