export * from './harness';
export * from './nats-server';
export * from './app';
export * from './session';
