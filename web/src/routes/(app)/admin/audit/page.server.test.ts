// @vitest-environment node
import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '$lib/api/types';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type LoadData = Exclude<Awaited<ReturnType<typeof load>>, void>;

const signIn: AuditEvent = {
  id: 'e-1',
  at: '2026-12-07T10:00:00.000Z',
  actor: { id: 'u-1', email: 'ada@example.com', displayName: 'Ada' },
  action: 'auth.sign_in',
  target: { type: 'user', id: 'u-1' },
  ip: '203.0.113.7',
  details: { method: 'password' },
};

function setup(routes: FakeRoutes, url: string, role: Role = 'admin') {
  const fake = fakeApi(routes);
  const user = makeUser({ id: 'u-admin', role });
  return {
    ...fake,
    load: async () =>
      (await load(requestEvent<LoadEvent>({ api: fake.api, user, url }))) as LoadData,
  };
}

describe('audit log page load', () => {
  it('passes the filters in the address to the API and builds the next-page and CSV links', async () => {
    const { load, callsTo } = setup(
      {
        'GET /api/admin/audit': () =>
          jsonResponse(200, { events: [signIn], nextCursor: 'next-page' }),
      },
      'http://app.test/admin/audit?action=auth.&from=2026-12-01&to=&actorId=+u-1+',
    );

    const data = await load();

    const [call] = callsTo('GET', '/api/admin/audit');
    expect(Object.fromEntries(call?.query ?? [])).toEqual({
      action: 'auth.',
      from: '2026-12-01',
      actorId: 'u-1',
      limit: '50',
    });
    expect(data.events).toEqual([signIn]);
    expect(data.filters).toEqual({ action: 'auth.', from: '2026-12-01', actorId: 'u-1' });
    expect(data.nextHref).toBe(
      '/admin/audit?action=auth.&actorId=u-1&from=2026-12-01&cursor=next-page',
    );
    expect(data.csvHref).toBe('/api/admin/audit.csv?action=auth.&actorId=u-1&from=2026-12-01');
    expect(data.paged).toBe(false);
    expect(data.problem).toBeNull();
  });

  it('sends the cursor of a later page and offers no next page after the last', async () => {
    const { load, callsTo } = setup(
      { 'GET /api/admin/audit': () => jsonResponse(200, { events: [signIn], nextCursor: null }) },
      'http://app.test/admin/audit?cursor=abc',
    );

    const data = await load();

    expect(callsTo('GET', '/api/admin/audit')[0]?.query.get('cursor')).toBe('abc');
    expect(data.nextHref).toBeNull();
    expect(data.paged).toBe(true);
    expect(data.firstHref).toBe('/admin/audit');
  });

  it('says why a filter was refused beside the form instead of failing the page', async () => {
    const { load } = setup(
      {
        'GET /api/admin/audit': () =>
          contractError(400, 'VALIDATION_FAILED', 'from must be a date like 2026-12-01.'),
      },
      'http://app.test/admin/audit?from=soon',
    );

    const data = await load();

    expect(data.problem).toBe('from must be a date like 2026-12-01.');
    expect(data.events).toEqual([]);
    expect(data.filters).toEqual({ from: 'soon' });
  });

  it('shows the error page when the API fails otherwise', async () => {
    const { load } = setup(
      { 'GET /api/admin/audit': () => contractError(503, 'UNAVAILABLE', 'The database is down.') },
      'http://app.test/admin/audit',
    );

    const failure: unknown = await load().catch((caught: unknown) => caught);

    expect(isHttpError(failure) && failure.status).toBe(503);
  });

  it('is for admins only', async () => {
    const { load, calls } = setup({}, 'http://app.test/admin/audit', 'editor');

    const failure: unknown = await load().catch((caught: unknown) => caught);

    expect(isHttpError(failure) && failure.status).toBe(403);
    expect(calls).toEqual([]);
  });
});
