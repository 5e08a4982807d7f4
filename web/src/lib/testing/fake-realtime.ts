// A Realtime connection for component tests: the test plays the server, the component the page.
import { writable } from 'svelte/store';
import type { JoinAck } from '$lib/realtime/events';
import type { ServerEventName, ServerEventPayload, SubscribeAck } from '$lib/realtime/events';
import type { ConnectionStatus, Realtime } from '$lib/realtime/realtime';

export class FakeRealtime implements Realtime {
  readonly #status = writable<ConnectionStatus>('connected');
  readonly status = { subscribe: this.#status.subscribe };
  readonly #listeners = new Map<string, Set<(payload: never) => void>>();
  readonly joins: Array<{ threadId: string; sinceSeq: number }> = [];
  readonly leaves: string[] = [];
  readonly typings: string[] = [];
  /** How many times `actions:subscribe` was sent. */
  actionSubscriptions = 0;
  subscribeAnswer: SubscribeAck = { ok: true };
  /** What the next joins answer; the default acknowledges from the requested seq. */
  joinAnswer: (request: { threadId: string; sinceSeq: number }) => JoinAck = ({ sinceSeq }) => ({
    ok: true,
    lastSeq: sinceSeq,
  });

  on: Realtime['on'] = (event, listener) => {
    const listeners = this.#listeners.get(event) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(event, listeners);
    return () => listeners.delete(listener);
  };

  joinThread(threadId: string, sinceSeq: number): Promise<JoinAck> {
    this.joins.push({ threadId, sinceSeq });
    return Promise.resolve(this.joinAnswer({ threadId, sinceSeq }));
  }

  leaveThread(threadId: string): void {
    this.leaves.push(threadId);
  }

  typing(threadId: string): void {
    this.typings.push(threadId);
  }

  subscribeActions(): Promise<SubscribeAck> {
    this.actionSubscriptions++;
    return Promise.resolve(this.subscribeAnswer);
  }

  /** How many times a holder let go of action changes. */
  actionReleases = 0;

  releaseActions(): void {
    this.actionReleases++;
  }

  /** The server sends `event` to this tab. */
  serverSends<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      (listener as (payload: ServerEventPayload<E>) => void)(payload);
    }
  }

  setStatus(status: ConnectionStatus): void {
    this.#status.set(status);
  }

  listenerCount(event: ServerEventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }
}
