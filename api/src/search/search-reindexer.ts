import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Task } from 'meilisearch';
import { SEARCH_TYPES, type SearchType } from './search-documents.js';
import { SearchDocumentsRepository } from './search-documents.repository.js';
import { SearchIndexes, succeeded } from './search-indexes.js';
import { SearchRepository } from './search.repository.js';

const PAGE = 5_000;
const ASIDE = '-rebuild';

export interface ReindexReport {
  documents: Record<SearchType, number>;
  seconds: number;
}

/**
 * Rebuilds the index from PostgreSQL with no downtime: builds a new index aside, then swaps it in
 * atomically. It holds the indexer's lock throughout, so live changes wait in the outbox and land
 * on the new index right after the swap: nothing is missed and nothing goes stale.
 */
@Injectable()
export class SearchReindexer {
  private readonly logger = new Logger(SearchReindexer.name);

  constructor(
    @Inject(SearchDocumentsRepository) private readonly documents: SearchDocumentsRepository,
    @Inject(SearchIndexes) private readonly indexes: SearchIndexes,
    @Inject(SearchRepository) private readonly repository: SearchRepository,
  ) {}

  async reindexAll(progress: (line: string) => void = () => undefined): Promise<ReindexReport> {
    const started = performance.now();
    const client = this.indexes.require();
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
          pending.push(index.addDocuments(page).waitTask({ timeout: 0, interval: 100 }));
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
      return { documents, seconds };
    });
  }
}
