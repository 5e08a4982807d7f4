// Shapes of the search API, as documented in docs/api-search.md.
import type { IsoDateTime } from '$lib/dto/auth';
import type { IsoDate } from '$lib/dto/briefings';

export const SEARCH_TYPES = [
  'briefing',
  'item',
  'discussion',
  'comment',
  'action',
  'decision',
] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Thread states, action statuses and decision statuses: the `status` filter takes any of them. */
export const SEARCH_STATUSES = [
  'open',
  'converging',
  'resolved',
  'in_progress',
  'blocked',
  'done',
  'cancelled',
  'proposed',
  'accepted',
  'superseded',
  'rejected',
] as const;
export type SearchStatus = (typeof SEARCH_STATUSES)[number];

/** The facets the API counts, in the order the search page shows them. */
export const FACETS = ['type', 'tags', 'status', 'series', 'section', 'priority'] as const;
export type FacetName = (typeof FACETS)[number];

/** `GET /search` filters; also what a saved search stores. Lists are comma-joined on the wire. */
export interface SearchFilters {
  type?: string;
  tags?: string;
  series?: string;
  section?: string;
  status?: string;
  priority?: string;
  ownerId?: string;
  authorId?: string;
  briefingId?: string;
  from?: IsoDate;
  to?: IsoDate;
  /** Actions due on or after / before (inclusive). */
  dueFrom?: IsoDate;
  dueTo?: IsoDate;
}

export interface SearchQuery extends SearchFilters {
  q?: string;
  limit?: number;
  offset?: number;
}

export interface SearchPerson {
  id: string | null;
  name: string;
}

export interface SearchHit {
  type: SearchType;
  id: string;
  title: string;
  /** HTML-escaped text in which only `<mark>…</mark>` is markup. */
  snippet: string;
  /** Where the hit lives in this web app, e.g. `/briefings/<slug>#item-<id>`. */
  url: string;
  date: IsoDate | null;
  briefing: { id: string; slug: string; title: string } | null;
  tags: string[];
  status: string | null;
  author: SearchPerson | null;
  owner: SearchPerson | null;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  /** Facet → value → count, for what the caller may read. */
  facets: Partial<Record<FacetName, Record<string, number>>>;
  estimatedTotalHits: number;
  processingTimeMs: number;
}

export interface SavedSearch {
  id: string;
  name: string;
  query: string;
  filters: SearchFilters;
  alert: boolean;
  createdAt: IsoDateTime;
  lastCheckedAt: IsoDateTime;
}

export interface NewSavedSearch {
  name: string;
  query: string;
  filters: SearchFilters;
  alert: boolean;
}
