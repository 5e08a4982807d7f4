import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Task } from 'meilisearch';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { SEARCH_TYPES, type SearchType } from './search-documents.js';
import { SearchDocumentsRepository } from './search-documents.repository.js';
import { SearchEmbedder } from './search-embedder.js';
import { SearchIndexes, succeeded } from './search-indexes.js';
import { SearchRepository } from './search.repository.js';

const PAGE = 5_000;
const ASIDE = '-rebuild';

export interface ReindexReport {
  documents: Record<SearchType, number>;
  seconds: number;
  /** Of `seconds`, the time spent computing vectors in this process (0 with a remote embedder). */
  embeddingSeconds: number;
}

/** What a re-embedding did: documents given vectors, and how long it took (and its embedding share). */
export interface ReembedResult {
  documents: number;
  seconds: number;
  embeddingSeconds: number;
}

/**
 * Rebuilds the index from PostgreSQL with no downtime: builds a new index aside, then swaps it in
 * atomically. It holds the indexer's lock throughout, so live changes wait in the outbox and land
 * on the new index right after the swap: nothing is missed and nothing goes stale.
 */
@Injectable()
export class SearchReindexer implements OnModuleInit {
  private readonly logger = new Logger(SearchReindexer.name);

  constructor(
    @Inject(SearchDocumentsRepository) private readonly documents: SearchDocumentsRepository,
    @Inject(SearchIndexes) private readonly indexes: SearchIndexes,
    @Inject(SearchRepository) private readonly repository: SearchRepository,
    @Inject(SearchEmbedder) private readonly embedder: SearchEmbedder,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    if (!this.indexes.client) return;
    this.jobs.register(JobName.SearchReembed, {
      handler: () => this.reembedAll(),
      cron: undefined,
      retryLimit: 5,
      expireInSeconds: 30 * 60,
    });
    this.embedder.onLoaded(() => {
      void this.jobs.send(JobName.SearchReembed, {}).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'Could not queue search re-embedding');
      });
    });
  }

  /**
   * Gives every document in the live index its vector (partial updates: only `_vectors`), under
   * the indexer's lock so no newer text is overwritten by an older one's vector. Runs as the
   * `search-reembed` job; with a remote embedder Meilisearch re-embeds by itself.
   */
  async reembedAll(): Promise<ReembedResult> {
    const started = performance.now();
    if (!this.embedder.local) return { documents: 0, seconds: 0, embeddingSeconds: 0 };
    await this.embedder.ready();
    const index = this.indexes.require().index(this.indexes.uid());
    const embedding = stopwatch();
    const count = await this.documents.holdingIndexerLock(async (pages) => {
      let documents = 0;
      const pending: Promise<Task>[] = [];
      for (const type of SEARCH_TYPES) {
        for await (const page of pages.all(type, PAGE)) {
          const vectors = embedding
            .time(() => this.embedder.withVectors(page))
            .map(({ key, _vectors }) => ({ key, _vectors }));
          queue(pending, index.updateDocuments(vectors).waitTask({ timeout: 0, interval: 100 }));
          documents += page.length;
        }
      }
      await Promise.all(pending.map(succeeded));
      return documents;
    });
    const seconds = (performance.now() - started) / 1000;
    this.logger.log(
      `Re-embedded ${count} search documents in ${seconds.toFixed(1)} s (embedding ${embedding.seconds().toFixed(1)} s)`,
    );
    return { documents: count, seconds, embeddingSeconds: embedding.seconds() };
  }

  async reindexAll(progress: (line: string) => void = () => undefined): Promise<ReindexReport> {
    const started = performance.now();
    const client = this.indexes.require();
    // The command waits for the word vectors: a rebuilt index is complete, vectors included.
    await this.embedder.ready();
    const embedding = stopwatch();
    return this.documents.holdingIndexerLock(async (pages) => {
      const synonyms = await this.repository.synonymMap();
      await this.indexes.ensure(synonyms);
      const aside = this.indexes.uid(ASIDE);
      await client
        .deleteIndex(aside)
        .waitTask({ timeout: 60_000 })
        .catch(() => undefined);
      await this.indexes.ensure(synonyms, ASIDE);

      const documents = Object.fromEntries(SEARCH_TYPES.map((t) => [t, 0])) as Record<
        SearchType,
        number
      >;
      const index = client.index(aside);
      const pending: Promise<Task>[] = [];
      for (const type of SEARCH_TYPES) {
        for await (const page of pages.all(type, PAGE)) {
          // Meilisearch batches queued additions itself; wait only at the end.
          queue(
            pending,
            index
              .addDocuments(embedding.time(() => this.embedder.withVectors(page)))
              .waitTask({ timeout: 0, interval: 100 }),
          );
          documents[type] += page.length;
        }
        progress(`${type}: ${documents[type]} documents queued`);
      }
      await Promise.all(pending.map(succeeded));

      await succeeded(
        client
          .swapIndexes([{ indexes: [this.indexes.uid(), aside], rename: false }])
          .waitTask({ timeout: 60_000 }),
      );
      await succeeded(client.deleteIndex(aside).waitTask({ timeout: 60_000 }));
      const seconds = (performance.now() - started) / 1000;
      this.logger.log(`Reindexed ${JSON.stringify(documents)} in ${seconds.toFixed(1)} s`);
      return { documents, seconds, embeddingSeconds: embedding.seconds() };
    });
  }
}

/**
 * Keeps a Meilisearch task that is awaited only after the remaining pages are read. It is marked
 * handled at once: if the engine goes away meanwhile, the final `Promise.all` rejects (and the
 * job or command fails and retries), instead of an unhandled rejection stopping the process.
 */
function queue<T>(pending: Promise<T>[], task: Promise<T>): void {
  task.catch(() => undefined);
  pending.push(task);
}

/** Adds up the time spent in the calls it wraps. */
function stopwatch() {
  let ms = 0;
  return {
    time<T>(work: () => T): T {
      const started = performance.now();
      try {
        return work();
      } finally {
        ms += performance.now() - started;
      }
    },
    seconds: () => ms / 1000,
  };
}
