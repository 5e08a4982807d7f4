// The search page's address for some words and no filters: where the header's search box sends
// "All results". On its own so the box, on every page, does not load the search page's model of
// a query (query.ts), whose searchHref gives the same address (href.test.ts).

/** `/search?q=<words>`, or `/search` without words. */
export function wordsSearchHref(words: string): string {
  const q = words.trim();
  return q ? `/search?${new URLSearchParams({ q })}` : '/search';
}
