import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import type { Hit, SearchParams, SearchResponse } from 'meilisearch';
import { readerOf } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import { readQuery } from './query-understanding.js';
import {
  dateSeconds,
  SEARCH_TYPES,
  type SearchDocument,
  type SearchType,
} from './search-documents.js';
import { EMBEDDER, SearchEmbedder } from './search-embedder.js';
import { FACETS, meiliRefusal, SearchIndexes } from './search-indexes.js';
import { SearchIndexer } from './search-indexer.js';
import { foldText, plainText } from './search-text.js';
import type {
  CreateSavedSearchDto,
  SavedSearchDto,
  SearchAnswerDto,
  SearchFilters,
  SearchHitDto,
  SearchInterpretedDto,
  SearchQuery,
  SearchResultDto,
} from './search.dto.js';
import { withShortTitles } from './search-hit-titles.js';
import { SearchRepository, type PersonRow, type SavedSearchRow } from './search.repository.js';

/** How much an intent's types are lifted: a decision at 0.8 outranks a news item at 0.95. */
const INTENT_BOOST = 1.25;
/** How long the index's vector coverage is trusted before it is asked again. */
const COVERAGE_TTL_MS = 5_000;

/** The strings Meilisearch puts around each match, made afresh for every search. */
export interface HighlightTags {
  pre: string;
  post: string;
}

/** Random per search: indexed text cannot contain tags it cannot predict, so it cannot forge a mark. */
function highlightTags(): HighlightTags {
  const nonce = randomBytes(16).toString('hex');
  return { pre: `[[mark:${nonce}]]`, post: `[[/mark:${nonce}]]` };
}

