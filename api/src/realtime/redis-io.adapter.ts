import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** The commands socket.io's Redis adapter sends without handling their failure. */
const ADAPTER_COMMANDS = [
  'publish',
  'psubscribe',
  'subscribe',
  'punsubscribe',
  'unsubscribe',
] as const;
/** A Redis that stays away is reported once a minute, not once per live update. */
const REPORT_EVERY_MS = 60_000;

/**
 * socket.io over Redis pub/sub: with REDIS_URL set, a room emit reaches sockets connected to any
 * app process, so replicas behind a proxy behave as one. Without it, one process works alone.
 *
 * The adapter sends its commands without handling their failure, and a Redis that goes away (or
 * closes at shutdown) rejects them: unhandled, the first live update after an outage would stop
 * the process. Here a failed command is reported instead; live updates between processes wait for
 * Redis (ioredis reconnects and subscribes again), and everything else carries on.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly log = new Logger(RedisIoAdapter.name);
  private readonly pub: Redis;
  private readonly sub: Redis;
  private reportedAt = 0;

  constructor(app: INestApplicationContext, redisUrl: string) {
    super(app);
    this.pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.sub = this.pub.duplicate();
    for (const client of [this.pub, this.sub]) this.handleFailures(client);
  }

  private handleFailures(client: Redis): void {
    const report = (error: unknown) => {
      if (Date.now() - this.reportedAt < REPORT_EVERY_MS) return;
      this.reportedAt = Date.now();
      this.log.warn(
        { err: error },
        'Redis did not take a live update: updates between app processes wait until it is back',
      );
    };
    const commands = client as unknown as Record<
      (typeof ADAPTER_COMMANDS)[number],
      (...args: unknown[]) => Promise<unknown>
    >;
    for (const name of ADAPTER_COMMANDS) {
      const send = commands[name].bind(client);
      commands[name] = (...args: unknown[]) => {
        const sent = send(...args);
        sent.catch(report);
        return sent;
      };
    }
  }

  async connect(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options);
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
