// The Idempotency-Key of a comment draft. One key per draft: every send of the same draft (a
// retry after a network error, a double click) carries it, so the API creates the comment once.

/** A random v4 UUID. `crypto.randomUUID` exists only in secure contexts; plain-http installs lack it. */
export function newDraftKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type SendResult =
  /** The comment exists: the next draft is a new one. */
  | 'posted'
  /** The request may or may not have reached the API: sending again must reuse the key. */
  | 'failed'
  /** The API already holds a different text under this key (an earlier send got through). */
  | 'key-conflict';

/** The key to send the draft with next, after `result`. */
export function keyAfter(result: SendResult, key: string, makeKey = newDraftKey): string {
  return result === 'failed' ? key : makeKey();
}
