export * from './run-standalone';
export * from './standalone.module';
