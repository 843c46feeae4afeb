import './telemetry';
import { exitOnStartupError, runService } from '@gz/platform';
import { dispatchAppModule } from '@gz/dispatch';

async function main(): Promise<void> {
  await runService(dispatchAppModule(), 'dispatch');
}

main().catch(exitOnStartupError);
