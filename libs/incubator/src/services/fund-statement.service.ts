import { Injectable } from '@nestjs/common';
import { STATEMENT_MAX_LINES, type Actor, type FundStatementCommand, type FundStatementView } from '@gz/contracts';
import { Clock, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { periodProblems, statementOf } from '../domain/fund-rules';
import { FundLedgerStore } from '../persistence/fund-ledger.store';
import { dayOf, fenOf } from '../persistence/purchased-services-views';
import { FundsService } from './funds.service';

/**
 * A fund's public statement of a period (opening balance, each donation and spending in ledger
 * order, closing balance), for the residents of its community or street and for staff. Donors'
 * phones never reach it.
 */
@Injectable()
export class FundStatementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsService,
    private readonly ledger: FundLedgerStore,
    private readonly clock: Clock,
  ) {}

  async statement(cmd: FundStatementCommand, actor: Actor | undefined): Promise<FundStatementView> {
    const f = await this.funds.fund(cmd.fundId, actor, 'statement');
    const problems = periodProblems(cmd.from, cmd.to);
    const [field] = Object.keys(problems);
    if (field) throw unprocessable(`${field}: ${problems[field]}`, { field, problems });
    // one snapshot: the opening balance and the period's entries agree even while entries are added
    const { opening, rows } = await this.dataSource.transaction('REPEATABLE READ', async (m) => ({
      opening: fenOf(await this.ledger.balanceBefore(m, f.id, cmd.from)),
      rows: await this.ledger.between(m, f.id, cmd.from, cmd.to, STATEMENT_MAX_LINES + 1),
    }));
    if (rows.length > STATEMENT_MAX_LINES)
      throw unprocessable(`to: the period holds more than ${STATEMENT_MAX_LINES} entries; ask for a shorter one`, {
        field: 'to',
      });
    const figures = statementOf(
      opening,
      rows.map((r) => ({
        seq: r.seq,
        day: dayOf(r.day),
        kind: r.kind,
        deltaFen: fenOf(r.delta_fen),
        donorName: r.donor_name,
        anonymous: r.anonymous,
        channel: r.channel,
        purpose: r.purpose,
        payee: r.payee,
        reversesSeq: r.reverses_seq,
        reason: r.reason,
      })),
    );
    return {
      fundId: f.id,
      name: f.name,
      kind: f.kind,
      placePath: f.place_path,
      charity: f.charity,
      from: cmd.from,
      to: cmd.to,
      openingBalanceFen: opening,
      ...figures,
      generatedAt: this.clock.now().toISOString(),
    };
  }
}
