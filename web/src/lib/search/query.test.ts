import { describe, expect, it } from 'vitest';
import {
  EMPTY_SEARCH,
  MAX_QUERY_LENGTH,
  apiQueryOf,
  atOffset,
  filtersOf,
  isFiltered,
  searchHref,
  searchStateFromParams,
  searchStateToParams,
  stateOfSaved,
  toggleFacet,
  withoutFilters,
} from './query';

const BRIEFING = 'a1a2c3d4-0000-4000-8000-000000000001';
const read = (query: string) => searchStateFromParams(new URLSearchParams(query));

describe(searchStateFromParams.name, () => {
  it('reads the words, every filter and the offset', () => {
    expect(
      read(
        `q=+grid+power+&type=comment,item&tags=ai,daily-sync&status=open&series=Daily+Sync&section=Tech+News&priority=urgent,high&from=2026-05-01&to=2026-05-31&dueFrom=2026-06-01&dueTo=2026-06-30&briefingId=${BRIEFING}&offset=20`,
      ),
    ).toEqual({
      ...EMPTY_SEARCH,
      q: 'grid power',
      type: ['item', 'comment'],
      tags: ['ai', 'daily-sync'],
      status: ['open'],
      series: 'Daily Sync',
      section: 'Tech News',
      priority: ['high', 'urgent'],
      from: '2026-05-01',
      to: '2026-05-31',
      dueFrom: '2026-06-01',
      dueTo: '2026-06-30',
      briefingId: BRIEFING,
      offset: 20,
    });
  });

  it('takes lists repeated as well as comma-listed, each value once', () => {
    const state = read('type=item&type=comment,item&tags=ai&tags=ai,%20energy%20');
    expect(state.type).toEqual(['item', 'comment']);
    expect(state.tags).toEqual(['ai', 'energy']);
  });

  it('drops what the API would refuse instead of sending it on', () => {
    expect(
      read(
        'type=item,secret&status=open,archived&priority=critical&from=2026-02-30&to=yesterday&dueFrom=2026-06-31&dueTo=soon&ownerId=bob&offset=-5',
      ),
    ).toEqual({ ...EMPTY_SEARCH, type: ['item'], status: ['open'] });
    expect(read('offset=1001').offset).toBe(0);
    expect(read('offset=2.5').offset).toBe(0);
    expect(read(`q=${'a'.repeat(600)}`).q).toHaveLength(MAX_QUERY_LENGTH);
    expect(read(`series=${'s'.repeat(201)}`).series).toBe('');
    expect(read(`section=${'s'.repeat(201)}`).section).toBe('');
    expect(read(`tags=${'t'.repeat(101)},ok`).tags).toEqual(['ok']);
  });

  it('reads an address without parameters as the empty search', () => {
    expect(read('')).toEqual(EMPTY_SEARCH);
  });
});

describe(searchStateToParams.name, () => {
  it('writes the API’s own parameter names, leaving defaults out', () => {
    expect(searchStateToParams(EMPTY_SEARCH).toString()).toBe('');
    expect(searchHref(EMPTY_SEARCH)).toBe('/search');
    const state = read('q=k8s&type=item,comment&tags=ai&priority=high&from=2026-05-01&offset=40');
    expect(searchStateToParams(state).toString()).toBe(
      'q=k8s&type=item%2Ccomment&tags=ai&priority=high&from=2026-05-01&offset=40',
    );
  });

  it('round-trips: what it writes reads back as the same search', () => {
    const state = read(
      `q="supply chain"&type=decision&status=accepted,proposed&series=Weekly&section=One+to+Watch&to=2026-06-01&dueTo=2026-07-01&briefingId=${BRIEFING}&offset=20`,
    );
    expect(searchStateFromParams(searchStateToParams(state))).toEqual(state);
  });
});

describe(apiQueryOf.name, () => {
  it('asks the API for one page with comma lists', () => {
    expect(apiQueryOf(read('q=energy&type=item,comment&offset=20'), 20)).toEqual({
      q: 'energy',
      type: 'item,comment',
      limit: 20,
      offset: 20,
    });
  });

  it('sends no empty words and no zero offset (browsing by recency)', () => {
    expect(apiQueryOf(EMPTY_SEARCH, 20)).toEqual({ q: undefined, limit: 20, offset: undefined });
  });
});

describe(toggleFacet.name, () => {
  const state = read('q=ai&type=item&offset=40');

  it('adds a value, in canonical order, and starts again at page one', () => {
    const next = toggleFacet(state, 'type', 'briefing');
    expect(next.type).toEqual(['briefing', 'item']);
    expect(next.offset).toBe(0);
    expect(next.q).toBe('ai');
  });

  it('removes a value in force', () => {
    expect(toggleFacet(state, 'type', 'item').type).toEqual([]);
  });

  it('keeps one series at a time: another replaces it, the same one clears it', () => {
    const daily = toggleFacet(state, 'series', 'Daily Sync');
    expect(daily.series).toBe('Daily Sync');
    expect(toggleFacet(daily, 'series', 'Weekly').series).toBe('Weekly');
    expect(toggleFacet(daily, 'series', 'Daily Sync').series).toBe('');
  });

  it('keeps one section at a time, the same way', () => {
    const tech = toggleFacet(state, 'section', 'Tech News');
    expect(tech.section).toBe('Tech News');
    expect(toggleFacet(tech, 'section', 'One to Watch').section).toBe('One to Watch');
    expect(toggleFacet(tech, 'section', 'Tech News').section).toBe('');
    expect(searchHref(tech)).toContain('section=Tech+News');
  });

  it('toggles tags, which have no fixed list of values', () => {
    expect(toggleFacet(state, 'tags', 'daily-sync').tags).toEqual(['daily-sync']);
  });
});

describe('filters and paging', () => {
  it('says whether anything but the words narrows the search', () => {
    expect(isFiltered(read('q=ai'))).toBe(false);
    expect(isFiltered(read('q=ai&offset=20'))).toBe(false);
    expect(isFiltered(read('q=ai&from=2026-05-01'))).toBe(true);
    expect(withoutFilters(read('q=ai&type=item&from=2026-05-01&offset=20'))).toEqual({
      ...EMPTY_SEARCH,
      q: 'ai',
    });
  });

  it('keeps offsets within what the API pages', () => {
    expect(atOffset(EMPTY_SEARCH, -20).offset).toBe(0);
    expect(atOffset(EMPTY_SEARCH, 5000).offset).toBe(1000);
  });

  it('turns a saved search back into the search it stands for', () => {
    const state = read('q=energy&type=item&tags=ai&from=2026-05-01');
    const saved = { query: 'energy', filters: filtersOf(state) };
    expect(saved.filters).toEqual({ type: 'item', tags: 'ai', from: '2026-05-01' });
    expect(stateOfSaved(saved)).toEqual(state);
    expect(stateOfSaved({ query: '', filters: { type: 'bogus', priority: 'high' } })).toEqual({
      ...EMPTY_SEARCH,
      priority: ['high'],
    });
  });
});
