import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { SearchIndexes } from './search-indexes.js';
import type { SearchFilters } from './search.dto.js';
import { SearchRepository } from './search.repository.js';
import { searchFilter } from './search.service.js';
import { AdvisoryLock } from '../database/advisory-locks.js';

const INTERVAL_MS = 60_000;
const PER_PASS = 200;

/**
 * Saved-search alerts. Each pass (one process at a time) looks at a window of creation times,
 * (last check, bound], where the bound never passes what the indexer has caught up with, so every
 * second is looked at exactly once and nothing still in the outbox is missed. The search runs as
 * the owner, with their read filter, so an alert never reveals anything they may not read.
 */
@Injectable()
export class SavedSearchAlerts implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SavedSearchAlerts.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SearchIndexes) private readonly indexes: SearchIndexes,
    @Inject(SearchRepository) private readonly repository: SearchRepository,
    @Inject(NotificationsRepository) private readonly notifications: NotificationsRepository,
    @Inject(RealtimeGateway) private readonly realtime: RealtimeGateway,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.indexes.client || !this.config.backgroundJobs) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runPass()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'Saved-search alert pass failed; the next pass retries'),
        )
        .finally(() => (this.running = undefined));
    }, INTERVAL_MS);
    this.timer.unref();
  }

  /** Shutdown waits for a pass in progress, so the database pool is not closed under it. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; `now` lets tests look ahead of the clock. Returns how many alerts were sent. */
  async runPass(now: Date = new Date()): Promise<{ checked: number; notified: number }> {
    const client = this.indexes.require();
    const created: { userId: string; id: string; savedSearchId: string }[] = [];
    const checked = await this.db.transaction(async (tx) => {
      const [{ locked }]: [{ locked: boolean }] = await tx.query(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [AdvisoryLock.SavedSearchAlerts],
      );
      if (!locked) return 0;
      // Whole seconds, one behind, and never past the oldest change still waiting to be indexed.
      const [{ bound }]: [{ bound: number }] = await tx.query(
        `SELECT floor(extract(epoch FROM LEAST($1::timestamptz,
           COALESCE((SELECT min(enqueued_at) FROM search_outbox), $1::timestamptz))))::bigint - 1 AS bound`,
        [now.toISOString()],
      );
      const due: {
        id: string;
        userId: string;
        query: string;
        filters: SearchFilters;
        since: number;
      }[] = await tx.query(
        `SELECT id, user_id AS "userId", query, filters,
           floor(extract(epoch FROM last_checked_at))::bigint AS since
         FROM saved_search WHERE alert AND floor(extract(epoch FROM last_checked_at)) < $1
         ORDER BY last_checked_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [bound, PER_PASS],
      );
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
          await tx.query(`UPDATE saved_search SET last_new_hits = $2 WHERE id = $1`, [
            saved.id,
            newHits,
          ]);
          const [row]: [{ id: string }] = await tx.query(
            `INSERT INTO notification (user_id, kind, saved_search_id) VALUES ($1, 'saved_search', $2)
             RETURNING id`,
            [saved.userId, saved.id],
          );
          created.push({ userId: saved.userId, id: row.id, savedSearchId: saved.id });
        }
        await tx.query(`UPDATE saved_search SET last_checked_at = to_timestamp($2) WHERE id = $1`, [
          saved.id,
          bound,
        ]);
      }
      return due.length;
    });
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
