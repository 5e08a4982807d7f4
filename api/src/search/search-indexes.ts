import { Inject, Injectable } from '@nestjs/common';
import type { Meilisearch, Settings, Task } from 'meilisearch';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SEARCH_TYPES, type SearchDocument } from './search-documents.js';
import { embedderSettings } from './search-embedder.js';
import { SearchEngine } from './search-engine.js';

/**
 * Searchable attributes, most important first (Meilisearch ranks earlier ones higher): a
 * document's own title, its text, then what surrounds it (a comment's thread, a decision's
 * alternatives, an item's briefing), its section, tags and people.
 */
const SEARCHABLE: (keyof SearchDocument)[] = [
  'title',
  'body',
  'context',
  'section',
  'tags',
  'authorName',
  'ownerName',
  'briefingTitle',
  'series',
];

/** Every attribute a filter or a facet may name. */
export const FILTERABLE: (keyof SearchDocument)[] = [
  'id',
  'type',
  'readers',
  'tags',
  'series',
  'section',
  'status',
  'priority',
  'ownerId',
  'authorId',
  'briefingId',
  'dateTs',
  'dueTs',
  'createdTs',
];

export const FACETS = ['type', 'tags', 'status', 'series', 'section', 'priority'] as const;

export function indexSettings(
  synonyms: Record<string, string[]>,
  embedders: Settings['embedders'] = {},
): Settings {
  return {
    embedders,
    searchableAttributes: SEARCHABLE,
    // The hit's fields; the document's key and reader list stay inside Meilisearch.
    displayedAttributes: [
      'id',
      'type',
      'heading',
      'title',
      'body',
      'url',
      'date',
      'briefingId',
      'briefingSlug',
      'briefingTitle',
      'tags',
      'status',
      'authorId',
      'authorName',
      'ownerId',
      'ownerName',
    ],
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
      // Names of people are matched exactly.
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

/**
 * The index and the calls that shape it. Every type lives in ONE index with a `type` attribute:
 * one search ranks all types in one list. (Per-type indexes merged by a federated multi-search
 * answered 3-4x slower at 100,000 documents: federation needs every hit's full ranking score and
 * runs the query, its facets and its highlighting once per index; see docs/search.md.)
 */
@Injectable()
export class SearchIndexes {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SearchEngine) private readonly engine: SearchEngine,
  ) {}

  get client(): Meilisearch | undefined {
    return this.engine.client;
  }

  /** The index's uid; `suffix` names a copy (the reindex builds `-rebuild` aside). */
  uid(suffix = ''): string {
    return `${this.config.searchIndexPrefix}-documents${suffix}`;
  }

  /** Whether the index (or its `suffix` copy) exists. */
  async exists(suffix = ''): Promise<boolean> {
    try {
      await this.require().getIndex(this.uid(suffix));
      return true;
    } catch (error) {
      if (meiliErrorCode(error) === 'index_not_found') return false;
      throw error;
    }
  }

  /** Creates the index if it is missing and applies the settings (a no-op task when nothing changed). */
  async ensure(synonyms: Record<string, string[]>, suffix = ''): Promise<void> {
    const client = this.require();
    const uid = this.uid(suffix);
    if (!(await this.exists(suffix))) {
      const task = await client
        .createIndex(uid, { primaryKey: 'key' })
        .waitTask({ timeout: 30_000 });
      // Another process may have created it in between: that is as good.
      if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') {
        await succeeded(Promise.resolve(task));
      }
    }
    await succeeded(
      client
        .index(uid)
        .updateSettings(indexSettings(synonyms, embedderSettings(this.config.searchEmbedder)))
        .waitTask({ timeout: 60_000 }),
    );
  }

  /** Indexes an earlier version kept per type (`<prefix>-comment`, ...); gone once migrated. */
  async dropLegacyIndexes(): Promise<void> {
    const client = this.require();
    const legacy = new Set(SEARCH_TYPES.map((type) => `${this.config.searchIndexPrefix}-${type}`));
    const existing = (await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid);
    await Promise.all(
      existing
        .filter((uid) => legacy.has(uid))
        .map((uid) => succeeded(client.deleteIndex(uid).waitTask({ timeout: 60_000 }))),
    );
  }

  /** How many documents the index holds, and how many have their vectors. */
  async embeddedShare(): Promise<{ documents: number; embedded: number }> {
    const stats = await this.require().index(this.uid()).getStats();
    return { documents: stats.numberOfDocuments, embedded: stats.numberOfEmbeddedDocuments };
  }

  async applySynonyms(synonyms: Record<string, string[]>): Promise<void> {
    await succeeded(
      this.require().index(this.uid()).updateSynonyms(synonyms).waitTask({ timeout: 60_000 }),
    );
  }

  require(): Meilisearch {
    if (!this.engine.client) throw new Error('Meilisearch is not configured (MEILI_URL)');
    return this.engine.client;
  }
}

/**
 * The answer Meilisearch gave to a failed call, if it answered: the client wraps what a custom
 * HTTP client throws, so the API error may sit one or more `cause`s down.
 */
export function meiliRefusal(
  error: unknown,
): { status: number; code: string | undefined } | undefined {
  let current = error as { name?: string; cause?: unknown; response?: Response } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current.name === 'MeilisearchApiError') {
      return {
        status: current.response?.status ?? 0,
        code: (current.cause as { code?: string } | undefined)?.code,
      };
    }
    current = current.cause as typeof current;
  }
  return undefined;
}

/** Meilisearch's error code (`index_not_found`, ...) of a failed call, if it answered. */
export function meiliErrorCode(error: unknown): string | undefined {
  return meiliRefusal(error)?.code;
}

/** Meilisearch ran a task and it failed: the documents were refused, the engine is fine. */
export class SearchTaskFailed extends Error {
  override readonly name = 'SearchTaskFailed';
}

/** Resolves when a task succeeded; a failed or cancelled task is an error (the outbox keeps its rows). */
export async function succeeded(task: Promise<Task>): Promise<Task> {
  const done = await task;
  if (done.status !== 'succeeded') {
    throw new SearchTaskFailed(
      `Meilisearch task ${done.uid} ${done.status}: ${done.error?.message ?? 'no detail'}`,
    );
  }
  return done;
}

/**
 * Whether a failed call says the engine is out (unreachable, timing out, answering 5xx) rather
 * than that it refused what it was given: an outage is nobody's rows' fault.
 */
export function isSearchOutage(error: unknown): boolean {
  if (error instanceof SearchTaskFailed) return false;
  const refusal = meiliRefusal(error);
  return refusal === undefined || refusal.status >= 500;
}
