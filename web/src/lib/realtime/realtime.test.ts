import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import {
  createRealtime,
  deferredSocket,
  RATE_LIMITED_RETRY_MS,
  type RealtimeSocket,
} from './realtime';

/** Just the socket.io-client surface createRealtime uses, driven by the test. */
function fakeSocket() {
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  const emitted: Array<{ event: string; payload: unknown; volatile?: boolean }> = [];
  let answer: ((payload: unknown) => unknown) | null = null;
  const socket = {
    connected: false,
    active: true,
    connects: 0,
    connect() {
      socket.connects += 1;
      return socket;
    },
    on(event: string, handler: (...args: unknown[]) => void) {
      const set = handlers.get(event) ?? new Set();
      set.add(handler);
      handlers.set(event, set);
      return socket;
    },
    off(event: string, handler: (...args: unknown[]) => void) {
      handlers.get(event)?.delete(handler);
      return socket;
    },
    emit(event: string, payload: unknown) {
      emitted.push({ event, payload });
      return socket;
    },
    timeout: () => ({
      emit(
        event: string,
        payload: unknown,
        callback: (error: Error | null, ack?: unknown) => void,
      ) {
        emitted.push({ event, payload });
        if (answer) callback(null, answer(payload));
        else callback(new Error('operation has timed out'));
      },
    }),
    volatile: {
      emit(event: string, payload: unknown) {
        emitted.push({ event, payload, volatile: true });
      },
    },
  };
  return {
    socket: socket as unknown as RealtimeSocket,
    raw: socket,
    emitted,
    fire: (event: string, ...args: unknown[]) => handlers.get(event)?.forEach((h) => h(...args)),
    answerJoins: (fn: (payload: unknown) => unknown) => (answer = fn),
  };
}

