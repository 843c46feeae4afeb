import path from 'node:path';
import { Logger } from '@nestjs/common';
import { createGatewayApp, listenGateway } from '@gz/gateway';
import { DEMO_PASSWORD_DEFAULT, seedDemoDistrict } from '@gz/identity';
import {
  connectBus,
  createLogger,
  DatabaseRegistry,
  EmbeddedPostgresError,
  loadConfig,
  PinoNestLogger,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '@gz/platform';
import { seedDemoCouncils } from '@gz/councils';
import { seedDemoIncubator } from '@gz/incubator';
import { seedDemoResponsibilities } from '@gz/dispatch';
import { seedDemoEvaluation } from '@gz/evaluation';
import { seedDemoRegistry } from '@gz/registry';
import { seedDemoCatalogue } from '@gz/ticketing';
import { StandaloneConfig } from './standalone-config';
import { StandaloneModule } from './standalone.module';

/**
 * `npm start`: the embedded PostgreSQL unless DATABASE_URL is set, the in-process bus unless
 * NATS_URL is set, every service and the gateway in this process, and the demo district on
 * first start.
 */
export async function runStandalone(): Promise<void> {
  const started = Date.now();
  // JSON logs from the first line on, also before the Nest app exists.
  Logger.overrideLogger(new PinoNestLogger(createLogger(process.env.LOG_LEVEL ?? 'info', 'standalone')));
  const logger = new Logger('Standalone');
  let embedded: EmbeddedDatabase | undefined;
  const config = loadConfig(StandaloneConfig);
  const dataDir = path.resolve(config.GZ_DATA_DIR);
  if (!process.env.DATABASE_URL) {
    try {
      embedded = await startEmbeddedPostgres(dataDir, config.EMBEDDED_PG_PORT);
    } catch (error) {
      // What to do about it fits on one line; a stack trace would only hide it.
      if (!(error instanceof EmbeddedPostgresError)) throw error;
      logger.error(error.message);
      process.exit(1);
    }
    process.env.DATABASE_URL = embedded.url;
  }
  const stopDatabase = async () => {
    await embedded?.stop().catch(() => undefined);
  };
  try {
    // Closed here, not by Nest's hooks: the embedded database must stop after the app, once.
    const app = await createGatewayApp(StandaloneModule.forRoot(), { shutdownHooks: false });
    await connectBus(app);
    const password = process.env.GZ_DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT;
    const databases = app.get(DatabaseRegistry);
    const demo = await seedDemoDistrict(databases.get('identity'), password);
    const households = await seedDemoRegistry(databases.get('registry'));
    await seedDemoCatalogue(databases.get('ticketing'));
    await seedDemoResponsibilities(databases.get('dispatch'));
    await seedDemoCouncils(databases.get('councils'));
    await seedDemoIncubator(databases.get('incubator'));
    await seedDemoEvaluation(databases.get('evaluation'));
    const address = await listenGateway(app);
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        logger.log(`${signal}: stopping`);
        void app
          .close()
          .then(stopDatabase)
          .then(
            () => process.exit(0),
            (error) => {
              logger.error(error instanceof Error ? error.message : String(error));
              process.exit(1);
            },
          );
      });
    }
    logger.log(`ready in ${Date.now() - started} ms`);
    printBanner(address, demo, households, password === DEMO_PASSWORD_DEFAULT ? password : '(the value of GZ_DEMO_PASSWORD)', {
      database: embedded ? `embedded PostgreSQL (${shownPath(embedded.dataDir)})` : 'DATABASE_URL',
      bus: process.env.NATS_URL ? `NATS ${process.env.NATS_URL}` : 'in-process',
    });
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

/** A folder relative to the working one when it is inside it, else in full. */
function shownPath(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative.startsWith('..') || path.isAbsolute(relative) ? folder : relative || '.';
}

function printBanner(
  address: string,
  demo: Awaited<ReturnType<typeof seedDemoDistrict>>,
  households: Awaited<ReturnType<typeof seedDemoRegistry>>,
  password: string,
  parts: { database: string; bus: string },
): void {
  const lines = [
    '',
    `Gongzhi is ready: ${address}`,
    `  API      ${address}/api/v1   (docs ${address}/api/docs, OpenAPI ${address}/api/openapi.json)`,
    `  health   ${address}/health/ready   metrics ${address}/metrics`,
    `  database ${parts.database}; bus ${parts.bus}`,
    `  demo district ${demo.created ? 'loaded' : 'already present'} (${households.buildings} buildings, ${households.households} households, ${households.persons} persons); every demo account's password: ${password}`,
    ...demo.accounts.map((a) => `    ${a.username.padEnd(26)} ${a.role.padEnd(24)} ${a.scope}`),
    ...(demo.clients ?? []).map((c) => `    partner client ${c.clientId} (grants: ${c.grants.join(' ')})`),
    `  try: curl -s -X POST ${address}/api/v1/auth/login -H 'content-type: application/json' -d '{"username":"district-admin","password":"…"}'`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
