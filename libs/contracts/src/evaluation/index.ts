// Contracts of the evaluation service: units and periods, indicators, schemes, scorecards, inputs, events, routes.
export * from './units';
export * from './indicators';
export * from './schemes';
export * from './scorecards';
export * from './periods';
export * from './inputs';
export * from './events';
export * from './routes';
