import type { FactSource } from '../projection';
import { councilsSource } from './councils';
import { dispatchSource } from './dispatch';
import { evaluationSource } from './evaluation';
import { incubatorSource } from './incubator';
import { registrySource } from './registry';
import { ticketingSource } from './ticketing';

/**
 * Every source of facts. Taking in another service's events is one step: a file here mapping its event types to measures, listed below, and one-line @OnEvent
 * handlers for the same types in handlers/source-events.handlers.ts (a spec fails while the two
 * lists differ). Nothing else changes: the log, the projector, rebuilds and indicators take it.
 */
export const SOURCES: readonly FactSource[] = [
  ticketingSource,
  dispatchSource,
  registrySource,
  councilsSource,
  incubatorSource,
  evaluationSource,
];

const byType = new Map<string, FactSource>(SOURCES.flatMap((s) => s.types.map((t) => [t, s] as const)));

export function sourceOf(type: string): FactSource | undefined {
  return byType.get(type);
}

/** The event types evaluation consumes from other services (its own inputs are written to its log directly). */
export const CONSUMED_TYPES: readonly string[] = SOURCES.filter((s) => s.name !== 'evaluation').flatMap((s) => s.types);