function highlight(tags: HighlightTags) {
  return {
    attributesToHighlight: ['title', 'body'],
    attributesToCrop: ['body'],
    cropLength: 30,
    highlightPreTag: tags.pre,
    highlightPostTag: tags.post,
  } satisfies SearchParams;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Meilisearch's highlighted text as safe HTML: everything escaped, only balanced <mark>s added. */
export function snippetHtml(formatted: string, tags: HighlightTags): string {
  return formatted
    .split(tags.pre)
    .map((chunk, i) => {
      const end = chunk.indexOf(tags.post);
      if (i === 0 || end < 0) return escapeHtml(chunk.replaceAll(tags.post, ''));
      const rest = chunk.slice(end + tags.post.length).replaceAll(tags.post, '');
      return `<mark>${escapeHtml(chunk.slice(0, end))}</mark>${escapeHtml(rest)}`;
    })
    .join('');
}

/** A Meilisearch filter value: double-quoted with quotes and backslashes escaped. */
const quote = (value: string) => JSON.stringify(value);
const list = (csv: string | undefined) =>
  (csv ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** The filter expression for a caller and their filters; every search goes through here. */
export function searchFilter(readers: string[] | undefined, filters: SearchFilters): string[] {
  const parts: string[] = [];
  if (readers) parts.push(`readers IN [${readers.map(quote).join(', ')}]`);
  const types = list(filters.type);
  if (types.length && types.length < SEARCH_TYPES.length) {
    parts.push(`type IN [${types.map(quote).join(', ')}]`);
  }
  const tags = list(filters.tags);
  if (tags.length) parts.push(`tags IN [${tags.map((t) => quote(t.toLowerCase())).join(', ')}]`);
  if (filters.series) parts.push(`series = ${quote(filters.series)}`);
  if (filters.section) parts.push(`section = ${quote(filters.section)}`);
  const statuses = list(filters.status);
  if (statuses.length) parts.push(`status IN [${statuses.map(quote).join(', ')}]`);
  const priorities = list(filters.priority);
  if (priorities.length) parts.push(`priority IN [${priorities.map(quote).join(', ')}]`);
  if (filters.ownerId) parts.push(`ownerId = ${quote(filters.ownerId)}`);
  if (filters.authorId) parts.push(`authorId = ${quote(filters.authorId)}`);
  if (filters.briefingId) parts.push(`briefingId = ${quote(filters.briefingId)}`);
  if (filters.from) parts.push(`dateTs >= ${dateSeconds(filters.from)}`);
  if (filters.to) parts.push(`dateTs <= ${dateSeconds(filters.to)}`);
  if (filters.dueFrom) parts.push(`dueTs >= ${dateSeconds(filters.dueFrom)}`);
  if (filters.dueTo) parts.push(`dueTs <= ${dateSeconds(filters.dueTo)}`);
  return parts;
}

@Injectable()
export class SearchService {
  /** Synonym changes are audited (audit/), the actor taken from the request. */
  @Optional() @Inject(AuditLog) private readonly audit?: AuditLog;
  /** Whether every indexed document has its vector, as last asked (see coverage). */
  private coverage: { complete: boolean; at: number } | undefined;

  constructor(
    @Inject(SearchIndexes) private readonly indexes: SearchIndexes,
    @Inject(SearchRepository) private readonly repository: SearchRepository,
    @Inject(SearchIndexer) private readonly indexer: SearchIndexer,
    @Inject(SearchEmbedder) private readonly embedder: SearchEmbedder,
  ) {}

  async search(auth: AuthContext, query: SearchQuery): Promise<SearchResultDto> {
    const result = await this.searchWithFallback(auth, query);
    return { ...result, hits: await withShortTitles(result.hits, this.repository) };
  }

  private async searchWithFallback(
    auth: AuthContext,
    query: SearchQuery,
  ): Promise<SearchResultDto> {
    try {
      return await this.searchAs(auth, query, false);
    } catch (error) {
      // The index refused the meaning part (its embedder is not set up yet, or changed under
      // us): answer with words, say so, and stay on words until the coverage is asked again.
      if (!/embedder|vector|hybrid/.test(meiliRefusal(error)?.code ?? '')) throw error;
      this.coverage = { complete: false, at: Date.now() };
      return this.searchAs(auth, query, true);
    }
  }

  private async searchAs(
    auth: AuthContext,
    query: SearchQuery,
    wordsOnly: boolean,
  ): Promise<SearchResultDto> {
    const readers = await this.repository.readerKeys(auth.user.id, readerOf(auth).admin);
    const q = query.q ?? '';
    const understood = await this.understand(q, query);
    const filter = [...searchFilter(readers, understood.filters), ...understood.extraFilter];
    const everyTypeFilter = [
      ...searchFilter(readers, { ...understood.filters, type: undefined }),
      ...understood.extraFilter,
    ];
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const semantic = await this.semantic(understood.terms, wordsOnly);
    const tags = highlightTags();
    const hybrid = semantic.mode === 'hybrid';
    const words: SearchParams = {
      q: understood.terms,
      ...(understood.natural ? { matchingStrategy: 'frequency' as const } : {}),
    };
    // Hits rank by words and meaning; with meaning on, each hit says whether its words matched.
    const ranked: SearchParams = hybrid
      ? { ...words, ...semantic.params, showRankingScore: true, showMatchesPosition: true }
      : words;
    const boosted = understood.types;
    // Intent ranking merges two lists, so each brings everything up to the page's end.
    const merged = boosted.length > 0 || hybrid;
    const page: SearchParams = {
      ...ranked,
      filter,
      limit: merged ? offset + limit : limit,
      offset: merged ? 0 : offset,
      ...(hybrid ? {} : { facets: [...FACETS] }),
      ...(boosted.length ? { showRankingScore: true } : {}),
      ...highlight(tags),
    };
    const searches: SearchParams[] = [page];
    // Counts and facets are of what the words match, as in a keyword search.
    if (hybrid) searches.push({ ...words, filter, limit: 0, facets: [...FACETS] });
    // The type facet counts every type, so a user narrowed to one type still sees the others' counts.
    const narrowed = filter.length > everyTypeFilter.length;
    if (narrowed) searches.push({ ...words, filter: everyTypeFilter, limit: 0, facets: ['type'] });
    if (boosted.length) {
      searches.push({
        ...ranked,
        filter: [...filter, `type IN [${boosted.map(quote).join(', ')}]`],
        limit: offset + limit,
        showRankingScore: true,
        ...highlight(tags),
      });
    }
    const [result, ...rest] = await this.run(searches, { sideBySide: true });
    const counted = hybrid ? rest.shift()! : result;
    const counts = narrowed ? rest.shift() : undefined;
    const intent = boosted.length ? rest.shift() : undefined;
    let hits = intent ? rankIntentFirst(result.hits, intent.hits) : result.hits;
    if (hybrid) hits = hits.filter(relevantByMeaning);
    if (merged) hits = hits.slice(offset, offset + limit);
    const facets: Record<string, Record<string, number>> = Object.fromEntries(
      FACETS.map((f) => [f, counted.facetDistribution?.[f] ?? {}]),
    );
    if (counts) facets.type = counts.facetDistribution?.type ?? {};
    const top = offset === 0 ? (hits[0] as Hit<SearchDocument> | undefined) : undefined;
    return {
      query: q,
      hits: hits.map((hit) => searchHit(hit as Hit<SearchDocument>, tags)),
      facets,
      // Meilisearch's estimate stops at maxTotalHits (1,000); the type counts cover every match.
      estimatedTotalHits: Math.max(
        counted.estimatedTotalHits ?? counted.hits.length,
        Object.values(counted.facetDistribution?.type ?? {}).reduce((a, b) => a + b, 0),
        hybrid ? offset + hits.length : 0,
      ),
      processingTimeMs: Math.max(
        ...[result, counted, counts, intent].map((r) => r?.processingTimeMs ?? 0),
      ),
      interpreted: {
        terms: understood.terms,
        types: boosted,
        filters: understood.shown,
        mode: semantic.mode,
        notice: semantic.notice,
      },
      answer: top ? await this.answer(auth, top) : null,
    };
  }

  /**
   * The question read (query-understanding.ts) and applied: filler dropped, intent kept as types
   * to rank first (unless the caller filtered on types), dates and people as filters (unless the
   * caller gave dates). A plain keyword query passes through exactly as typed.
   */
  private async understand(
    q: string,
    query: SearchQuery,
  ): Promise<{
    terms: string;
    natural: boolean;
    types: SearchType[];
    filters: SearchFilters;
    extraFilter: string[];
    shown: SearchInterpretedDto['filters'];
  }> {
    const reading = readQuery(q, new Date());
    const filters: SearchFilters = { ...query };
    const shown: SearchInterpretedDto['filters'] = { people: [] };
    if (reading.dates && !query.from && !query.to) {
      filters.from = reading.dates.from;
      filters.to = reading.dates.to;
      Object.assign(shown, {
        ...(reading.dates.from ? { from: reading.dates.from } : {}),
        ...(reading.dates.to ? { to: reading.dates.to } : {}),
        dates: reading.dates.said,
      });
    }
    const found: PersonRow[] = reading.people.length
      ? await this.repository.people(reading.people)
      : [];
    const extraFilter: string[] = [];
    const unknown: string[] = [];
    const ids: string[] = [];
    for (const mention of reading.people) {
      const key = (mention.handle ?? mention.name ?? '').toLowerCase();
      const matches = found.filter(
        (p) =>
          p.handle.toLowerCase() === key ||
          p.name.toLowerCase() === key ||
          p.name.split(' ')[0].toLowerCase() === key,
      );
      if (matches.length === 0) {
        // Nobody by that name: the word is searched for as written.
        unknown.push(mention.name ?? mention.handle ?? '');
        continue;
      }
      for (const person of matches) {
        ids.push(person.id);
        shown.people.push({ id: person.id, name: person.name });
      }
    }
    if (ids.length > 0) {
      const list = ids.map(quote).join(', ');
      extraFilter.push(`(authorId IN [${list}] OR ownerId IN [${list}])`);
    }
    const terms = [reading.terms, ...unknown].filter(Boolean).join(' ');
    return {
      // Nothing read: the query as typed, look-alike dashes and quotes folded as the index is.
      terms: reading.natural ? terms : foldText(q),
      natural: reading.natural,
      types: list(query.type).length ? [] : reading.types,
      filters,
      extraFilter,
      shown,
    };
  }

  /**
   * Meaning as well as words, when it can be had: the embedder is on, the query has words the
   * model knows, and every indexed document has its vector. Otherwise keyword-only, saying why.
   */
  private async semantic(
    terms: string,
    wordsOnly = false,
  ): Promise<{
    params: Partial<SearchParams>;
    mode: 'hybrid' | 'keyword';
    notice: string | null;
  }> {
    const keyword = (notice: string | null) => ({ params: {}, mode: 'keyword' as const, notice });
    if (!this.embedder.hybrid || !terms.trim()) return keyword(null);
    if (wordsOnly) {
      return keyword('Matching words only: search by meaning is not available right now.');
    }
    // Asked first: in a process that has not loaded the word vectors yet, this starts loading
    // them, and once in, documents indexed without vectors meanwhile are queued for theirs.
    const vector = this.embedder.queryVector(terms.replaceAll('"', ''));
    if (!(await this.vectorsComplete())) {
      return keyword('Matching words only: search is still computing the meaning of documents.');
    }
    if (vector === null) return keyword(null);
    const hybrid = { embedder: EMBEDDER, semanticRatio: this.embedder.config.semanticRatio };
    return { params: vector ? { hybrid, vector } : { hybrid }, mode: 'hybrid', notice: null };
  }

  /** Whether every indexed document has its vector; asked of Meilisearch at most every 5 s. */
  private async vectorsComplete(): Promise<boolean> {
    const now = Date.now();
    if (this.coverage && now - this.coverage.at < COVERAGE_TTL_MS) return this.coverage.complete;
    const { documents, embedded } = await this.unavailableOnFailure(() =>
      this.indexes.embeddedShare(),
    );
    this.coverage = { complete: embedded >= documents, at: now };
    return this.coverage.complete;
  }

  /** The top hit as an answer card, if it is a decision, an action or a comment. */
  private async answer(
    auth: AuthContext,
    top: Hit<SearchDocument>,
  ): Promise<SearchAnswerDto | null> {
    const reader = readerOf(auth);
    const person = (p: { id: string | null; name: string | null } | null) =>
      p?.name ? { id: p.id, name: p.name } : null;
    const none = { rationale: null, dueOn: null, thread: null, actions: [], supersededBy: null };
    switch (top.type) {
      case 'decision': {
        const d = await this.repository.decisionAnswer(reader, top.id);
        if (!d) return null;
        return {
          ...none,
          type: 'decision',
          id: d.id,
          title: d.title,
          url: `/decisions/${d.id}`,
          text: plainText(d.statement),
          rationale: d.rationale ? plainText(d.rationale) : null,
          status: d.status,
          date: d.date,
          person: person(d.decidedBy),
          thread: d.threadId
            ? { id: d.threadId, title: d.threadTitle ?? '', url: `/threads/${d.threadId}` }
            : null,
          actions: d.actions.map((a) => ({
            id: a.id,
            title: a.title,
            url: `/actions/${a.id}`,
            status: a.status,
            owner: person({ id: a.ownerId, name: a.ownerName }),
            dueOn: a.dueOn,
          })),
          supersededBy: d.supersededById
            ? {
                id: d.supersededById,
                title: d.supersededByTitle ?? '',
                url: `/decisions/${d.supersededById}`,
              }
            : null,
        };
      }
      case 'action': {
        const a = await this.repository.actionAnswer(reader, top.id);
        if (!a) return null;
        return {
          ...none,
          type: 'action',
          id: a.id,
          title: a.title,
          url: `/actions/${a.id}`,
          text: plainText(a.description),
          status: a.status,
          date: a.date,
          dueOn: a.dueOn,
          person: person(a.owner),
        };
      }
      case 'comment': {
        const c = await this.repository.commentAnswer(reader, top.id);
        if (!c) return null;
        return {
          ...none,
          type: 'comment',
          id: c.id,
          title: c.threadTitle,
          url: `/threads/${c.threadId}#comment-${c.id}`,
          text: plainText(c.body),
          status: null,
          date: c.date,
          person: person(c.author),
          thread: { id: c.threadId, title: c.threadTitle, url: `/threads/${c.threadId}` },
        };
      }
      default:
        return null;
    }
  }

  /** Earlier items, and decisions and actions, on the same subject as an item. */
  async related(auth: AuthContext, itemId: string): Promise<{ hits: SearchHitDto[] }> {
    const item = await this.repository.item(readerOf(auth), itemId);
    if (!item) throw new DomainError('NOT_FOUND', 'No such item.');
    const readers = await this.repository.readerKeys(auth.user.id, readerOf(auth).admin);
    const before = dateSeconds(item.publishedOn);
    const filter = [
      ...searchFilter(readers, {}),
      `(type = "item" AND id != ${quote(item.id)} AND dateTs < ${before}) OR type IN ["decision", "action"]`,
    ];
    // "More like this" from the title's words. Meilisearch's frequency strategy drops the most
    // common words first and keeps the rarest to the end, so a word no candidate has (often the
    // title's one unusual verb) would rule out everything: count each word among the candidates
    // first, in one request, and keep only the words some candidate has.
    const words = [
      ...new Set(item.title.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []),
    ]
      .filter((word) => word.length > 1)
      .slice(0, 16);
    if (words.length === 0) return { hits: [] };
    const counts = await this.run(words.map((word) => ({ q: `"${word}"`, filter, limit: 0 })));
    const shared = words.filter((_, i) => (counts[i]?.estimatedTotalHits ?? 0) > 0);
    if (shared.length === 0) return { hits: [] };
    const tags = highlightTags();
    const [result] = await this.run([
      {
        q: shared.join(' '),
        filter,
        limit: 8,
        matchingStrategy: 'frequency',
        rankingScoreThreshold: 0.2,
        ...highlight(tags),
      },
    ]);
    const hits = result.hits.map((hit) => searchHit(hit as Hit<SearchDocument>, tags));
    return { hits: await withShortTitles(hits, this.repository) };
  }

  async synonyms(): Promise<{ synonyms: string[][] }> {
    return { synonyms: await this.repository.synonyms() };
  }

  /** Stored first (the source of truth), then applied to every index; a failure leaves it to the next start. */
  async replaceSynonyms(groups: string[][]): Promise<{ synonyms: string[][] }> {
    const cleaned = groups.map((g) => [...new Set(g.map((t) => t.trim().toLowerCase()))]);
    const invalid = cleaned.findIndex((g) => g.length < 2);
    if (invalid >= 0) {
      throw new DomainError('VALIDATION_FAILED', 'Each synonym group needs two different terms.', {
        fields: { [`synonyms.${invalid}`]: ['needs two different terms'] },
      });
    }
    await this.repository.replaceSynonyms(cleaned);
    await this.audit?.record({
      action: 'settings.search_synonyms_changed',
      targetType: 'settings',
      targetId: 'search_synonyms',
      details: { synonyms: cleaned },
    });
    if (this.indexes.client) {
      await this.unavailableOnFailure(() =>
        this.repository.synonymMap().then((map) => this.indexes.applySynonyms(map)),
      );
    }
    return this.synonyms();
  }

  async savedSearches(auth: AuthContext): Promise<{ savedSearches: SavedSearchDto[] }> {
    const rows = await this.repository.savedSearches(auth.user.id);
    return { savedSearches: rows.map(savedSearchDto) };
  }

  async saveSearch(auth: AuthContext, dto: CreateSavedSearchDto): Promise<SavedSearchDto> {
    const filters = Object.fromEntries(
      Object.entries(dto.filters ?? {}).filter(([, v]) => v !== undefined && v !== ''),
    ) as SearchFilters;
    const row = await this.repository.createSavedSearch(auth.user.id, {
      name: dto.name,
      query: dto.query,
      filters,
      alert: dto.alert ?? false,
    });
    return savedSearchDto(row);
  }

  async deleteSavedSearch(auth: AuthContext, id: string): Promise<void> {
    if (!(await this.repository.deleteSavedSearch(auth.user.id, id))) {
      throw new DomainError('NOT_FOUND', 'No such saved search.');
    }
  }

  /** Health detail: the outbox backlog and whether the last indexing attempt failed. */
  async status(): Promise<{
    pending: number;
    oldestSeconds: number | null;
    lastError: string | null;
  }> {
    return {
      ...(await this.repository.outboxBacklog()),
      lastError: this.indexer.lastError ?? null,
    };
  }

  /** The given searches on the index in one request, answers in the same order. */
  /**
   * One multi-search, or with `sideBySide` one request per search, sent together: Meilisearch
   * answers a multi-search's queries one after another, so the page, its counts and facets, and
   * the intent's types would wait on each other (see docs/benchmarks.md, issue 15 at 100,000).
   */
  private async run(
    searches: SearchParams[],
    { sideBySide = false } = {},
  ): Promise<SearchResponse[]> {
    const client = this.indexes.client;
    if (!client) throw unavailable();
    const indexUid = this.indexes.uid();
    const batches = sideBySide ? searches.map((search) => [search]) : [searches];
    const responses = await this.unavailableOnFailure(() =>
      Promise.all(
        batches.map((batch) =>
          client.multiSearch({ queries: batch.map((search) => ({ indexUid, ...search })) }),
        ),
      ),
    );
    return responses.flatMap((response) => response.results);
  }

  private async unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const refusal = meiliRefusal(error);
      if (refusal) {
        // An erroring server, or an index not there (yet): search is down, nothing else is.
        if (refusal.status >= 500 || refusal.code === 'index_not_found') throw unavailable();
        // Any other refusal means this code sent a bad request: a bug, answered as one.
        throw error;
      }
      const name = (error as Error).name;
      // Unreachable or timed out: search is down, nothing else is.
      if (name === 'MeilisearchRequestError' || name === 'MeilisearchTimeOutError')
        throw unavailable();
      throw error;
    }
  }
}

