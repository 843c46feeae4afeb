// The module first: it loads Nest (and with it reflect-metadata) before the decorated config.
export { evaluationAppModule, EvaluationModule, type EvaluationModuleOptions } from './evaluation.module';
export { EvaluationConfig } from './evaluation.config';
export { ProjectorJob } from './jobs/projector.job';
export { seedDemoEvaluation } from './seed/demo';
