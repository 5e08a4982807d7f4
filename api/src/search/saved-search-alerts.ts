import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { cronEvery } from '../jobs/job-schedule.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { SavedSearchAlertsRepository } from './saved-search-alerts.repository.js';
import { SearchIndexes } from './search-indexes.js';
import { SearchRepository } from './search.repository.js';
import { searchFilter } from './search.service.js';

const PER_PASS = 200;

export interface SavedSearchAlertPassResult {
  checked: number;
  notified: number;
}

/**
 * Saved-search alerts. Each pass (a queued job: one at a time across processes, every
 * SAVED_SEARCH_ALERT_INTERVAL_SECONDS, retried with back-off when it fails) looks at a window of creation times,
 * (last check, bound], where the bound never passes what the indexer has caught up with, so every
 * second is looked at exactly once and nothing still in the outbox is missed. The search runs as
 * the owner, with their read filter, so an alert never reveals anything they may not read.
 */
@Injectable()
export class SavedSearchAlerts implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SavedSearchAlertsRepository) private readonly alerts: SavedSearchAlertsRepository,
    @Inject(SearchIndexes) private readonly indexes: SearchIndexes,
    @Inject(SearchRepository) private readonly repository: SearchRepository,
    @Inject(NotificationsRepository) private readonly notifications: NotificationsRepository,
    @Inject(RealtimeGateway) private readonly realtime: RealtimeGateway,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    // Without a search engine there is nothing to look in.
    if (!this.indexes.client) return;
    this.jobs.register(JobName.SavedSearchAlertPass, {
      handler: ({ now }) => this.runPass(now ? new Date(now) : new Date()),
      cron: cronEvery(this.config.savedSearchAlertIntervalSeconds),
      everySeconds: this.config.savedSearchAlertIntervalSeconds,
      retryLimit: 3,
      expireInSeconds: 10 * 60,
    });
  }

  /**
   * One pass as of `now`. The queue runs one at a time across processes; a direct call (tests)
   * is safe beside one too, as each saved search is taken with SKIP LOCKED.
   */
  async runPass(now: Date = new Date()): Promise<SavedSearchAlertPassResult> {
    const client = this.indexes.require();
    const created: { userId: string; id: string; savedSearchId: string }[] = [];
    const checked = await this.alerts.inAlertWindow(
      now,
      PER_PASS,
      async ({ bound, due, notify, checked }) => {
        for (const saved of due) {
          const readers = await this.repository.readerKeys(saved.userId);
          const filter = [
            ...searchFilter(readers, saved.filters),
            `createdTs > ${Number(saved.since)}`,
            `createdTs <= ${Number(bound)}`,
          ];
          const result = await client
            .index(this.indexes.uid())
            .search(saved.query, { filter, limit: 0 });
          const newHits = result.estimatedTotalHits ?? result.hits.length;
          if (newHits > 0) {
            const id = await notify(saved, newHits);
            created.push({ userId: saved.userId, id, savedSearchId: saved.id });
          }
          await checked(saved);
        }
        return due.length;
      },
    );
    await this.push(created);
    return { checked, notified: created.length };
  }

  private async push(created: { userId: string; id: string }[]): Promise<void> {
    if (created.length === 0) return;
    const counts = await this.notifications.unreadCounts([
      ...new Set(created.map((c) => c.userId)),
    ]);
    for (const { userId, id } of created) {
      const [notification] = (await this.notifications.list(userId, true, 50)).filter(
        (n) => n.id === id,
      );
      this.realtime.toUser(userId, 'notification.created', {
        notification,
        unreadCount: counts.get(userId) ?? 0,
      });
    }
  }
}
