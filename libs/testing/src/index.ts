export * from './harness';
export * from './nats-server';
export * from './postgres-server';
export * from './app';
export * from './session';
export * from './bus-caller';
export * from './report-load';
