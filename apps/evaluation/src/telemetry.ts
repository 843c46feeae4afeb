// Imported first by main.ts: OpenTelemetry must patch pg and fastify before they are required.
import { startTelemetry } from '@gz/platform/telemetry';

startTelemetry('evaluation');
