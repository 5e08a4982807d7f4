// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { jsonResponse, makeUser } from '$lib/testing/factories';
import { dashboardQuery, threadFilterFrom } from './discussion-filters';
import { load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];

function run(url: string) {
  const fake = fakeApi({
    'GET /api/threads': () => jsonResponse(200, { threads: [], nextCursor: 'next-page' }),
  });
  const data = Promise.resolve(
    load(requestEvent<LoadEvent>({ api: fake.api, user: makeUser(), url })),
  );
  return { data, ...fake };
}

describe('discussions dashboard load', () => {
  it('asks for the unresolved threads by default', async () => {
    const { data, callsTo } = run('http://app.test/discussions');

    await expect(data).resolves.toMatchObject({
      filter: 'unresolved',
      isFirstPage: true,
      nextCursor: 'next-page',
    });
    expect(callsTo('GET', '/api/threads')[0]?.query.get('state')).toBe('open,converging');
  });

  it('passes the chosen state and the cursor on', async () => {
    const { data, callsTo } = run('http://app.test/discussions?state=resolved&cursor=abc');

    await expect(data).resolves.toMatchObject({ filter: 'resolved', isFirstPage: false });
    const query = callsTo('GET', '/api/threads')[0]?.query;
    expect(query?.get('state')).toBe('resolved');
    expect(query?.get('cursor')).toBe('abc');
  });

  it('falls back to unresolved for a state it does not know', () => {
    expect(threadFilterFrom('deleted')).toBe('unresolved');
    expect(threadFilterFrom('__proto__')).toBe('unresolved');
  });

  it('leaves defaults out of its links', () => {
    expect(dashboardQuery('unresolved')).toBe('');
    expect(dashboardQuery('all', 'c1')).toBe('state=all&cursor=c1');
  });
});
