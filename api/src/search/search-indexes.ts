import { Inject, Injectable } from '@nestjs/common';
import type { Meilisearch, Settings, Task } from 'meilisearch';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SEARCH_TYPES, type SearchDocument, type SearchType } from './search-documents.js';
import { SearchEngine } from './search-engine.js';

/** Searchable attributes per type, most important first (Meilisearch ranks earlier ones higher). */
const SEARCHABLE: Record<SearchType, (keyof SearchDocument)[]> = {
  briefing: ['title', 'tags', 'body', 'context', 'series'],
  item: ['title', 'body', 'section', 'tags', 'briefingTitle'],
  discussion: ['title', 'body', 'section', 'tags', 'briefingTitle'],
  comment: ['body', 'title', 'authorName', 'tags'],
  action: ['title', 'body', 'ownerName', 'tags'],
  decision: ['title', 'body', 'context', 'tags'],
};

/** The same filterable set everywhere, so one filter works across a federated search. */
export const FILTERABLE: (keyof SearchDocument)[] = [
  'id',
  'type',
  'readers',
  'tags',
  'series',
  'status',
  'priority',
  'ownerId',
  'authorId',
  'briefingId',
  'dateTs',
  'createdTs',
];

export const FACETS = ['type', 'tags', 'status', 'series', 'priority'] as const;

export function indexSettings(type: SearchType, synonyms: Record<string, string[]>): Settings {
  return {
    searchableAttributes: SEARCHABLE[type],
    filterableAttributes: FILTERABLE,
    sortableAttributes: ['dateTs', 'createdTs'],
    // Relevance first; recency breaks ties between equally good matches.
    rankingRules: [
      'words',
      'typo',
      'proximity',
      'attribute',
      'sort',
      'exactness',
      'createdTs:desc',
    ],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      // Ids and names of people are matched exactly.
      disableOnAttributes: ['authorName', 'ownerName'],
    },
    synonyms,
    pagination: { maxTotalHits: 1000 },
    faceting: { maxValuesPerFacet: 50 },
    // Nothing calls /facet-search; building its structures was most of every indexing task
    // (~0.3-0.6 s per single-comment update at 100,000 documents, see docs/benchmarks.md).
    facetSearch: false,
  };
}

/** Turns groups of equivalent terms into Meilisearch's map: every term leads to all the others. */
export function synonymMap(groups: string[][]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups) {
    const terms = [...new Set(group.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    for (const term of terms) {
      map[term] = [...new Set([...(map[term] ?? []), ...terms.filter((t) => t !== term)])];
    }
  }
  return map;
}

/** Index names and the calls that shape indexes; one index per document type. */
@Injectable()
export class SearchIndexes {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SearchEngine) private readonly engine: SearchEngine,
  ) {}

  get client(): Meilisearch | undefined {
    return this.engine.client;
  }

  uid(type: SearchType, suffix = ''): string {
    return `${this.config.searchIndexPrefix}-${type}${suffix}`;
  }

  /** Creates any missing index and applies the settings (a no-op task when nothing changed). */
  async ensure(synonyms: Record<string, string[]>, suffix = ''): Promise<void> {
    const client = this.require();
    const existing = new Set((await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid));
    const tasks: Promise<Task>[] = [];
    for (const type of SEARCH_TYPES) {
      const uid = this.uid(type, suffix);
      if (!existing.has(uid)) {
        await succeeded(
          client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 }),
        );
      }
      tasks.push(
        client
          .index(uid)
          .updateSettings(indexSettings(type, synonyms))
          .waitTask({ timeout: 60_000 }),
      );
    }
    await Promise.all(tasks.map(succeeded));
  }

  async applySynonyms(synonyms: Record<string, string[]>): Promise<void> {
    const client = this.require();
    await Promise.all(
      SEARCH_TYPES.map((type) =>
        succeeded(
          client.index(this.uid(type)).updateSynonyms(synonyms).waitTask({ timeout: 60_000 }),
        ),
      ),
    );
  }

  require(): Meilisearch {
    if (!this.engine.client) throw new Error('Meilisearch is not configured (MEILI_URL)');
    return this.engine.client;
  }
}

/** Resolves when a task succeeded; a failed or cancelled task is an error (the outbox keeps its rows). */
export async function succeeded(task: Promise<Task>): Promise<Task> {
  const done = await task;
  if (done.status !== 'succeeded') {
    throw new Error(
      `Meilisearch task ${done.uid} ${done.status}: ${done.error?.message ?? 'no detail'}`,
    );
  }
  return done;
}
