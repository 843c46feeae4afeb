import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { Clock, loadConfig, PlatformModule, ServiceModule, SystemClock } from '@gz/platform';
import { DispatchConfig } from './dispatch.config';
import { AssignmentHandlers } from './handlers/assignment.handlers';
import { CaseHandlers } from './handlers/case.handlers';
import { ResponsibilityHandlers } from './handlers/responsibility.handlers';
import { TicketEventsHandlers } from './handlers/ticket-events.handlers';
import { EscalationPoller } from './jobs/escalation.poller';
import { DispatchInit1764100000001 } from './migrations/1764100000001-dispatch-init';
import { AssignmentStore } from './persistence/assignment.store';
import { CaseStore } from './persistence/case.store';
import { ResponsibilityStore } from './persistence/responsibility.store';
import { TimerStore } from './persistence/timer.store';
import { AssignmentActionsService } from './services/assignment-actions.service';
import { AssignmentQueriesService } from './services/assignment-queries.service';
import { CaseViewService } from './services/case-view.service';
import { ConfirmationService } from './services/confirmation.service';
import { ProposalService } from './services/proposal.service';
import { ResponsibilityImportService } from './services/responsibility-import.service';
import { ResponsibilityService } from './services/responsibility.service';

export interface DispatchModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock); tests pass a controllable one */
  clock?: Clock;
}

/**
 * The dispatch service: responsibility lists, proposals, the command centre's dispatch,
 * departments' acknowledgements, hand-backs and results, deadlines and escalation (durable
 * timers). Served on the bus (`dispatch.*`), consuming ticketing's events.
 */
@Module({})
export class DispatchModule {
  static forRoot(options: DispatchModuleOptions = {}): DynamicModule {
    const config = loadConfig(DispatchConfig, options.env ?? process.env);
    return {
      module: DispatchModule,
      imports: [
        ServiceModule.forService({
          service: 'dispatch',
          entities: [],
          migrations: [DispatchInit1764100000001],
          eventHandlers: [TicketEventsHandlers],
        }),
      ],
      controllers: [CaseHandlers, AssignmentHandlers, ResponsibilityHandlers],
      providers: [
        { provide: DispatchConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        CaseStore,
        AssignmentStore,
        TimerStore,
        ResponsibilityStore,
        ResponsibilityService,
        ResponsibilityImportService,
        ProposalService,
        ConfirmationService,
        CaseViewService,
        AssignmentActionsService,
        AssignmentQueriesService,
        EscalationPoller,
        TicketEventsHandlers,
      ],
      exports: [DispatchConfig, EscalationPoller],
    };
  }
}

/** The root module of the dispatch service as its own process (apps/dispatch). */
export function dispatchAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'dispatch', env }), DispatchModule.forRoot({ env })] })
  class DispatchAppModule {}
  return DispatchAppModule;
}
