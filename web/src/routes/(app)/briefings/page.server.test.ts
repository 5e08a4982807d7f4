// @vitest-environment node
import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeBriefingSummary, makeUser } from '$lib/testing/factories';
import { load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];

function setup(url: string, role: 'viewer' | 'editor' = 'viewer', filters?: () => Response) {
  const fake = fakeApi({
    'GET /api/briefings': () =>
      jsonResponse(200, { briefings: [makeBriefingSummary()], nextCursor: 'next-1' }),
    'GET /api/briefings/filters':
      filters ?? (() => jsonResponse(200, { series: ['Daily Sync'], tags: [] })),
  });
  const event = requestEvent<LoadEvent>({ api: fake.api, user: makeUser({ role }), url });
  return {
    ...fake,
    run: async () => (await load(event)) as Exclude<Awaited<ReturnType<typeof load>>, void>,
  };
}

describe('briefings feed load', () => {
  it('passes the series, tag and cursor from the address to the API', async () => {
    const { run, callsTo } = setup(
      'http://app.test/briefings?series=Daily+Sync&tag=ai&cursor=c1&notice=deleted',
    );

    const data = await run();

    const [call] = callsTo('GET', '/api/briefings');
    expect(Object.fromEntries(call?.query ?? [])).toEqual({
      series: 'Daily Sync',
      tag: 'ai',
      cursor: 'c1',
    });
    expect(data.active).toEqual({ series: 'Daily Sync', tag: 'ai' });
    expect(data.isFirstPage).toBe(false);
    expect(data.nextCursor).toBe('next-1');
    expect(data.notice).toMatch(/^Briefing deleted/);
  });

  it('lets editors import, not viewers', async () => {
    await expect(setup('http://app.test/briefings', 'editor').run()).resolves.toMatchObject({
      canImport: true,
    });
    await expect(setup('http://app.test/briefings', 'viewer').run()).resolves.toMatchObject({
      canImport: false,
    });
  });

  it('still shows the feed when the filter choices cannot be loaded', async () => {
    const { run } = setup('http://app.test/briefings', 'viewer', () =>
      contractError(503, 'SEARCH_DOWN', 'Filters are unavailable.'),
    );

    const data = await run();

    expect(data.filters).toBeNull();
    expect(data.briefings).toHaveLength(1);
  });

  it('shows the error page with the API’s sentence when the feed itself fails', async () => {
    const fake = fakeApi({
      'GET /api/briefings': () =>
        contractError(400, 'INVALID_CURSOR', 'That page link has expired.'),
      'GET /api/briefings/filters': () => jsonResponse(200, { series: [], tags: [] }),
    });
    const event = requestEvent<LoadEvent>({
      api: fake.api,
      user: makeUser(),
      url: 'http://app.test/briefings?cursor=old',
    });

    const outcome = await Promise.resolve(load(event)).catch((thrown: unknown) => thrown);

    expect(isHttpError(outcome) && outcome.status).toBe(400);
    expect(isHttpError(outcome) && outcome.body.message).toBe('That page link has expired.');
  });
});
