import { startTelemetry } from '@gz/platform';

// Imported first by main.ts: instrumentation must patch pg and fastify before they load.
startTelemetry('gateway');
