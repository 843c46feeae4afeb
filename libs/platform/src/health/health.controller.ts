import { Controller, Get, Header, Inject, Logger } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import { BUS_TRANSPORT, type BusTransport } from '../bus/transport';
import { DatabaseRegistry } from '../database/database-registry';
import { EVENT_TRANSPORT, type EventTransport } from '../events/event-transport';
import { Public } from '../public-route';

/** A readiness probe gives up on a database that does not answer (one black-holed, not refusing). */
const CHECK_TIMEOUT_MS = 2000;

function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Liveness, readiness (PostgreSQL and the bus) and Prometheus metrics, for every app. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  private readonly logger = new Logger('Readiness');
  /** what each dependency was at the last check, so that the log says when one goes and comes back */
  private readonly lastState = new Map<string, boolean>();

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
        const up = this.bus.isConnected() && this.events.isConnected();
        this.note('bus', 'NATS', up, 'not connected');
        return up ? check.up({ transport: this.bus.kind }) : check.down({ transport: this.bus.kind, message: 'not connected' });
      },
      ...this.databases.entries().map(([name, ds]) => async () => {
        const check = this.indicator.check(`db_${name}`);
        // Every connection in use, none idle, and one freed within the probe's timeout: they work,
        // so the database is up and this process is busy. Ready all the same; a probe that waited
        // in the queue would mark busy replicas unready together and move their load onto fewer.
        // A full pool that frees nothing (queries hanging on a database gone quiet) is probed.
        const pool = poolOf(ds);
        if (pool && pool.idleCount === 0 && pool.totalCount >= (pool.options.max ?? 10)) {
          const freed = lastRelease.get(pool);
          if (freed !== undefined && Date.now() - freed < CHECK_TIMEOUT_MS)
            return check.up({ busy: true, waiting: pool.waitingCount });
        }
        try {
          await withinTimeout(ds.query('SELECT 1'), CHECK_TIMEOUT_MS);
          this.note(`db_${name}`, `PostgreSQL (${name})`, true);
          return check.up();
        } catch (error) {
          const message = error instanceof Error ? error.message || String((error as { code?: unknown }).code ?? 'unreachable') : 'unreachable';
          this.note(`db_${name}`, `PostgreSQL (${name})`, false, message);
          return check.down({ dependency: 'postgresql', message });
        }
      }),
    ]);
  }

  /** Logs a dependency going down or coming back (a change, not every probe). */
  private note(key: string, name: string, up: boolean, reason?: string): void {
    const before = this.lastState.get(key);
    this.lastState.set(key, up);
    if (before === up || (before === undefined && up)) return;
    if (up) this.logger.log(`ready again: ${name} is back`);
    else this.logger.warn(`not ready: ${name} unavailable (${reason ?? 'unreachable'})`);
  }

  @Get('metrics')
  @Header('content-type', register.contentType)
  metrics() {
    return register.metrics();
  }
}

type Pool = {
  idleCount: number;
  totalCount: number;
  waitingCount: number;
  options: { max?: number };
  on(event: 'release', listener: () => void): void;
};

/** When each pool last had a connection given back (a pool that frees connections is working). */
const lastRelease = new WeakMap<Pool, number>();

/** The pg pool behind a TypeORM data source, when it has one (its counts say how busy it is). */
function poolOf(ds: DataSource): Pool | undefined {
  const master = (ds.driver as unknown as { master?: { idleCount?: unknown } }).master;
  if (!master || typeof master.idleCount !== 'number') return undefined;
  const pool = master as unknown as Pool;
  if (!lastRelease.has(pool)) {
    lastRelease.set(pool, Number.NEGATIVE_INFINITY);
    pool.on('release', () => lastRelease.set(pool, Date.now()));
  }
  return pool;
}
