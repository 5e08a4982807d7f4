import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
}

/** Carries the correlation id of the request being served into every log line written on its behalf. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
