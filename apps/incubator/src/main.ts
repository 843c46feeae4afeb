import './telemetry';
import { exitOnStartupError, runService } from '@gz/platform';
import { incubatorAppModule } from '@gz/incubator';

async function main(): Promise<void> {
  await runService(incubatorAppModule(), 'incubator');
}

main().catch(exitOnStartupError);
