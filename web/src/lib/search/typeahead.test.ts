import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Typeahead, moveActive, type TypeaheadState } from './typeahead';

describe(moveActive.name, () => {
  it('moves down from the box to the first option, then on, wrapping at the end', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowDown')).toBe(1);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
  });

  it('moves up to the last option from the box, wrapping at the start', () => {
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(1, 3, 'ArrowUp')).toBe(0);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
  });

  it('has no option to move to in an empty list', () => {
    expect(moveActive(-1, 0, 'ArrowDown')).toBe(-1);
    expect(moveActive(2, 0, 'ArrowUp')).toBe(-1);
  });
});

describe(Typeahead.name, () => {
  let states: TypeaheadState<string>[];
  let requests: Array<{ query: string; signal: AbortSignal; answer: (value: string) => void }>;
  let typeahead: Typeahead<string>;

  beforeEach(() => {
    vi.useFakeTimers();
    states = [];
    requests = [];
    typeahead = new Typeahead<string>({
      fetch: (query, signal) =>
        new Promise<string>((resolve) => requests.push({ query, signal, answer: resolve })),
      onChange: (state) => states.push(state),
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks once typing pauses for 150 ms, with only the latest words', async () => {
    typeahead.input('en');
    await vi.advanceTimersByTimeAsync(100);
    typeahead.input('ener');
    await vi.advanceTimersByTimeAsync(100);
    typeahead.input('energy ');
    await vi.advanceTimersByTimeAsync(149);
    expect(requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests.map((r) => r.query)).toEqual(['energy']);
    expect(states.at(-1)).toEqual({ phase: 'loading', query: 'energy' });

    requests[0]?.answer('3 hits');
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toEqual({ phase: 'ready', query: 'energy', result: '3 hits' });
  });

  it('aborts a request a newer keystroke made stale and never shows its answer', async () => {
    typeahead.input('grid');
    await vi.advanceTimersByTimeAsync(150);
    typeahead.input('grid power');
    expect(requests[0]?.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(150);
    requests[0]?.answer('stale');
    requests[1]?.answer('fresh');
    await vi.advanceTimersByTimeAsync(0);
    const ready = states.filter((s) => s.phase === 'ready');
    expect(ready).toEqual([{ phase: 'ready', query: 'grid power', result: 'fresh' }]);
  });

  it('asks nothing for fewer than two characters, and goes idle', async () => {
    typeahead.input('grid');
    await vi.advanceTimersByTimeAsync(150);
    typeahead.input('g');
    expect(requests[0]?.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(requests).toHaveLength(1);
    expect(states.at(-1)).toEqual({ phase: 'idle' });
  });

  it('reports a failed request, but not one that was cancelled', async () => {
    const failing = new Typeahead<string>({
      fetch: (query) => Promise.reject(new Error(`no ${query}`)),
      onChange: (state) => states.push(state),
    });
    failing.input('power');
    await vi.advanceTimersByTimeAsync(150);
    expect(states.at(-1)).toMatchObject({ phase: 'failed', query: 'power' });

    states = [];
    typeahead.input('power');
    await vi.advanceTimersByTimeAsync(150);
    typeahead.cancel();
    requests[0]?.answer('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual([{ phase: 'loading', query: 'power' }]);
  });
});
