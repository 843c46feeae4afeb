import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  type AcceptDeliverableCommand,
  type Actor,
  type DeliverableView,
  type PayDeliverableCommand,
  type PayDeliverableResult,
  type ReportDeliverableCommand,
  type ReturnDeliverableCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  DomainError,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  Outbox,
  requireActor,
  shanghaiDay,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { actsFor } from '../domain/access';
import { buys, paymentRefusal } from '../domain/service-contract-rules';
import { ServiceContractStore } from '../persistence/service-contract.store';
import {
  deliverableView,
  fenOf,
  servicePaymentView,
  type DeliverableRow,
  type ServiceContractRow,
  type ServicePaymentRow,
} from '../persistence/purchased-services-views';

const who = (a: Actor) => a.username ?? a.id;

/**
 * A purchased service's deliverables: the organisation reports one, the buyer accepts it (or
 * returns it for another report), and pays it once accepted, never beyond its amount or the
 * contract's budget (conditional updates of both totals in one transaction).
 */
@Injectable()
export class DeliverablesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contracts: ServiceContractStore,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The organisation's report (its staff, or the buyer entering a report handed in on paper). */
  async report(cmd: ReportDeliverableCommand, actor: Actor | undefined): Promise<DeliverableView> {
    const a = requireActor(actor);
    const { d, c } = await this.load(cmd.id);
    if (!actsFor(a, c.organisation_org_path) && !buys(a, c.buyer_path))
      throw forbidden("Only the organisation's staff or the buyer report a deliverable", { id: d.id });
    const done = await this.contracts.report(this.dataSource, d.id, {
      summary: cmd.summary.trim(),
      attachments: cmd.attachments ?? [],
      by: who(a),
      at: this.clock.now(),
    });
    if (!done) throw await this.stateConflict(d.id, 'only a planned or returned deliverable is reported');
    return deliverableView(done);
  }

  async accept(cmd: AcceptDeliverableCommand, actor: Actor | undefined): Promise<DeliverableView> {
    const a = requireActor(actor);
    const { d, c } = await this.bought(cmd.id, a);
    const at = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const done = await this.contracts.decide(m, d.id, {
        status: 'accepted',
        note: cmd.note?.trim() ?? null,
        by: who(a),
        at,
      });
      if (!done) throw await this.stateConflict(d.id, 'only a reported deliverable is accepted', m);
      await this.outbox.add(m, {
        type: IncubatorEvents.deliverableAccepted,
        street: c.street_code,
        actor: a,
        occurredAt: at,
        data: {
          contractId: c.id,
          deliverableId: d.id,
          organisationId: c.organisation_id,
          street: c.street_code,
          communityPath: c.community_path,
          buyerPath: c.buyer_path,
          amountFen: fenOf(done.amount_fen),
          by: personOf(a),
          at: at.toISOString(),
        },
      });
      return deliverableView(done);
    });
  }

  /** Sends a reported deliverable back to the organisation, which reports it again. */
  async sendBack(cmd: ReturnDeliverableCommand, actor: Actor | undefined): Promise<DeliverableView> {
    const a = requireActor(actor);
    const { d } = await this.bought(cmd.id, a);
    const done = await this.contracts.decide(this.dataSource, d.id, {
      status: 'returned',
      note: cmd.reason.trim(),
      by: who(a),
      at: this.clock.now(),
    });
    if (!done) throw await this.stateConflict(d.id, 'only a reported deliverable is returned');
    return deliverableView(done);
  }

  /**
   * A payment for an accepted deliverable: 409 before acceptance or beyond what is left of it or
   * of the budget. A retry with the same Idempotency-Key answers the first payment and pays nothing.
   */
  async pay(cmd: PayDeliverableCommand, actor: Actor | undefined): Promise<PayDeliverableResult> {
    const a = requireActor(actor);
    const { d, c } = await this.bought(cmd.id, a);
    const at = this.clock.now();
    const today = shanghaiDay(at);
    if (cmd.paidOn > today)
      throw unprocessable(`paidOn: must not be in the future (today is ${today})`, { field: 'paidOn' });
    try {
      return await this.payOnce(cmd, a, d, c, at);
    } catch (error) {
      // the first request's payment stands: its key's unique index refused this one, or it took what was left
      if (
        cmd.idempotencyKey &&
        (isUniqueViolation(error) || (error instanceof DomainError && error.code === 'conflict'))
      ) {
        const first = await this.contracts.paymentByKey(this.dataSource, d.id, a.id, cmd.idempotencyKey);
        if (first) return this.answer(first);
      }
      throw error;
    }
  }

  private async payOnce(
    cmd: PayDeliverableCommand,
    a: Actor,
    d: DeliverableRow,
    c: ServiceContractRow,
    at: Date,
  ): Promise<PayDeliverableResult> {
    return this.dataSource.transaction(async (m) => {
      const paid = await this.contracts.payDeliverable(m, d.id, cmd.amountFen, at);
      if (!paid) throw await this.refusal(m, d.id, c.id, cmd.amountFen);
      const contractPaid = await this.contracts.payContract(m, c.id, cmd.amountFen, at);
      if (contractPaid === undefined) throw await this.refusal(m, d.id, c.id, cmd.amountFen);
      const payment = {
        id: newId(),
        contract_id: c.id,
        deliverable_id: d.id,
        amount_fen: cmd.amountFen,
        paid_on: cmd.paidOn,
        reference: cmd.reference?.trim() ?? null,
        paid_by: who(a),
        paid_by_id: a.id,
        idempotency_key: cmd.idempotencyKey ?? null,
        at,
      };
      await this.contracts.insertPayment(m, payment);
      await this.outbox.add(m, {
        type: IncubatorEvents.deliverablePaid,
        street: c.street_code,
        actor: a,
        occurredAt: at,
        data: {
          contractId: c.id,
          deliverableId: d.id,
          paymentId: payment.id,
          organisationId: c.organisation_id,
          street: c.street_code,
          communityPath: c.community_path,
          buyerPath: c.buyer_path,
          amountFen: cmd.amountFen,
          deliverablePaidFen: fenOf(paid.paid_fen),
          contractPaidFen: fenOf(contractPaid),
          paidOn: cmd.paidOn,
          by: personOf(a),
          at: at.toISOString(),
        },
      });
      return {
        payment: servicePaymentView({ ...payment, amount_fen: String(payment.amount_fen) }),
        deliverable: deliverableView(paid),
        contractPaidFen: fenOf(contractPaid),
      };
    });
  }

  /** A payment made earlier, as answered: with its deliverable and contract as they stand now. */
  private async answer(payment: ServicePaymentRow): Promise<PayDeliverableResult> {
    const d = await this.contracts.deliverable(this.dataSource, payment.deliverable_id);
    const c = await this.contracts.get(this.dataSource, payment.contract_id);
    if (!d || !c) throw notFound('deliverable', { id: payment.deliverable_id });
    return {
      payment: servicePaymentView(payment),
      deliverable: deliverableView(d),
      contractPaidFen: fenOf(c.paid_fen),
    };
  }

  /** Why the database refused a payment, read as things stand now (409). */
  private async refusal(m: EntityManager, deliverableId: string, contractId: string, amountFen: number) {
    const d = await this.contracts.deliverable(m, deliverableId);
    const c = await this.contracts.get(m, contractId);
    const why =
      d && c
        ? paymentRefusal(
            { status: d.status, amountFen: fenOf(d.amount_fen), paidFen: fenOf(d.paid_fen) },
            { budgetFen: fenOf(c.budget_fen), paidFen: fenOf(c.paid_fen) },
            amountFen,
          )
        : null;
    return conflict(why?.message ?? 'The payment was refused: try again', why?.details);
  }

  private async stateConflict(id: string, rule: string, m: Pick<EntityManager, 'query'> = this.dataSource) {
    const now = await this.contracts.deliverable(m, id);
    return conflict(`The deliverable is ${now?.status ?? 'gone'}: ${rule}`, { status: now?.status });
  }

  private async load(id: string): Promise<{ d: DeliverableRow; c: ServiceContractRow }> {
    const d = await this.contracts.deliverable(this.dataSource, id);
    if (!d) throw notFound('deliverable', { id });
    const c = await this.contracts.get(this.dataSource, d.contract_id);
    if (!c) throw notFound('contract', { id: d.contract_id });
    return { d, c };
  }

  private async bought(id: string, a: Actor): Promise<{ d: DeliverableRow; c: ServiceContractRow }> {
    const loaded = await this.load(id);
    if (!buys(a, loaded.c.buyer_path))
      throw forbidden(`Only the admins of ${loaded.c.buyer_path} act as this contract's buyer`, { id });
    return loaded;
  }
}
