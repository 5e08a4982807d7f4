import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyAfter, newDraftKey } from './draft-key';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(keyAfter.name, () => {
  const makeKey = () => 'fresh-key';

  it('keeps the key after a failed or lost send, so sending again cannot create a second comment', () => {
    expect(keyAfter('failed', 'draft-key', makeKey)).toBe('draft-key');
  });

  it('starts a new draft with a new key once the comment is posted', () => {
    expect(keyAfter('posted', 'draft-key', makeKey)).toBe('fresh-key');
  });

  it('takes a new key when the API holds other text under this one', () => {
    expect(keyAfter('key-conflict', 'draft-key', makeKey)).toBe('fresh-key');
  });
});

describe(newDraftKey.name, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('makes distinct v4 UUIDs', () => {
    const keys = new Set(Array.from({ length: 50 }, newDraftKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(UUID_V4);
  });

  it('still makes v4 UUIDs on plain http, where crypto.randomUUID does not exist', () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });

    expect(newDraftKey()).toMatch(UUID_V4);
    expect(newDraftKey()).not.toBe(newDraftKey());
  });
});
