// The module first: it loads Nest (and with it reflect-metadata) before the decorated config.
export { councilsAppModule, CouncilsModule, type CouncilsModuleOptions } from './councils.module';
export { CouncilsConfig } from './councils.config';
export { DEMO_COMPOUND, seedDemoCouncils } from './seed/demo';
// -- votes --
export { VoteTimerPoller } from './jobs/vote-timer.poller';
