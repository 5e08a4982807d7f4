// The browser's session cookie: it holds the API session token and only ever travels browser → page server.
import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'briefroom_session';

// The API decides when a session really ends; a cookie that outlives it is dropped on the next 401.
const COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 30;

export function readSessionToken(cookies: Cookies): string | null {
  return cookies.get(SESSION_COOKIE) || null;
}

/**
 * `publicUrl` is the configured PUBLIC_URL, not the request's URL: behind a TLS-terminating proxy
 * the request arrives over http while users reach the site over https.
 */
export function startSession(cookies: Cookies, publicUrl: URL, token: string): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.protocol === 'https:',
    maxAge: COOKIE_MAX_AGE_SECONDS,
  });
}

export function endSession(cookies: Cookies, publicUrl: URL): void {
  cookies.delete(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.protocol === 'https:',
  });
}
