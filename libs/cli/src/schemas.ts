import type { DynamicModule, Provider } from '@nestjs/common';
import { CouncilsModule } from '@gz/councils';
import { DispatchModule } from '@gz/dispatch';
import { EvaluationModule } from '@gz/evaluation';
import { IDENTITY_DATABASE } from '@gz/identity';
import { IncubatorModule } from '@gz/incubator';
import type { ServiceDatabaseOptions } from '@gz/platform';
import { REGISTRY_DATABASE } from '@gz/registry';
import { TicketingModule } from '@gz/ticketing';

export type SchemaOptions = Omit<ServiceDatabaseOptions, 'schema'>;

/**
 * The entities and migrations a service module hands to `ServiceModule.forService`, read from the
 * module description itself (nothing is instantiated), so `gz migrate` runs exactly the list the
 * service runs at start, including migrations added later. For services that do not export
 * their list as a constant (ticketing, dispatch, councils, incubator, evaluation).
 */
export function schemaOfModule(module: DynamicModule, service: string): SchemaOptions {
  const seen = new Set<unknown>();
  const visit = (m: unknown): SchemaOptions | undefined => {
    if (!m || typeof m !== 'object' || seen.has(m)) return undefined;
    seen.add(m);
    const dyn = m as DynamicModule;
    for (const p of (dyn.providers ?? []) as Provider[]) {
      const value =
        typeof p === 'object' && p !== null && 'useValue' in p
          ? (p.useValue as Partial<SchemaOptions> & { service?: unknown })
          : undefined;
      if (value?.service === service && Array.isArray(value.migrations))
        return { entities: value.entities ?? [], migrations: value.migrations };
    }
    for (const child of dyn.imports ?? []) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  const found = visit(module);
  if (!found) throw new Error(`the ${service} module declares no database (ServiceModule.forService)`);
  return found;
}

/** Every service schema, in the order `gz migrate` migrates them (identity first: the others refer to its org paths). */
export function serviceSchemas(env: NodeJS.ProcessEnv): Array<[schema: string, options: () => SchemaOptions]> {
  return [
    ['identity', () => IDENTITY_DATABASE],
    ['registry', () => REGISTRY_DATABASE],
    ['ticketing', () => schemaOfModule(TicketingModule.forRoot({ env }), 'ticketing')],
    ['dispatch', () => schemaOfModule(DispatchModule.forRoot({ env }), 'dispatch')],
    ['councils', () => schemaOfModule(CouncilsModule.forRoot({ env }), 'councils')],
    ['incubator', () => schemaOfModule(IncubatorModule.forRoot({ env }), 'incubator')],
    ['evaluation', () => schemaOfModule(EvaluationModule.forRoot({ env }), 'evaluation')],
  ];
}
