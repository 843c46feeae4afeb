import './telemetry';
import { exitOnStartupError, runService } from '@gz/platform';
import { councilsAppModule } from '@gz/councils';

async function main(): Promise<void> {
  await runService(councilsAppModule(), 'councils');
}

main().catch(exitOnStartupError);
