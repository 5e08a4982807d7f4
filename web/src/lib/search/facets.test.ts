import { describe, expect, it } from 'vitest';
import { facetValues } from './facets';
import { describeFilters, describeSearch } from './labels';
import { searchStateFromParams } from './query';

const read = (query: string) => searchStateFromParams(new URLSearchParams(query));

describe(facetValues.name, () => {
  const result = {
    facets: {
      type: { comment: 3, item: 5, briefing: 1 },
      tags: { 'daily-sync': 2, ai: 7, energy: 2 },
      status: {},
    },
  };

  it('lists types in their usual order with counts, each linking to the search with it toggled', () => {
    const values = facetValues(result, read('q=grid&type=item'), 'type');
    expect(
      values.map(({ value, label, count, selected }) => [value, label, count, selected]),
    ).toEqual([
      ['briefing', 'Briefings', 1, false],
      ['item', 'News items', 5, true],
      ['comment', 'Comments', 3, false],
    ]);
    expect(values[0]?.href).toBe('/search?q=grid&type=briefing%2Citem');
    expect(values[1]?.href).toBe('/search?q=grid');
  });

  it('lists tags most frequent first, then by name', () => {
    expect(facetValues(result, read(''), 'tags').map((v) => v.value)).toEqual([
      'ai',
      'daily-sync',
      'energy',
    ]);
  });

  it('keeps a value in force that the API did not count, so it can be taken off', () => {
    const values = facetValues(result, read('status=blocked&series=Weekly'), 'status');
    expect(values).toEqual([
      {
        value: 'blocked',
        label: 'Blocked',
        count: 0,
        selected: true,
        href: '/search?series=Weekly',
      },
    ]);
    expect(facetValues(null, read('series=Weekly'), 'series')).toHaveLength(1);
  });

  it('has nothing to show for a facet with no values', () => {
    expect(facetValues(result, read('q=x'), 'priority')).toEqual([]);
  });
});

describe(describeSearch.name, () => {
  it('says in one line what a search looks for', () => {
    expect(describeSearch(read('q=energy'))).toBe('“energy”');
    expect(describeSearch(read(''))).toBe('Everything');
    expect(
      describeSearch(
        read('q=grid&type=item,action&tags=ai&status=in_progress&priority=high&from=2026-05-01'),
      ),
    ).toBe(
      '“grid” · News items, Actions · tags: ai · status: In progress · priority: High · from 1 May 2026',
    );
    expect(describeFilters(read('q=grid'))).toBe('');
    expect(
      describeFilters(read('type=action&section=Tech+News&dueFrom=2026-06-01&dueTo=2026-06-30')),
    ).toBe('Actions · section: Tech News · due from 1 Jun 2026 · due by 30 Jun 2026');
  });
});
