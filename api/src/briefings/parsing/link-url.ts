const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MAX_URL_LENGTH = 2048;
// Stands in for the page's address when it has none, so relative links can be checked and kept relative.
const PLACEHOLDER_BASE = 'https://relative.invalid';

function resolve(href: string, base: string): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

/**
 * A link worth keeping on an item: http(s) or mailto only, so `javascript:` and `data:` never
 * survive (the WHATWG parser sees through "java\tscript:" and entity tricks too).
 */
export function safeUrl(href: string | null | undefined, base?: string | null): string | null {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.length > MAX_URL_LENGTH || trimmed.startsWith('#')) return null;
  const url = (base ? resolve(trimmed, base) : null) ?? resolve(trimmed, PLACEHOLDER_BASE);
  if (!url || !SAFE_PROTOCOLS.has(url.protocol)) return null;
  if (url.origin === PLACEHOLDER_BASE) return `${url.pathname}${url.search}${url.hash}`;
  return url.href;
}

/** Links in order without repeats or blanks (the first is an item's main link). */
export function uniqueLinks(links: Iterable<string | null | undefined>): string[] {
  const kept = new Set<string>();
  for (const link of links) if (link) kept.add(link);
  return [...kept];
}
