import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, PlatformModule, ServiceModule } from '@gz/platform';
import { PersonsController, PlacesController } from './controllers';
import { RegistryInit1764100000000 } from './migrations/1764100000000-registry-init';
import { MovesService } from './moves.service';
import { PersonalData } from './personal-data';
import { PersonsService } from './persons.service';
import { PiiCipher } from './pii';
import { PlacesService } from './places.service';
import { piiKeysOf, RegistryConfig } from './registry.config';
import { RegistrySeeder } from './seed';

export interface RegistryModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
}

/**
 * The household registry: buildings, households, persons and who lived where, personal data
 * encrypted with an access audit, served on the bus (`registry.*` routes). Needs
 * `PlatformModule.forRoot` in the app root. `forRoot` reads RegistryConfig from `env` (default
 * process.env); a wrong or (in production) missing key throws a ConfigError naming the variable.
 */
@Module({})
export class RegistryModule {
  static forRoot(options: RegistryModuleOptions = {}): DynamicModule {
    const config = loadConfig(RegistryConfig, options.env ?? process.env);
    const personalData = new PersonalData(new PiiCipher(piiKeysOf(config)));
    return {
      module: RegistryModule,
      imports: [ServiceModule.forService({ service: 'registry', entities: [], migrations: [RegistryInit1764100000000] })],
      controllers: [PlacesController, PersonsController],
      providers: [
        { provide: RegistryConfig, useValue: config },
        { provide: PersonalData, useValue: personalData },
        PlacesService,
        PersonsService,
        MovesService,
        RegistrySeeder,
      ],
      exports: [RegistryConfig, RegistrySeeder],
    };
  }
}

/** The root module of the registry service as its own process (apps/registry). */
export function registryAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'registry', env }), RegistryModule.forRoot({ env })] })
  class RegistryAppModule {}
  return RegistryAppModule;
}
