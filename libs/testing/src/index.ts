export * from './harness';
export * from './nats-server';
export * from './app';
export * from './session';
export * from './bus-caller';