function unavailable(): DomainError {
  return new DomainError(
    'SEARCH_UNAVAILABLE',
    'Search is unavailable right now; everything else works. Try again shortly.',
  );
}

/**
 * A hit found by meaning alone (no word of the query in it) is kept only when it is close:
 * averaged word vectors put unrelated texts at 0.5-0.7, so below this it is noise.
 */
export const MEANING_ONLY_FLOOR = 0.75;

function relevantByMeaning(hit: Hit): boolean {
  const matched = Object.keys(hit._matchesPosition ?? {}).length > 0;
  return matched || (hit._rankingScore ?? 0) >= MEANING_ONLY_FLOOR;
}

/**
 * One list from two: every hit with its ranking score, the intent's types lifted by
 * INTENT_BOOST, best first. The intent list is searched on its own so a decision ranked 40th
 * overall is still among the candidates.
 */
export function rankIntentFirst(all: Hit[], intent: Hit[]): Hit[] {
  const scored = new Map<string, { hit: Hit; score: number }>();
  const keyOf = (hit: Hit) => `${String(hit.type)}-${String(hit.id)}`;
  for (const hit of all) scored.set(keyOf(hit), { hit, score: hit._rankingScore ?? 0 });
  for (const hit of intent) {
    scored.set(keyOf(hit), { hit, score: (hit._rankingScore ?? 0) * INTENT_BOOST });
  }
  return [...scored.values()].sort((a, b) => b.score - a.score).map((s) => s.hit);
}

function searchHit(hit: Hit<SearchDocument>, tags: HighlightTags): SearchHitDto {
  const formatted = (hit._formatted ?? {}) as Partial<Record<keyof SearchDocument, string>>;
  const body = formatted.body ?? '';
  const title = formatted.title || hit.heading;
  const snippet = body.includes(tags.pre) || !title.includes(tags.pre) ? body || title : title;
  return {
    type: hit.type,
    id: hit.id,
    title: hit.heading,
    snippet: snippetHtml(snippet, tags),
    url: hit.url,
    date: hit.date,
    briefing:
      hit.briefingId && hit.briefingSlug
        ? { id: hit.briefingId, slug: hit.briefingSlug, title: hit.briefingTitle ?? '' }
        : null,
    tags: hit.tags,
    status: hit.status,
    author: hit.authorName ? { id: hit.authorId, name: hit.authorName } : null,
    owner: hit.ownerName ? { id: hit.ownerId, name: hit.ownerName } : null,
  };
}

function savedSearchDto(row: SavedSearchRow): SavedSearchDto {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    filters: row.filters,
    alert: row.alert,
    createdAt: row.createdAt.toISOString(),
    lastCheckedAt: row.lastCheckedAt.toISOString(),
  };
}
