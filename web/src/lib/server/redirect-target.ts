// Where to send someone after they sign in: only paths on this site, never another origin.

const PLACEHOLDER_ORIGIN = 'http://briefroom.invalid';

/** Where people land after signing in with nowhere else to go ("/" only redirects here). */
export const START_PAGE = '/briefings';

/**
 * Returns `raw` when it is a same-site path such as `/briefings?x=1`, else `fallback`.
 * Rejects absolute and protocol-relative URLs (`https://…`, `//evil.com`) and backslash tricks
 * (`/\evil.com`), which browsers treat as `//evil.com`.
 */
export function safeRedirectTarget(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return fallback;
  if (raw.includes('\\') || /[\p{Cc}\s]/u.test(raw)) return fallback;

  let parsed: URL;
  try {
    parsed = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (parsed.origin !== PLACEHOLDER_ORIGIN) return fallback;
  return parsed.pathname + parsed.search + parsed.hash;
}

/** The sign-in page URL that brings the user back to `url` afterwards. */
export function loginUrlFor(url: URL): string {
  const here = url.pathname + url.search;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
