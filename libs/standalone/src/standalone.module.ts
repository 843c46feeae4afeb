import { Module, type DynamicModule } from '@nestjs/common';
import { CouncilsModule } from '@gz/councils';
import { DispatchModule } from '@gz/dispatch';
import { EvaluationModule } from '@gz/evaluation';
import { GatewayModule } from '@gz/gateway';
import { IdentityModule } from '@gz/identity';
import { IncubatorModule } from '@gz/incubator';
import { PlatformModule } from '@gz/platform';
import { RegistryModule } from '@gz/registry';
import { TicketingModule } from '@gz/ticketing';

/** Every service and the gateway in one process, with the same contracts as when apart. */
@Module({})
export class StandaloneModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        PlatformModule.forRoot({ app: 'standalone', env }),
        IdentityModule.forRoot({ env }),
        RegistryModule.forRoot({ env }),
        TicketingModule.forRoot({ env }),
        DispatchModule.forRoot({ env }),
        CouncilsModule.forRoot({ env }),
        IncubatorModule.forRoot({ env }),
        EvaluationModule.forRoot({ env }),
        GatewayModule.forRoot({ env }),
      ],
    };
  }
}
