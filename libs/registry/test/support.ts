import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp, PASSWORD } from '@gz/testing';
import { RegistryModule, seedDemoRegistry } from '../src';

export { auth, login, PASSWORD } from '@gz/testing';

/** Identity, the registry and the gateway in one app (as standalone runs them), demo data loaded. */
export async function bootPlatform(env: NodeJS.ProcessEnv): Promise<NestFastifyApplication> {
  const app = await bootTestApp(
    {
      imports: [
        PlatformModule.forRoot({ app: 'test', env }),
        IdentityModule.forRoot({ env }),
        RegistryModule.forRoot({ env }),
        GatewayModule.forRoot({ env }),
      ],
    },
    { configure: configureGateway, bodyLimit: 64 * 1024 },
  );
  const databases = app.get(DatabaseRegistry);
  await seedDemoDistrict(databases.get('identity'), PASSWORD);
  await seedDemoRegistry(databases.get('registry'), env);
  return app;
}
