import './telemetry';
import { exitOnStartupError, runService } from '@gz/platform';
import { evaluationAppModule } from '@gz/evaluation';

async function main(): Promise<void> {
  await runService(evaluationAppModule(), 'evaluation');
}

main().catch(exitOnStartupError);
