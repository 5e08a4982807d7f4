// One socket.io connection per browser tab, shared by the notification bell and the thread page.
import { getContext } from 'svelte';
import { writable, type Readable } from 'svelte/store';
import type { Socket } from 'socket.io-client';
import type { JoinAck } from '$lib/realtime/events';
import type { ClientEvents, ServerEventName, ServerEvents, SubscribeAck } from './events';

/**
 * `connecting`: first attempt; `connected`; `reconnecting`: lost or refused for now, socket.io
 * retries on its own; `unavailable`: the server turned the connection away (signed out) and no
 * retry will follow.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'unavailable';

export interface Realtime {
  readonly status: Readable<ConnectionStatus>;
  /** Listens to one server event; returns the function that stops listening. */
  on<E extends ServerEventName>(event: E, listener: ServerEvents[E]): () => void;
  /**
   * Joins a thread's room from `sinceSeq`. Offline it answers `{ok:false}` at once: the caller
   * joins again when the status turns `connected`.
   */
  joinThread(threadId: string, sinceSeq: number): Promise<JoinAck>;
  leaveThread(threadId: string): void;
  /** Tells the others in the thread that the user is typing; dropped while offline. */
  typing(threadId: string): void;
  /**
   * Asks for action and decision changes on this connection. A reconnection forgets it: call
   * again whenever the status turns `connected`. Offline it answers `{ok:false}` at once.
   */
  subscribeActions(holder: object): Promise<SubscribeAck>;
  /**
   * `holder` no longer needs action and decision changes; when no holder is left, the tab stops
   * receiving them (a page that left the board does not keep paying for its events).
   */
  releaseActions(holder: object): void;
}

export type RealtimeSocket = Socket<ServerEvents, ClientEvents>;

const JOIN_TIMEOUT_MS = 10_000;
/** After the server cut a flooding connection, the tab tries again this much later. */
export const RATE_LIMITED_RETRY_MS = 10_000;

export function createRealtime(socket: RealtimeSocket): Realtime {
  /** Who asked for action and decision changes and has not let go. */
  const actionHolders = new Set<object>();
  const status = writable<ConnectionStatus>(socket.connected ? 'connected' : 'connecting');
  socket.on('connect', () => status.set('connected'));
  // `active` is false when the server refused us or closed the connection itself: no retry comes.
  socket.on('disconnect', () => status.set(socket.active ? 'reconnecting' : 'unavailable'));
  socket.on('connect_error', () => status.set(socket.active ? 'reconnecting' : 'unavailable'));
  // A connection cut for flooding may come back after a pause; an ended session may not.
  socket.on('session:ended', ({ code }) => {
    if (code === 'RATE_LIMITED') setTimeout(() => socket.connect(), RATE_LIMITED_RETRY_MS);
  });

  return {
    status: { subscribe: status.subscribe },
    on(event, listener) {
      // socket.io's typed overloads do not follow a generic event name through; the map above does.
      const untyped = socket as unknown as {
        on(name: string, fn: unknown): void;
        off(name: string, fn: unknown): void;
      };
      untyped.on(event, listener);
      return () => untyped.off(event, listener);
    },
    joinThread(threadId, sinceSeq) {
      if (!socket.connected) {
        return Promise.resolve({
          ok: false,
          error: { code: 'OFFLINE', message: 'Not connected; joining again on reconnect.' },
        });
      }
      return new Promise((resolve) => {
        socket
          .timeout(JOIN_TIMEOUT_MS)
          .emit('thread:join', { threadId, sinceSeq }, (error, ack) => {
            resolve(
              error
                ? { ok: false, error: { code: 'TIMEOUT', message: 'The server did not answer.' } }
                : ack,
            );
          });
      });
    },
    leaveThread(threadId) {
      if (socket.connected) socket.emit('thread:leave', { threadId });
    },
    typing(threadId) {
      socket.volatile.emit('thread:typing', { threadId });
    },
    subscribeActions(holder) {
      actionHolders.add(holder);
      if (!socket.connected) {
        return Promise.resolve({
          ok: false,
          error: { code: 'OFFLINE', message: 'Not connected; subscribing again on reconnect.' },
        });
      }
      return new Promise((resolve) => {
        socket.timeout(JOIN_TIMEOUT_MS).emit('actions:subscribe', {}, (error, ack) => {
          resolve(
            error
              ? { ok: false, error: { code: 'TIMEOUT', message: 'The server did not answer.' } }
              : ack,
          );
        });
      });
    },
    releaseActions(holder) {
      if (!actionHolders.delete(holder) || actionHolders.size > 0) return;
      if (socket.connected) socket.emit('actions:unsubscribe', {});
    },
  };
}

