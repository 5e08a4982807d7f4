import { env } from '$env/dynamic/private';
import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { ApiError, BriefroomApi } from '$lib/api/client';
import { readWebConfig, type WebConfig } from '$lib/server/config';
import { endSession, readSessionToken } from '$lib/server/session';

let config: WebConfig;

export const init: ServerInit = () => {
  config = readWebConfig(env);
};

export const handle: Handle = async ({ event, resolve }) => {
  const token = readSessionToken(event.cookies);
  event.locals.api = apiFor(event, token);
  event.locals.user = null;
  event.locals.sessionProblem = null;
  event.locals.publicUrl = config.publicUrl;

  if (token) {
    try {
      event.locals.user = await event.locals.api.me();
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      if (cause.status === 401) {
        endSession(event.cookies, config.publicUrl);
        // The stale token must not be sent again for the rest of this request.
        event.locals.api = apiFor(event, null);
      } else {
        event.locals.sessionProblem = cause.message;
      }
    }
  }

  const response = await resolve(event);
  // Invite and token pages carry secrets in their URL or body: keep them out of Referer and caches.
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-content-type-options', 'nosniff');
  if (token && !response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status === 404) return { message };
  const errorId = crypto.randomUUID();
  console.error(`[web] ${errorId} ${event.request.method} ${event.url.pathname}`, error);
  return { message: 'Something went wrong on our side. Please try again.', errorId };
};

function apiFor(event: RequestEvent, token: string | null): BriefroomApi {
  return new BriefroomApi({
    baseUrl: config.apiInternalUrl ?? event.url.origin,
    token,
    clientAddress: clientAddressOf(event),
    pageServerSecret: config.pageServerSecret,
    userAgent: event.request.headers.get('user-agent'),
    timeoutMs: config.apiTimeoutMs,
  });
}

function clientAddressOf(event: RequestEvent): string | undefined {
  try {
    return event.getClientAddress();
  } catch {
    return undefined;
  }
}