describe(createRealtime.name, () => {
  it('goes connecting → connected → reconnecting → connected with socket.io’s own retries', () => {
    const { socket, raw, fire } = fakeSocket();
    const realtime = createRealtime(socket);
    expect(get(realtime.status)).toBe('connecting');

    raw.connected = true;
    fire('connect');
    expect(get(realtime.status)).toBe('connected');

    raw.connected = false;
    fire('disconnect', 'transport close');
    expect(get(realtime.status)).toBe('reconnecting');

    raw.connected = true;
    fire('connect');
    expect(get(realtime.status)).toBe('connected');
  });

  it('connects again a while after the server cut it for flooding, but not after an ended session', () => {
    vi.useFakeTimers();
    try {
      const { socket, raw, fire } = fakeSocket();
      const realtime = createRealtime(socket);
      fire('session:ended', { code: 'SESSION_ENDED', message: 'Sign in again.' });
      raw.active = false;
      fire('disconnect', 'io server disconnect');
      vi.advanceTimersByTime(RATE_LIMITED_RETRY_MS * 2);
      expect(raw.connects).toBe(0);
      expect(get(realtime.status)).toBe('unavailable');

      fire('session:ended', { code: 'RATE_LIMITED', message: 'Too many events: disconnected.' });
      fire('disconnect', 'io server disconnect');
      vi.advanceTimersByTime(RATE_LIMITED_RETRY_MS - 1);
      expect(raw.connects).toBe(0);
      vi.advanceTimersByTime(1);
      expect(raw.connects).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('unsubscribes from action changes when the last holder lets go, not before', () => {
    const { socket, raw, emitted } = fakeSocket();
    raw.connected = true;
    const realtime = createRealtime(socket);
    const board = {};
    const list = {};
    void realtime.subscribeActions(board);
    void realtime.subscribeActions(list);
    void realtime.subscribeActions(board);

    realtime.releaseActions(board);
    expect(emitted.filter((e) => e.event === 'actions:unsubscribe')).toEqual([]);
    realtime.releaseActions(list);
    expect(emitted.filter((e) => e.event === 'actions:unsubscribe')).toHaveLength(1);
    // Letting go twice sends nothing more.
    realtime.releaseActions(list);
    expect(emitted.filter((e) => e.event === 'actions:unsubscribe')).toHaveLength(1);
  });

  it('is unavailable when the server refuses the connection and no retry follows', () => {
    const { socket, raw, fire } = fakeSocket();
    const realtime = createRealtime(socket);

    raw.active = false;
    fire('connect_error', new Error('UNAUTHENTICATED'));

    expect(get(realtime.status)).toBe('unavailable');
  });

  it('joins a thread with its last seq and returns the acknowledgement', async () => {
    const { socket, raw, emitted, answerJoins } = fakeSocket();
    raw.connected = true;
    answerJoins(() => ({ ok: true, lastSeq: 12 }));
    const realtime = createRealtime(socket);

    await expect(realtime.joinThread('t-1', 9)).resolves.toEqual({ ok: true, lastSeq: 12 });
    expect(emitted).toEqual([{ event: 'thread:join', payload: { threadId: 't-1', sinceSeq: 9 } }]);
  });

  it('does not queue a join while offline: the reconnect joins instead', async () => {
    const { socket, emitted } = fakeSocket();
    const realtime = createRealtime(socket);

    await expect(realtime.joinThread('t-1', 9)).resolves.toMatchObject({
      ok: false,
      error: { code: 'OFFLINE' },
    });
    expect(emitted).toEqual([]);
  });

  it('turns an unanswered join into a failure instead of waiting forever', async () => {
    const { socket, raw } = fakeSocket();
    raw.connected = true;
    const realtime = createRealtime(socket);

    await expect(realtime.joinThread('t-1', 0)).resolves.toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT' },
    });
  });

  it('sends typing as volatile (dropped when offline) and stops listening on request', () => {
    const { socket, emitted, fire } = fakeSocket();
    const realtime = createRealtime(socket);
    const listener = vi.fn();

    realtime.typing('t-1');
    const stop = realtime.on('presence', listener);
    fire('presence', { threadId: 't-1', readers: 2 });
    stop();
    fire('presence', { threadId: 't-1', readers: 3 });

    expect(emitted).toEqual([
      { event: 'thread:typing', payload: { threadId: 't-1' }, volatile: true },
    ]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ threadId: 't-1', readers: 2 });
  });
});

describe(deferredSocket.name, () => {
  it('stands in until socket.io’s client has loaded, then hands over the listeners it kept', async () => {
    const { socket, raw, emitted, fire } = fakeSocket();
    let arrive: (socket: RealtimeSocket) => void = () => undefined;
    const realtime = createRealtime(deferredSocket(() => new Promise((r) => (arrive = r))));
    const listener = vi.fn();
    const stopped = vi.fn();
    realtime.on('presence', listener);
    realtime.on('presence', stopped)();

    // Before it loads: connecting, joins answer OFFLINE and nothing is sent.
    expect(get(realtime.status)).toBe('connecting');
    await expect(realtime.joinThread('t-1', 3)).resolves.toMatchObject({
      ok: false,
      error: { code: 'OFFLINE' },
    });
    realtime.typing('t-1');
    await expect(realtime.subscribeActions({})).resolves.toMatchObject({ ok: false });

    arrive(socket);
    await Promise.resolve();
    raw.connected = true;
    fire('connect');
    expect(get(realtime.status)).toBe('connected');
    fire('presence', { threadId: 't-1', readers: 2 });
    expect(listener).toHaveBeenCalledWith({ threadId: 't-1', readers: 2 });
    expect(stopped).not.toHaveBeenCalled();
    expect(emitted).toEqual([]);

    // Afterwards it is the real socket's.
    raw.connected = false;
    fire('disconnect', 'transport close');
    expect(get(realtime.status)).toBe('reconnecting');
  });

  it('stays connecting when the client cannot load', async () => {
    const realtime = createRealtime(deferredSocket(() => Promise.reject(new Error('offline'))));
    await Promise.resolve();
    expect(get(realtime.status)).toBe('connecting');
  });
});
