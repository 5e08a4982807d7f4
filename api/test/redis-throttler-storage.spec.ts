import { randomUUID } from 'node:crypto';
import { RedisThrottlerStorage } from '../src/common/throttling/redis-throttler-storage.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe(RedisThrottlerStorage.name, () => {
  const opened: RedisThrottlerStorage[] = [];
  const storage = (url = redisUrl) => {
    const created = new RedisThrottlerStorage(url, `test-${randomUUID()}`);
    opened.push(created);
    return created;
  };
  afterAll(() => Promise.all(opened.map((s) => s.onModuleDestroy())));

  it('counts a window in Redis, blocks past the limit, and is shared by every process', async () => {
    const namespace = `test-${randomUUID()}`;
    const one = new RedisThrottlerStorage(redisUrl, namespace);
    const two = new RedisThrottlerStorage(redisUrl, namespace);
    opened.push(one, two);
    const hits = [];
    for (let i = 0; i < 4; i++) {
      hits.push(await (i % 2 ? two : one).increment('user-1', 60_000, 3, 30_000, 'comments'));
    }
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(hits[0].timeToExpire).toBe(60);
    expect(hits[3].timeToBlockExpire).toBe(30);
    // Another key, another throttler and another namespace count apart.
    expect((await one.increment('user-2', 60_000, 3, 30_000, 'comments')).totalHits).toBe(1);
    expect((await one.increment('user-1', 60_000, 3, 30_000, 'default')).totalHits).toBe(1);
    expect((await storage().increment('user-1', 60_000, 3, 30_000, 'comments')).totalHits).toBe(1);
  });

  it('starts a new window when the old one ends', async () => {
    const s = storage();
    await s.increment('k', 200, 1, 200, 'default');
    expect((await s.increment('k', 200, 1, 200, 'default')).isBlocked).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await s.increment('k', 200, 1, 200, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('counts in the process when Redis cannot answer, and never fails the request', async () => {
    const s = storage('redis://127.0.0.1:9');
    const first = await s.increment('k', 60_000, 1, 60_000, 'default');
    const second = await s.increment('k', 60_000, 1, 60_000, 'default');
    expect([first.totalHits, first.isBlocked]).toEqual([1, false]);
    expect([second.totalHits, second.isBlocked]).toEqual([2, true]);
  });
});
