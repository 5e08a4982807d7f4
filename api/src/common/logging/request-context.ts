import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  /** The client's address (fastify's view, proxies as configured); the audit log records it. */
  ip?: string;
  /** The signed-in caller's user id, once the auth guard has run; the audit log's default actor. */
  actorId?: () => string | undefined;
}

/** Carries the correlation id of the request being served into every log line written on its behalf. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
