export { DispatchConfig } from './dispatch.config';
export { dispatchAppModule, DispatchModule, type DispatchModuleOptions } from './dispatch.module';
export { EscalationPoller } from './jobs/escalation.poller';
export { DEMO_RESPONSIBILITY_RULES, seedDemoResponsibilities } from './seed/demo';
