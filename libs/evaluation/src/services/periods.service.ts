import { Injectable } from '@nestjs/common';
import {
  EvaluationEvents,
  personOf,
  type Actor,
  type ClosedPeriodView,
  type DistrictOnlyRequest,
  type PeriodCommand,
} from '@gz/contracts';
import { Clock, conflict, forbidden, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { isDistrictAdmin, isDistrictStaff } from '../domain/access';
import { parsePeriod, type Period } from '../domain/days';
import { FactStore } from '../persistence/fact.store';
import { LogWriter } from './log-writer.service';

const WHOLE_MONTHS = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

/**
 * Closing a period (封账): its published scorecards stop changing; events that arrive later for
 * its days are kept as restatements beside them, and join the figures when the district reopens it.
 */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactStore,
    private readonly writer: LogWriter,
    private readonly clock: Clock,
  ) {}

  private closable(text: string): Period {
    const p = WHOLE_MONTHS.test(text) ? parsePeriod(text) : undefined;
    if (!p)
      throw unprocessable('A period is closed by month, quarter or year (YYYY-MM, YYYY-Qn, YYYY)', {
        fields: { period: ['whole months'] },
      });
    return p;
  }

  async list(req: DistrictOnlyRequest, actor?: Actor): Promise<ClosedPeriodView[]> {
    const a = requireActor(actor);
    if (!isDistrictStaff(a, req.district))
      throw forbidden('Only district staff see closed periods', { district: req.district });
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const live = await this.facts.live(m);
      const rows = await this.facts.closedPeriods(m, live.id, req.district);
      const logged: Array<{ seq: string; at: string; by: string }> = rows.length
        ? await m.query(
            `SELECT seq::text AS seq, envelope->'data'->>'at' AS at, coalesce(envelope->'data'->'by'->>'name', envelope->'data'->'by'->>'id') AS by
               FROM "evaluation".event_log WHERE seq = ANY($1::bigint[])`,
            [rows.map((r) => r.closed_seq)],
          )
        : [];
      return rows.map((r) => {
        const l = logged.find((x) => x.seq === r.closed_seq);
        return {
          district: req.district,
          period: { label: r.label, from: r.from, to: r.to },
          closedAt: l?.at ?? '',
          closedBy: l?.by ?? '',
          lateFacts: Number(r.late),
        };
      });
    });
  }

  async close(cmd: PeriodCommand, actor?: Actor): Promise<ClosedPeriodView> {
    const a = requireActor(actor);
    if (!isDistrictAdmin(a, cmd.district))
      throw forbidden("This needs the district's admin", { district: cmd.district });
    const p = this.closable(cmd.period);
    const closed = await this.list({ district: cmd.district }, a);
    const overlapping = closed.find((c) => c.period.from <= p.to && c.period.to >= p.from);
    if (overlapping)
      throw conflict(`${overlapping.period.label} is closed already and overlaps ${p.label}`, {
        period: overlapping.period.label,
      });
    await this.writer.record(a, [
      {
        type: EvaluationEvents.periodClosed,
        street: 'all',
        data: {
          district: cmd.district,
          label: p.label,
          from: p.from,
          to: p.to,
          by: personOf(a),
          at: this.clock.now().toISOString(),
        },
      },
    ]);
    return (await this.list({ district: cmd.district }, a)).find((c) => c.period.label === p.label) as ClosedPeriodView;
  }

  async reopen(cmd: PeriodCommand, actor?: Actor): Promise<ClosedPeriodView> {
    const a = requireActor(actor);
    if (!isDistrictAdmin(a, cmd.district))
      throw forbidden("This needs the district's admin", { district: cmd.district });
    const p = this.closable(cmd.period);
    const found = (await this.list({ district: cmd.district }, a)).find(
      (c) => c.period.from === p.from && c.period.to === p.to,
    );
    if (!found) throw notFound('Closed period', { period: p.label });
    await this.writer.record(a, [
      {
        type: EvaluationEvents.periodReopened,
        street: 'all',
        data: {
          district: cmd.district,
          label: p.label,
          from: p.from,
          to: p.to,
          by: personOf(a),
          at: this.clock.now().toISOString(),
        },
      },
    ]);
    return { ...found, lateFacts: 0 };
  }
}
