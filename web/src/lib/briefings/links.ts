// Links inside imported briefings come from outside documents: only web and mail links become hrefs.

const LINKABLE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** `url` when it is an absolute http(s) or mailto link; null for anything else (javascript:, data:, relative). */
export function safeLinkHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return LINKABLE_PROTOCOLS.has(new URL(url.trim()).protocol) ? url.trim() : null;
  } catch {
    return null;
  }
}
