export { Clock as DispatchClock, SystemClock } from './clock';
export { DispatchConfig } from './dispatch.config';
export { dispatchAppModule, DispatchModule, type DispatchModuleOptions } from './dispatch.module';
export { EscalationPoller } from './escalation.poller';
export { DEMO_RESPONSIBILITY_RULES, seedDemoResponsibilities } from './seed';
