import type { AppConfig } from '../config/app-config.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { SavedSearchAlerts } from './saved-search-alerts.js';
import { SearchIndexer } from './search-indexer.js';

// The CLIs (import, reindex) boot the whole app module with backgroundJobs off: none of the
// scheduled work may start in them. Every collaborator is a trap that records any use.
describe('background jobs', () => {
  const used: string[] = [];
  const trap = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, prop) => {
          if (prop === 'then') return undefined;
          used.push(`${name}.${String(prop)}`);
          return () => Promise.resolve();
        },
      },
    );
  const config = (backgroundJobs: boolean) =>
    ({
      backgroundJobs,
      reminderIntervalSeconds: 300,
      // nothing listens on port 9: the indexer's LISTEN connection fails at once
      databaseUrl: 'postgres://briefroom@127.0.0.1:9/none',
    }) as AppConfig;
  const searchIndexes = { client: trap('meili'), require: () => trap('meili') };

  const services = (backgroundJobs: boolean) => [
    new SearchIndexer(
      config(backgroundJobs),
      trap('db') as never,
      searchIndexes as never,
      trap('searchRepository') as never,
    ),
    new SavedSearchAlerts(
      config(backgroundJobs),
      trap('db') as never,
      searchIndexes as never,
      trap('searchRepository') as never,
      trap('notifications') as never,
      trap('realtime') as never,
    ),
    new RemindersService(
      trap('reminders') as never,
      trap('notifications') as never,
      trap('realtime') as never,
      trap('mailer') as never,
      config(backgroundJobs),
    ),
  ];

  beforeEach(() => {
    used.length = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('start nothing when the process is a command-line tool', async () => {
    const all = services(false);
    for (const service of all) service.onApplicationBootstrap();
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(used).toEqual([]);
    for (const service of all) await service.onModuleDestroy();
  });

  it('schedule the indexer, the alert pass and the reminder pass in the server', async () => {
    const all = services(true);
    for (const service of all) service.onApplicationBootstrap();
    // the indexer's first drain, the alerts' interval and the reminders' interval
    expect(jest.getTimerCount()).toBeGreaterThanOrEqual(3);
    for (const service of all) await service.onModuleDestroy();
  });
});
