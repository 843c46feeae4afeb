import './telemetry';
import { exitOnStartupError } from '@gz/platform';
import { runStandalone } from '@gz/standalone';

runStandalone().catch(exitOnStartupError);
