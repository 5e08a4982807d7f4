// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeBriefing, makeUser } from '$lib/testing/factories';
import { load as layoutLoad } from './+layout.server';
import { load as pageLoad } from './+page.server';

type LayoutEvent = Parameters<typeof layoutLoad>[0];
type PageEvent = Parameters<typeof pageLoad>[0];

const briefing = makeBriefing();
const BRIEFING_PATH = `/api/briefings/${briefing.slug}`;
const READ_PATH = `/api/briefings/${briefing.id}/read`;

function setup(routes: FakeRoutes, options: { role?: Role; url?: string; slug?: string } = {}) {
  const fake = fakeApi(routes);
  const url = options.url ?? `http://app.test/briefings/${briefing.slug}`;
  const common = {
    api: fake.api,
    user: makeUser({ role: options.role ?? 'viewer' }),
    url,
    params: { slug: options.slug ?? briefing.slug },
  };
  return {
    ...fake,
    layout: () => Promise.resolve(layoutLoad(requestEvent<LayoutEvent>(common))),
    page: () =>
      Promise.resolve(pageLoad(requestEvent<PageEvent>({ ...common, parent: { briefing } }))),
  };
}

describe('briefing page loads', () => {
  it('loads the briefing by its slug and lets only editors edit it', async () => {
    const routes = { [`GET ${BRIEFING_PATH}`]: () => jsonResponse(200, briefing) };

    await expect(setup(routes, { role: 'member' }).layout()).resolves.toEqual({
      briefing,
      canEdit: false,
    });
    await expect(setup(routes, { role: 'editor' }).layout()).resolves.toEqual({
      briefing,
      canEdit: true,
    });
  });

  it('answers 404 for a briefing that is missing or not shared with the reader', async () => {
    const { layout } = setup({
      [`GET ${BRIEFING_PATH}`]: () => contractError(404, 'BRIEFING_NOT_FOUND', 'Not found.'),
    });

    const outcome = await layout().catch((thrown: unknown) => thrown);

    expect(isHttpError(outcome) && outcome.status).toBe(404);
    expect(isHttpError(outcome) && outcome.body.message).toMatch(/not shared with you/);
  });

  it('sends an address by id on to the readable one, keeping the rest of the path', async () => {
    const { layout } = setup(
      { [`GET /api/briefings/${briefing.id}`]: () => jsonResponse(200, briefing) },
      { slug: briefing.id, url: `http://app.test/briefings/${briefing.id}/edit?x=1` },
    );

    const outcome = await layout().catch((thrown: unknown) => thrown);

    expect(isRedirect(outcome) && outcome.location).toBe(`/briefings/${briefing.slug}/edit?x=1`);
  });

  it('marks the briefing read while loading the page', async () => {
    const { page, callsTo } = setup({
      [`PUT ${READ_PATH}`]: () => new Response(null, { status: 204 }),
    });

    await expect(page()).resolves.toEqual({ notice: null });

    expect(callsTo('PUT', READ_PATH)).toHaveLength(1);
  });

  it('still shows the briefing when marking it read fails', async () => {
    const { page, callsTo } = setup(
      { [`PUT ${READ_PATH}`]: () => contractError(503, 'DB_DOWN', 'The database is unavailable.') },
      { url: `http://app.test/briefings/${briefing.slug}?notice=imported` },
    );

    await expect(page()).resolves.toEqual({ notice: expect.stringMatching(/^Imported/) });
    expect(callsTo('PUT', READ_PATH)).toHaveLength(1);
  });
});
