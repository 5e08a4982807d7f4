import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key and throttler, and a block once the limit is passed, in one atomic
 * step. Times in milliseconds. Returns [hits, ms to window end, blocked 0/1, ms to block end].
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  return {hits, ttl, 1, blockTtl}
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

/**
 * Rate-limit counters in Redis, so every app process behind the proxy counts against one limit
 * (the in-memory default counts per process). If Redis cannot answer, a request is counted in
 * this process instead: limits stay per process until Redis is back, and nothing fails.
 * (@nest-lab/throttler-storage-redis does the same but declares no support for NestJS 12.)
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis;
  private fallbackStorage: ThrottlerStorageService | undefined;
  private warnedAt = 0;

  /** `namespace` keeps installs (and test databases) that share one Redis apart. */
  constructor(
    redisUrl: string,
    private readonly namespace: string,
  ) {
    this.redis = new Redis(redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      // Counts sent while the first connection opens wait for it; none waits longer than this.
      commandTimeout: 500,
      connectTimeout: 1_000,
      // how long a closing connection may linger (default 2 s, which held test workers open)
      disconnectTimeout: 100,
    });
    this.redis.on('error', () => undefined); // reported per request below, at most once a minute
    this.redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT });
    void this.redis.connect().catch(() => undefined);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `briefroom:${this.namespace}:throttle:${throttlerName}:${key}`;
    try {
      // Known to be down: count here at once rather than wait for the timeout.
      if (['reconnecting', 'close', 'end'].includes(this.redis.status)) {
        throw new Error(`Redis is ${this.redis.status}`);
      }
      const [hits, msToExpire, blocked, msToBlockExpire] = await (
        this.redis as Redis & {
          throttleIncrement(...args: (string | number)[]): Promise<number[]>;
        }
      ).throttleIncrement(`${base}:hits`, `${base}:block`, ttl, limit, blockDuration);
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(msToExpire / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(msToBlockExpire / 1000),
      };
    } catch (error) {
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.logger.warn(
          { err: error },
          'Redis did not answer a rate-limit count; counting in this process until it does',
        );
      }
      this.fallbackStorage ??= new ThrottlerStorageService();
      return this.fallbackStorage.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.fallbackStorage?.onApplicationShutdown();
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }
}
