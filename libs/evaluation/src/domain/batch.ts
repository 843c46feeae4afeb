import type { PeriodBasis } from '@gz/contracts';
import { monthOf } from './days';
import type { ClosedRange, Emit, LogEntry, ProjectionState, UnitRef } from './projection';
import { sourceOf } from './sources';

/** Daily rows, and the same summed per month (read for the whole months of a long period). */
export type Grain = 'day' | 'month';

/** The key of one figure in a fact row: `measure|basis|facet`. */
export const sumKey = (measure: string, basis: string, facet: string) => `${measure}|${basis}|${facet}`;

/**
 * One unit's facts on one day (or month): every measure it has there, keyed `measure|basis|facet`.
 * One row per unit and day rather than per measure keeps what a batch writes to a few rows per
 * unit, however many measures an event moves.
 */
export interface FactRow {
  grain: Grain;
  unitKind: string;
  unit: string;
  street: string;
  district: string;
  day: string;
  /** counted after its period was closed: a restatement until the period is reopened */
  late: boolean;
  measures: Record<string, number>;
}

/**
 * Two rows' measures summed key by key; keys that come to zero are left out. Exact: counts and
 * minute sums stay far below 2^53, and one that did not would be refused rather than rounded.
 */
export function addMeasures(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k in a) out[k] = a[k];
  for (const k in b) out[k] = (out[k] ?? 0) + b[k];
  for (const k in out) {
    if (!Number.isSafeInteger(out[k])) throw new Error(`the measure ${k} left the exact integers: ${out[k]}`);
    if (out[k] === 0) delete out[k];
  }
  return out;
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
  for (const c of closed) if (c.district === district && c.from <= day && day <= c.to) return true;
  return false;
}

/** Whether an entry changes the closed periods: a batch ends after one, so lateness follows the log's order exactly. */
export function isControl(type: string): boolean {
  return type === 'evaluation_period.closed' || type === 'evaluation_period.reopened';
}

const factKey = (grain: Grain, kind: string, unit: string, street: string, day: string, late: boolean) =>
  `${grain}|${kind}|${unit}|${street}|${day}|${late ? 1 : 0}`;

const durationKey = (d: Omit<DurationRow, 'count'>) =>
  `${d.grain}|${d.unitKind}|${d.unit}|${d.street}|${d.day}|${d.measure}|${d.minutes}|${d.late ? 1 : 0}`;

/** Adds each day row into its month's row (periods read whole months from these). */
function rollUpMonths(out: BatchEffects): void {
  for (const row of [...out.facts.values()]) {
    const month = monthOf(row.day);
    const key = factKey('month', row.unitKind, row.unit, row.street, month, row.late);
    let m = out.facts.get(key);
    if (!m) out.facts.set(key, (m = { ...row, grain: 'month', day: month, measures: {} }));
    for (const k in row.measures) m.measures[k] = (m.measures[k] ?? 0) + row.measures[k];
  }
  for (const row of [...out.durations.values()]) {
    const month = { ...row, grain: 'month' as const, day: monthOf(row.day) };
    const key = durationKey(month);
    const m = out.durations.get(key);
    if (m) m.count += row.count;
    else out.durations.set(key, month);
  }
}

/**
 * Runs entries through their sources in log order, summing what they emit. Deterministic: the
 * same entries over the same state give the same effects, whichever process runs them.
 */
export function projectBatch(entries: readonly LogEntry[], state: ProjectionState): BatchEffects {
  const out: BatchEffects = { facts: new Map(), durations: new Map(), controls: [], unknown: 0 };
  const rowOf = (u: UnitRef, day: string): FactRow => {
    const late = lateIn(state.closed, u.district, day);
    const key = factKey('day', u.kind, u.unit, u.street, day, late);
    let row = out.facts.get(key);
    if (!row)
      out.facts.set(
        key,
        (row = {
          grain: 'day',
          unitKind: u.kind,
          unit: u.unit,
          street: u.street,
          district: u.district,
          day,
          late,
          measures: {},
        }),
      );
    return row;
  };
  const emit: Emit = {
    fact(u, day, measure, basis: PeriodBasis, value, facets = []) {
      if (value === 0) return;
      const measures = rowOf(u, day).measures;
      const all = sumKey(measure, basis, '*');
      measures[all] = (measures[all] ?? 0) + value;
      for (const facet of facets) {
        const k = sumKey(measure, basis, facet);
        measures[k] = (measures[k] ?? 0) + value;
      }
    },
    duration(u, day, measure, minutes) {
      const late = lateIn(state.closed, u.district, day);
      const row = {
        grain: 'day' as const,
        unitKind: u.kind,
        unit: u.unit,
        street: u.street,
        district: u.district,
        day,
        measure,
        minutes,
        late,
      };
      const key = durationKey(row);
      const known = out.durations.get(key);
      if (known) known.count += 1;
      else out.durations.set(key, { ...row, count: 1 });
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
  rollUpMonths(out);
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
