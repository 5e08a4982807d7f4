import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  apiQueryOf,
  exportHref,
  filtersFromParams,
  filtersSearch,
  filtersToParams,
  isFiltered,
  type ActionFilters,
} from './filters';

const ME = '0b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a11';
const BRIEFING = 'a1a2c3d4-0000-4000-8000-000000000001';

const read = (query: string) => filtersFromParams(new URLSearchParams(query));

describe(filtersFromParams.name, () => {
  it('reads every filter and the sort', () => {
    expect(
      read(
        `status=blocked,open&owner=me&priority=high&dueFrom=2026-05-01&dueTo=2026-05-31&overdue=true&briefing=${BRIEFING}&tag=ai&sort=priority&page=3`,
      ),
    ).toEqual({
      status: ['open', 'blocked'],
      owner: 'me',
      priority: 'high',
      dueFrom: '2026-05-01',
      dueTo: '2026-05-31',
      overdue: true,
      briefing: BRIEFING,
      tag: 'ai',
      sort: 'priority',
      page: 3,
    });
  });

  it('takes statuses repeated as well as comma-listed, each once, in workflow order', () => {
    expect(read('status=done&status=open,done&status=in_progress').status).toEqual([
      'open',
      'in_progress',
      'done',
    ]);
  });

  it('drops what it does not understand instead of sending it on', () => {
    expect(
      read(
        'status=open,deleted&owner=bob&priority=critical&dueFrom=2026-02-30&dueTo=tomorrow&overdue=yes&briefing=1&sort=random&page=-2',
      ),
    ).toEqual({ ...NO_FILTERS, status: ['open'] });
    expect(read('page=10001').page).toBe(1);
    expect(read('sort=__proto__').sort).toBe('due');
  });
});

describe(filtersToParams.name, () => {
  it('leaves the defaults out, so the plain list has a plain address', () => {
    expect(filtersToParams(NO_FILTERS).toString()).toBe('');
    expect(filtersSearch(NO_FILTERS)).toBe('');
  });

  it('reads back exactly what it wrote', () => {
    const filters: ActionFilters = {
      status: ['in_progress', 'blocked'],
      owner: ME,
      priority: 'urgent',
      dueFrom: '2026-06-01',
      dueTo: '',
      overdue: true,
      briefing: BRIEFING,
      tag: 'energy & climate',
      sort: 'updated',
      page: 2,
    };
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
    expect(filtersSearch(filters)).toMatch(/^\?status=in_progress%2Cblocked&owner=/);
  });
});

describe(apiQueryOf.name, () => {
  it('turns "me" into the viewer and leaves unset filters out', () => {
    expect(apiQueryOf({ ...NO_FILTERS, owner: 'me', overdue: true }, ME, 50)).toEqual({
      status: undefined,
      ownerId: ME,
      priority: undefined,
      overdue: true,
      dueFrom: undefined,
      dueTo: undefined,
      briefingId: undefined,
      tag: undefined,
      sort: 'due',
      page: 1,
      limit: 50,
    });
  });
});

describe(exportHref.name, () => {
  it('exports every match of the same filters, under the API names, without paging', () => {
    const href = exportHref(
      { ...NO_FILTERS, status: ['open', 'blocked'], owner: 'me', page: 4, sort: 'priority' },
      ME,
    );
    const url = new URL(href, 'http://app.test');
    expect(url.pathname).toBe('/api/actions/export.csv');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'open,blocked',
      ownerId: ME,
      sort: 'priority',
    });
  });
});

describe(isFiltered.name, () => {
  it('counts filters but not the sort or the page', () => {
    expect(isFiltered({ ...NO_FILTERS, sort: 'created', page: 3 })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, tag: 'ai' })).toBe(true);
  });
});
