// Addresses of the briefings feed: filters travel in the query string so every view can be linked.

export interface FeedQuery {
  series?: string | null;
  tag?: string | null;
  cursor?: string | null;
}

/** The feed's query string (without "?") for these filters and page; "" for the plain feed. */
export function feedQuery(query: FeedQuery): string {
  const search = new URLSearchParams();
  if (query.series) search.set('series', query.series);
  if (query.tag) search.set('tag', query.tag);
  if (query.cursor) search.set('cursor', query.cursor);
  return search.toString();
}
