import './telemetry';
import { exitOnStartupError, runService } from '@gz/platform';
import { registryAppModule } from '@gz/registry';

// Inside an async function so that a configuration error (thrown while the module is built) is
// printed plainly by exitOnStartupError too.
async function main(): Promise<void> {
  await runService(registryAppModule(), 'registry');
}

main().catch(exitOnStartupError);
