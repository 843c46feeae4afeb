import { startTelemetry } from '@gz/platform/telemetry';

// Imported first by main.ts: instrumentation must patch pg and fastify before they load.
startTelemetry('gateway');