let shared: Realtime | undefined;

/**
 * The tab's connection, opened on first use (in the browser only). WebSocket only: the API
 * authenticates the session cookie by the handshake's Origin, which browsers always send on a
 * WebSocket upgrade but not on same-origin polling GETs.
 */
export function sharedRealtime(): Realtime {
  shared ??= createRealtime(
    deferredSocket(async () => {
      await pageLoaded();
      const { io } = await import('socket.io-client');
      return io({ path: '/socket.io', transports: ['websocket'] });
    }),
  );
  return shared;
}

/**
 * Resolves once the page's own resources have loaded (at once if they already have), or after
 * LOAD_WAIT_MS at most: an image from a slow host must not hold live updates back.
 */
function pageLoaded(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    window.addEventListener('load', () => resolve(), { once: true });
    setTimeout(resolve, LOAD_WAIT_MS);
  });
}

/** The longest the socket waits for the page's load event. */
const LOAD_WAIT_MS = 2_000;

/**
 * A socket that exists before socket.io's client (13 KB gzip) has loaded, so the client is fetched
 * after the page's first paint instead of with the route. Until it is there the stand-in is an
 * unconnected socket that retries: listeners are kept and attached when it arrives, and emits are
 * dropped (every caller checks `connected` first, or sends again on `connect`).
 * If the client cannot load (offline), the stand-in stays "connecting".
 */
export function deferredSocket(load: () => Promise<RealtimeSocket>): RealtimeSocket {
  type Listener = (...args: unknown[]) => void;
  type Untyped = {
    connected: boolean;
    active: boolean;
    on(event: string, fn: Listener): unknown;
    off(event: string, fn: Listener): unknown;
    connect(): unknown;
    emit(event: string, ...args: unknown[]): unknown;
    timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
    volatile: { emit(event: string, ...args: unknown[]): unknown };
  };
  let real: Untyped | null = null;
  const pending: Array<[string, Listener]> = [];
  const dropped = { emit: () => stand };
  const stand: Untyped = {
    get connected() {
      return real?.connected ?? false;
    },
    get active() {
      return real?.active ?? true;
    },
    on(event, fn) {
      if (real) real.on(event, fn);
      else pending.push([event, fn]);
      return stand;
    },
    off(event, fn) {
      if (real) real.off(event, fn);
      else {
        const at = pending.findIndex(([e, f]) => e === event && f === fn);
        if (at >= 0) pending.splice(at, 1);
      }
      return stand;
    },
    connect() {
      real?.connect();
      return stand;
    },
    emit(event, ...args) {
      real?.emit(event, ...args);
      return stand;
    },
    timeout(ms) {
      return real ? real.timeout(ms) : dropped;
    },
    get volatile() {
      return real ? real.volatile : dropped;
    },
  };
  load().then(
    (socket) => {
      real = socket as unknown as Untyped;
      // io() connects asynchronously, so listeners attached now still see its first `connect`.
      for (const [event, fn] of pending.splice(0)) real.on(event, fn);
    },
    () => undefined,
  );
  return stand as unknown as RealtimeSocket;
}

const REALTIME_KEY = Symbol('realtime');

/** A context map that hands components their own connection instead of the tab's (tests). */
export function realtimeContext(realtime: Realtime): Map<symbol, Realtime> {
  return new Map([[REALTIME_KEY, realtime]]);
}

/**
 * Call while a component initialises; call the returned function in the browser only (in an
 * effect), so server rendering never opens a socket.
 */
export function useRealtime(): () => Realtime {
  const provided = getContext<Realtime | undefined>(REALTIME_KEY);
  return () => provided ?? sharedRealtime();
}
