/**
 * A thread page server-renders its first comments only, so a long thread's first paint is quick:
 * each comment is ~3.5 KB of HTML with its tools, and 50 of them (217 KB) still kept first paint
 * of a 1,000-comment thread at p95 372 ms on an idle machine; 25 (as Discourse's first chunk of
 * 20) fill more than a screen. "Load more" (in the page, or without JavaScript as `?pages=N`)
 * then adds pages of 200.
 */
export const FIRST_PAGE_COMMENTS = 25;
export const MORE_PAGE_COMMENTS = 200;
/** A link to a comment further down loads pages until it is there, at most this many. */
export const MAX_PAGES_FOR_A_LINK = 25;
