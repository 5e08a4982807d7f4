// A real BriefroomApi whose fetch answers from a table of canned responses: tests fake the network
// edge only, so paths, methods, bodies and error mapping are exercised as in production.
import type { User } from '$lib/api/types';
import { BriefroomApi } from '$lib/api/client';
import { contractError } from './factories';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The JSON body, parsed; undefined when none was sent. */
  body: unknown;
  headers: Headers;
}

/** Keyed by "METHOD /api/path" (no query string). */
export type FakeRoutes = Record<string, (call: RecordedCall) => Response | Promise<Response>>;

export function fakeApi(routes: FakeRoutes) {
  const calls: RecordedCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const call: RecordedCall = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: new Headers(init?.headers),
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    return route
      ? route(call)
      : contractError(
          500,
          'NO_FAKE_ROUTE',
          `The test has no answer for ${call.method} ${call.path}.`,
        );
  };
  const api = new BriefroomApi({ baseUrl: 'http://api.test:3000', fetch });
  return {
    api,
    calls,
    /** The calls made with `method` to `path`. */
    callsTo: (method: string, path: string) =>
      calls.filter((call) => call.method === method && call.path === path),
  };
}

interface EventOptions {
  api: BriefroomApi;
  user: User | null;
  url: string;
  params?: Record<string, string>;
  /** For form actions: the submitted form, sent as multipart/form-data. */
  form?: FormData;
  /** What `await parent()` resolves to. */
  parent?: Record<string, unknown>;
  /** Request headers, e.g. `x-sveltekit-action` for a form sent by use:enhance. */
  headers?: Record<string, string>;
}

/** Just enough of a SvelteKit RequestEvent for loads and actions; cast to the route's own type. */
export function requestEvent<T>({
  api,
  user,
  url,
  params = {},
  form,
  parent = {},
  headers = {},
}: EventOptions): T {
  return {
    url: new URL(url),
    params,
    request: form
      ? new Request(url, { method: 'POST', body: form, headers })
      : new Request(url, { headers }),
    locals: { api, user, sessionProblem: null, publicUrl: new URL(new URL(url).origin) },
    parent: () => Promise.resolve(parent),
    cookies: { get: () => undefined, set: () => undefined, delete: () => undefined },
  } as unknown as T;
}
