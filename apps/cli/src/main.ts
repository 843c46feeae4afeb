import { runCli } from '@gz/cli';
import { exitOnStartupError } from '@gz/platform';

runCli(process.argv.slice(2)).then((code) => process.exit(code), exitOnStartupError);
