// Where to send someone after they sign in: only paths on this site, never another origin.

const PLACEHOLDER_ORIGIN = 'http://briefroom.invalid';

/** Where people land after signing in with nowhere else to go ("/" only redirects here). */
export const START_PAGE = '/briefings';

/**
 * Returns `raw` when it is a same-site path such as `/briefings?x=1`, else `fallback`.
 * The target is normalised with the URL parser and must stay on this site once normalised:
 * absolute and protocol-relative URLs (`https://…`, `//evil.com`), backslash tricks (`/\evil.com`)
 * and dot segments that collapse to a protocol-relative URL (`/.//evil.com`, `/%2e//evil.com`,
 * `/a/..//evil.com`) all fall back.
 */
export function safeRedirectTarget(raw: string | null | undefined, fallback = '/'): string {
  // URL parsers drop tabs and newlines and read backslashes as slashes: refuse rather than guess.
  if (!raw || !raw.startsWith('/') || /[\\\p{Cc}\s]/u.test(raw)) return fallback;
  const target = sameSitePath(raw);
  // The browser resolves the Location again: it must land exactly where we checked.
  return target !== null && sameSitePath(target) === target ? target : fallback;
}

/** `raw` resolved on this site and normalised, or null when it leaves the site or reads as `//host`. */
function sameSitePath(raw: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (parsed.origin !== PLACEHOLDER_ORIGIN) return null;
  const path = parsed.pathname + parsed.search + parsed.hash;
  return path.startsWith('//') ? null : path;
}

/** The sign-in page URL that brings the user back to `url` afterwards. */
export function loginUrlFor(url: URL): string {
  const here = url.pathname + url.search;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
