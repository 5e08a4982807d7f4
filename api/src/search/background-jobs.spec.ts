import type { AppConfig } from '../config/app-config.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { createMetrics } from '../metrics/metrics.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { SavedSearchAlerts } from './saved-search-alerts.js';
import { SearchIndexer } from './search-indexer.js';

// The CLIs (import, reindex) boot the whole app module with backgroundJobs off: none of the
// background work may start in them. Every collaborator is a trap that records any use.
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
      savedSearchAlertIntervalSeconds: 60,
      jobs: { pollIntervalMs: 2_000, retryDelaySeconds: 30 },
      // nothing listens on port 9: any connection attempt fails at once
      databaseUrl: 'postgres://briefroom@127.0.0.1:9/none',
    }) as AppConfig;
  const searchIndexes = { client: trap('meili'), require: () => trap('meili') };

  /** The queue and the three features that put work on it, wired as Nest would. */
  function boot(backgroundJobs: boolean) {
    const metrics = createMetrics();
    const sut = new JobQueue(config(backgroundJobs), metrics);
    const features = [
      new SearchIndexer(
        config(backgroundJobs),
        searchIndexes as never,
        trap('searchRepository') as never,
        trap('documents') as never,
        trap('outbox') as never,
        sut,
        metrics,
        trap('embedder') as never,
      ),
      new SavedSearchAlerts(
        config(backgroundJobs),
        trap('alerts') as never,
        searchIndexes as never,
        trap('searchRepository') as never,
        trap('notifications') as never,
        trap('realtime') as never,
        sut,
      ),
      new RemindersService(
        trap('reminders') as never,
        trap('notifications') as never,
        trap('realtime') as never,
        trap('mailer') as never,
        config(backgroundJobs),
        sut,
      ),
    ];
    for (const feature of features) feature.onModuleInit();
    return sut;
  }

  beforeEach(() => {
    used.length = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('start nothing when the process is a command-line tool', async () => {
    const sut = boot(false);
    sut.onApplicationBootstrap();
    expect(sut.started).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(used).toEqual([]);
    await expect(sut.send(JobName.ReminderPass, {})).rejects.toThrow('not running');
    await sut.onModuleDestroy();
  });

  it('register the reminder and alert passes with their schedules, and the indexer as a loop', () => {
    const sut = boot(true);
    expect(sut.registered()).toEqual({
      jobs: [
        { name: JobName.SavedSearchAlertPass, cron: '* * * * *' },
        { name: JobName.ReminderPass, cron: '*/5 * * * *' },
      ],
      loops: ['search-indexer'],
    });
    expect(used).toEqual([]);
  });

  it('refuse a job registered twice', () => {
    const sut = boot(true);
    expect(() =>
      sut.register(JobName.ReminderPass, {
        handler: () => Promise.reject(new Error('unused')),
        cron: undefined,
        retryLimit: 0,
        expireInSeconds: 60,
      }),
    ).toThrow('registered twice');
  });
});
