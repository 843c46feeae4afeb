import type { PeriodBasis } from '@gz/contracts';
import { monthOf } from './days';
import type { ClosedRange, Emit, LogEntry, ProjectionState, UnitRef } from './projection';
import { sourceOf } from './sources';

/** Daily rows, and the same summed per month (read for the whole months of a long period). */
export type Grain = 'day' | 'month';

export interface FactRow {
  grain: Grain;
  unitKind: string;
  unit: string;
  street: string;
  district: string;
  day: string;
  measure: string;
  basis: PeriodBasis;
  facet: string;
  /** counted after its period was closed: a restatement until the period is reopened */
  late: boolean;
  value: number;
}

export interface DurationRow {
  grain: Grain;
  unitKind: string;
  unit: string;
  street: string;
  district: string;
  day: string;
  measure: string;
  minutes: number;
  late: boolean;
  count: number;
}

/** What a batch of log entries changes: facts and durations (summed), and the periods it closed or reopened, in order. */
export interface BatchEffects {
  facts: Map<string, FactRow>;
  durations: Map<string, DurationRow>;
  controls: Array<{ kind: 'close' | 'reopen'; range: ClosedRange }>;
  /** log entries whose type no source projects (kept in the log, counted nowhere) */
  unknown: number;
}

function lateIn(closed: ClosedRange[], district: string, day: string): boolean {
  return closed.some((c) => c.district === district && c.from <= day && day <= c.to);
}

/** Whether an entry changes the closed periods: a batch ends after one, so lateness follows the log's order exactly. */
export function isControl(type: string): boolean {
  return type === 'evaluation_period.closed' || type === 'evaluation_period.reopened';
}

/**
 * Runs entries through their sources in log order, summing what they emit. Deterministic: the
 * same entries over the same state give the same effects, whichever process runs them.
 */
export function projectBatch(entries: readonly LogEntry[], state: ProjectionState): BatchEffects {
  const out: BatchEffects = { facts: new Map(), durations: new Map(), controls: [], unknown: 0 };
  const addFact = (
    grain: Grain,
    u: UnitRef,
    day: string,
    measure: string,
    basis: PeriodBasis,
    facet: string,
    late: boolean,
    value: number,
  ) => {
    const key = `${grain}|${u.kind}|${u.unit}|${u.street}|${day}|${measure}|${basis}|${facet}|${late}`;
    const row = out.facts.get(key);
    if (row) row.value += value;
    else
      out.facts.set(key, {
        grain,
        unitKind: u.kind,
        unit: u.unit,
        street: u.street,
        district: u.district,
        day,
        measure,
        basis,
        facet,
        late,
        value,
      });
  };
  const addDuration = (grain: Grain, u: UnitRef, day: string, measure: string, minutes: number, late: boolean) => {
    const key = `${grain}|${u.kind}|${u.unit}|${u.street}|${day}|${measure}|${minutes}|${late}`;
    const row = out.durations.get(key);
    if (row) row.count += 1;
    else
      out.durations.set(key, {
        grain,
        unitKind: u.kind,
        unit: u.unit,
        street: u.street,
        district: u.district,
        day,
        measure,
        minutes,
        late,
        count: 1,
      });
  };
  const emit: Emit = {
    fact(u, day, measure, basis, value, facets = []) {
      if (value === 0) return;
      const late = lateIn(state.closed, u.district, day);
      for (const facet of ['*', ...facets]) {
        addFact('day', u, day, measure, basis, facet, late, value);
        addFact('month', u, monthOf(day), measure, basis, facet, late, value);
      }
    },
    duration(u, day, measure, minutes) {
      const late = lateIn(state.closed, u.district, day);
      addDuration('day', u, day, measure, minutes, late);
      addDuration('month', u, monthOf(day), measure, minutes, late);
    },
    close(range) {
      if (state.closed.some((c) => c.district === range.district && c.from === range.from && c.to === range.to)) return;
      state.closed = [...state.closed, range];
      out.controls.push({ kind: 'close', range });
    },
    reopen(range) {
      const before = state.closed.length;
      state.closed = state.closed.filter(
        (c) => !(c.district === range.district && c.from === range.from && c.to === range.to),
      );
      if (state.closed.length !== before) out.controls.push({ kind: 'reopen', range });
    },
  };
  for (const entry of entries) {
    const source = sourceOf(entry.envelope.type);
    if (!source) {
      out.unknown += 1;
      continue;
    }
    source.apply(entry.envelope, state, emit);
  }
  return out;
}

/** The state keys a batch needs loaded before it runs. */
export function stateKeysOf(entries: readonly LogEntry[]): {
  tickets: string[];
  assignments: string[];
  topics: string[];
} {
  const tickets = new Set<string>();
  const assignments = new Set<string>();
  const topics = new Set<string>();
  for (const e of entries) {
    const keys = sourceOf(e.envelope.type)?.keys?.(e.envelope);
    keys?.tickets?.forEach((k) => tickets.add(k));
    keys?.assignments?.forEach((k) => assignments.add(k));
    keys?.topics?.forEach((k) => topics.add(k));
  }
  return { tickets: [...tickets], assignments: [...assignments], topics: [...topics] };
}
