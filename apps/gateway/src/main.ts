import './telemetry';
import { createGatewayApp, GatewayAppModule, listenGateway } from '@gz/gateway';
import { exitOnStartupError } from '@gz/platform';

createGatewayApp(GatewayAppModule)
  .then(listenGateway)
  .catch(exitOnStartupError);
