import './telemetry';
import { createGatewayApp, gatewayAppModule, listenGateway } from '@gz/gateway';
import { exitOnStartupError } from '@gz/platform';

async function main() {
  await listenGateway(await createGatewayApp(gatewayAppModule()));
}

main().catch(exitOnStartupError);
