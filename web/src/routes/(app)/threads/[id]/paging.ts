/**
 * A thread page server-renders its first comments only, so a long thread's first paint is quick
 * (its HTML is about a quarter of what 200 comments made); "Load more" (in the page, or without
 * JavaScript as `?pages=N`) then adds pages of 200.
 */
export const FIRST_PAGE_COMMENTS = 50;
export const MORE_PAGE_COMMENTS = 200;
/** A link to a comment further down loads pages until it is there, at most this many. */
export const MAX_PAGES_FOR_A_LINK = 25;
