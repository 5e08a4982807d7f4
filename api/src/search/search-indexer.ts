import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { NotifiedLoop } from '../jobs/notified-loop.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import { documentKey, type OutboxEntityType } from './search-documents.js';
import { SearchDocumentsRepository } from './search-documents.repository.js';
import { SearchEmbedder } from './search-embedder.js';
import { isSearchOutage, SearchIndexes, succeeded } from './search-indexes.js';
import { SearchOutboxRepository } from './search-outbox.repository.js';
import { SearchRepository } from './search.repository.js';

const CHANNEL = 'search_outbox';
// Outbox rows per transaction. Each Meilisearch task has a fixed cost (~0.2-0.5 s here on 2 vCPU
// whatever its size), so a backlog drains in fewer, larger tasks.
const BATCH = 5_000;
/** Documents per addDocuments call: a briefing's row expands to everything under it, unbounded. */
const CHUNK = 5_000;
const MAX_BACKOFF_S = 60;

/**
 * Drains the search outbox into Meilisearch, at least once and idempotently: claims rows with
 * SKIP LOCKED under an advisory lock, reads each entity's current state, upserts or deletes it,
 * and deletes the rows only after Meilisearch reports success. NOTIFY wakes it; polling backs it up.
 * It is a loop of its own, not a queued job (search is fresh ~100 ms after a write; a job queue's
 * polling would add its interval), but the job queue starts and drains it with the other background work.
 */
@Injectable()
export class SearchIndexer extends NotifiedLoop implements OnModuleInit {
  private readonly logger = new Logger(SearchIndexer.name);
  private ready = false;
  /** Set while the last attempt failed; health reports search as degraded. */
  lastError: string | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(SearchIndexes) private readonly indexes: SearchIndexes,
    @Inject(SearchRepository) private readonly repository: SearchRepository,
    @Inject(SearchDocumentsRepository) private readonly documents: SearchDocumentsRepository,
    @Inject(SearchOutboxRepository) private readonly outbox: SearchOutboxRepository,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(SearchEmbedder) private readonly embedder: SearchEmbedder,
  ) {
    super(config.databaseUrl, CHANNEL, 'briefroom-search-listener');
  }

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      const { depth, oldestAgeSeconds } = await this.outbox.backlog();
      this.metrics.searchOutboxDepth.set(depth);
      this.metrics.searchOutboxOldestAge.set(oldestAgeSeconds);
    });
    if (this.indexes.client) this.jobs.registerLoop('search-indexer', this);
  }

  protected async drain(): Promise<void> {
    try {
      if (!this.ready) {
        if (!(await this.indexes.exists())) {
          // A new index (first start, or an upgrade from per-type indexes): fill it from
          // PostgreSQL. Queued before the index is created, so a crash in between queues again
          // on the next start instead of leaving an empty index behind.
          const queued = await this.repository.enqueueEverything();
          if (queued > 0) this.logger.log(`New search index: ${queued} entities queued`);
        }
        await this.indexes.ensure(await this.repository.synonymMap());
        if (this.embedder.local) {
          const { documents, embedded } = await this.indexes.embeddedShare();
          if (documents > 0) {
            // An index with documents: its searches want vectors, so load the word vectors now
            // (in the background), and give any document without one its vector.
            void this.embedder
              .ready()
              .catch((error: unknown) =>
                this.logger.warn(
                  { err: error },
                  'Search word vectors failed to load; keywords only',
                ),
              );
            if (embedded < documents) await this.jobs.send(JobName.SearchReembed, {});
          }
        }
        // An earlier version's per-type indexes, whether this start or a reindex built the new one.
        await this.indexes.dropLegacyIndexes();
        this.ready = true;
      }
      for (;;) {
        const outcome = await this.drainBatch();
        if (outcome === 'empty') break;
        if (outcome === 'busy') {
          // Another process (or a reindex) holds the lock and will see these rows; look again soon.
          this.schedule(200);
          break;
        }
      }
      if (this.lastError) this.logger.log('Search index caught up');
      this.lastError = undefined;
    } catch (error) {
      this.metrics.searchIndexerFailures.inc();
      const message = (error as Error).message;
      if (this.lastError !== message) {
        this.logger.warn(
          { err: error },
          'Search indexing failed; changes stay in the outbox and will be retried',
        );
      }
      this.lastError = message;
      this.ready = false;
    }
  }

  /** One batch in one transaction: claim, index, delete. */
  private async drainBatch(): Promise<'empty' | 'busy' | 'done'> {
    let failed: { ids: string[]; error: Error } | undefined;
    const outcome = await this.outbox.drainBatch(BATCH, async (rows) => {
      try {
        await this.apply(rows.map((r) => ({ type: r.entityType, id: r.entityId })));
        return true;
      } catch (error) {
        failed = { ids: rows.map((r) => r.id), error: error as Error };
        return false;
      }
    });
    if (failed) {
      // While the engine is out the rows wait as they are, so they all go the moment it returns (the loop polls every 2 s).
      if (isSearchOutage(failed.error)) throw failed.error;
      // Refused documents back off exponentially per row; the rows stay until Meilisearch takes them.
      await this.outbox.backOff(failed.ids, failed.error.message, MAX_BACKOFF_S);
      throw failed.error;
    }
    return outcome;
  }

  private async apply(entities: { type: OutboxEntityType; id: string }[]): Promise<void> {
    const index = this.indexes.require().index(this.indexes.uid());
    const changes = await this.documents.load(entities);
    const upserts = this.embedder.withVectors([...changes.upserts.values()].flat());
    const deletes = [...changes.deletes].flatMap(([type, ids]) =>
      ids.map((id) => documentKey(type, id)),
    );
    // Chunks keep each payload far below Meilisearch's 100 MB limit; it batches them itself, in order.
    const tasks = Array.from({ length: Math.ceil(upserts.length / CHUNK) }, (_, i) =>
      index
        .addDocuments(upserts.slice(i * CHUNK, (i + 1) * CHUNK))
        .waitTask({ timeout: 120_000, interval: 10 }),
    );
    if (deletes.length > 0) {
      tasks.push(index.deleteDocuments(deletes).waitTask({ timeout: 30_000, interval: 10 }));
    }
    await Promise.all(tasks.map(succeeded));
  }
}
