import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { register } from 'prom-client';
import { BUS_TRANSPORT, type BusTransport } from '../bus/transport';
import { DatabaseRegistry } from '../database/database-registry';
import { EVENT_TRANSPORT, type EventTransport } from '../events/event-transport';
import { Public } from '../public-route';

/** Liveness, readiness (PostgreSQL and the bus) and Prometheus metrics, for every app. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly databases: DatabaseRegistry,
    @Inject(BUS_TRANSPORT) private readonly bus: BusTransport,
    @Inject(EVENT_TRANSPORT) private readonly events: EventTransport,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicator.check('bus');
        return this.bus.isConnected() && this.events.isConnected()
          ? check.up({ transport: this.bus.kind })
          : check.down({ transport: this.bus.kind, message: 'not connected' });
      },
      ...this.databases.entries().map(([name, ds]) => async () => {
        const check = this.indicator.check(`db_${name}`);
        try {
          await ds.query('SELECT 1');
          return check.up();
        } catch (error) {
          return check.down({ message: error instanceof Error ? error.message : 'unreachable' });
        }
      }),
    ]);
  }

  @Get('metrics')
  @Header('content-type', register.contentType)
  metrics() {
    return register.metrics();
  }
}
