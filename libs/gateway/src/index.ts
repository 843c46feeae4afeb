export * from './auth/auth';
export * from './auth/token-verifier';
export * from './configure';
export * from './gateway-app.module';
export * from './gateway-config';
export * from './gateway.module';
export * from './http/problem';
export * from './run-gateway';
export { LiveFeed } from './http/live/live.controller';
