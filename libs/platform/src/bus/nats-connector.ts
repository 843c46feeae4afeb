import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * One NATS connection per process, shared by requests and events. The app starts without NATS
 * and connects when it appears (waitOnFirstConnect), reconnects without limit, and reports
 * itself not ready while disconnected.
 */
export class NatsConnector {
  private readonly logger = new Logger('Nats');
  private connection?: NatsConnection;
  private connected = false;
  private closing = false;
  readonly ready: Promise<NatsConnection>;

  constructor(servers: string, name: string) {
    this.ready = connect({
      servers: servers.split(','),
      name,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      pingInterval: 10_000,
      // Errors are mapped to our own codes; skip the per-request stack capture (about 8% of CPU).
      noAsyncTraces: true,
    }).then((nc) => {
      this.connection = nc;
      this.connected = true;
      this.logger.log(`connected to ${nc.getServer()}`);
      void this.watch(nc);
      return nc;
    });
    // A failure here only happens on close before the first connect.
    this.ready.catch(() => undefined);
  }

  get current(): NatsConnection | undefined {
    return this.connected ? this.connection : undefined;
  }

  isConnected(): boolean {
    return this.connected;
  }

  private async watch(nc: NatsConnection) {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        if (!this.closing) this.logger.warn('disconnected from NATS; reconnecting');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.logger.log('reconnected to NATS');
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.connected = false;
    const nc = this.connection;
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}
