import './telemetry';
import { exitOnStartupError, runService } from '@gz/platform';
import { ticketingAppModule } from '@gz/ticketing';

async function main(): Promise<void> {
  await runService(ticketingAppModule(), 'ticketing');
}

main().catch(exitOnStartupError);
