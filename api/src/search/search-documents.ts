export const SEARCH_TYPES = [
  'briefing',
  'item',
  'discussion',
  'comment',
  'action',
  'decision',
] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** What the outbox names: 'prompt' and 'thread' both resolve to 'discussion' documents. */
export type OutboxEntityType =
  'briefing' | 'item' | 'prompt' | 'thread' | 'comment' | 'action' | 'decision';

/**
 * One document in Meilisearch's single index. Dates are also kept as unix seconds so they filter
 * and sort. `title`, `body` and `context` are searched in that order of weight.
 */
export interface SearchDocument {
  /** The primary key: type and id, so ids of different tables can never meet. */
  key: string;
  id: string;
  type: SearchType;
  /** What a hit shows as its title (a comment's thread); not searched. */
  heading: string;
  /** The document's own title; a comment has none (its thread's title is context). */
  title: string;
  body: string;
  context: string;
  url: string;
  date: string | null;
  dateTs: number | null;
  createdTs: number;
  briefingId: string | null;
  briefingSlug: string | null;
  briefingTitle: string | null;
  series: string | null;
  section: string | null;
  tags: string[];
  status: string | null;
  priority: string | null;
  ownerId: string | null;
  ownerName: string | null;
  authorId: string | null;
  authorName: string | null;
  dueOn: string | null;
  /** An action's due date as unix seconds (midnight UTC), for due-date filters. */
  dueTs: number | null;
  /** 'team', or the ids of the groups that may read it; admins read everything. */
  readers: string[];
}

/** The primary key of a type's document. */
export const documentKey = (type: SearchType, id: string): string => `${type}-${id}`;

/** The documents to write and the ids to delete, per type. */
export interface DocumentChanges {
  upserts: Map<SearchType, SearchDocument[]>;
  deletes: Map<SearchType, string[]>;
}

/** A `YYYY-MM-DD` day as unix seconds at midnight UTC: how dates are indexed and filtered. */
export const dateSeconds = (day: string | null): number | null =>
  day ? Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) : null;
