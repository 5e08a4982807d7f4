// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeBriefing, makeUser } from '$lib/testing/factories';
import { load as layoutLoad } from './+layout.server';
import { actions, load as pageLoad } from './+page.server';

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

    await expect(page()).resolves.toEqual({
      notice: null,
      canDiscuss: false,
      canCreateFollowUps: false,
      linkedActions: {},
      followUps: [],
    });

    expect(callsTo('PUT', READ_PATH)).toHaveLength(1);
  });

  it('still shows the briefing when marking it read fails', async () => {
    const { page, callsTo } = setup(
      { [`PUT ${READ_PATH}`]: () => contractError(503, 'DB_DOWN', 'The database is unavailable.') },
      { url: `http://app.test/briefings/${briefing.slug}?notice=imported` },
    );

    await expect(page()).resolves.toEqual({
      notice: expect.stringMatching(/^Imported/),
      canDiscuss: false,
      canCreateFollowUps: false,
      linkedActions: {},
      followUps: [],
    });
    expect(callsTo('PUT', READ_PATH)).toHaveLength(1);
  });
});

describe('opening a discussion on an item', () => {
  const openDiscussion = actions.openDiscussion;
  type ActionEvent = Parameters<NonNullable<typeof openDiscussion>>[0];

  function open(routes: FakeRoutes, itemId: string) {
    if (!openDiscussion) throw new Error('no openDiscussion action');
    const fake = fakeApi(routes);
    const form = new FormData();
    form.set('itemId', itemId);
    const event = requestEvent<ActionEvent>({
      api: fake.api,
      user: makeUser({ role: 'member' }),
      url: `http://app.test/briefings/${briefing.slug}?/openDiscussion`,
      params: { slug: briefing.slug },
      form,
    });
    return {
      ...fake,
      outcome: Promise.resolve(openDiscussion(event)).catch((thrown: unknown) => thrown),
    };
  }

  it('creates or finds the item’s thread and goes there', async () => {
    const { outcome, callsTo } = open(
      { 'POST /api/items/item-1/thread': () => jsonResponse(201, { id: 'thread-1' }) },
      'item-1',
    );

    const result = await outcome;

    expect(isRedirect(result) && result.status).toBe(303);
    expect(isRedirect(result) && result.location).toBe('/threads/thread-1');
    expect(callsTo('POST', '/api/items/item-1/thread')).toHaveLength(1);
  });

  it('shows the API’s refusal on the briefing page', async () => {
    const { outcome } = open(
      {
        'POST /api/items/item-1/thread': () =>
          contractError(403, 'FORBIDDEN', 'Viewers cannot open discussions.'),
      },
      'item-1',
    );

    await expect(outcome).resolves.toMatchObject({
      status: 403,
      data: { itemId: 'item-1', message: 'Viewers cannot open discussions.' },
    });
  });

  it('shows the actions of each item and prompt, and open follow-ups of earlier briefings', async () => {
    const item = briefing.sections[0]?.items[0];
    const action = {
      id: 'aa000000-0000-4000-8000-000000000001',
      title: 'Check the grid connection dates',
      status: 'open',
      owner: null,
    };
    const { page, callsTo } = setup(
      {
        [`PUT ${READ_PATH}`]: () => new Response(null, { status: 204 }),
        // The briefing's actions at once; each one's links say which item or prompt it is under.
        'GET /api/actions': (call) =>
          jsonResponse(200, {
            actions: call.query.get('briefingId') === briefing.id ? [action] : [],
          }),
        [`GET /api/actions/${action.id}`]: () =>
          jsonResponse(200, {
            ...action,
            links: [
              { type: 'item', id: item?.id, title: item?.title, url: '/briefings/x#item' },
              { type: 'briefing', id: briefing.id, title: briefing.title, url: '/briefings/x' },
            ],
          }),
        [`GET /api/briefings/${briefing.id}/follow-ups`]: () =>
          jsonResponse(200, {
            actions: [{ ...action, id: 'aa000000-0000-4000-8000-000000000002' }],
          }),
      },
      { role: 'member' },
    );

    const data = (await page()) as Record<string, unknown>;

    expect(data.canCreateFollowUps).toBe(true);
    expect(data.linkedActions).toEqual({ [item?.id as string]: [action] });
    expect(data.followUps).toHaveLength(1);
    // Two questions, not one per item and prompt.
    expect(callsTo('GET', '/api/actions').map((call) => call.query.get('briefingId'))).toEqual([
      briefing.id,
    ]);
    expect(callsTo('GET', `/api/actions/${action.id}`)).toHaveLength(1);
  });

  it('asks per item and prompt when the briefing has more actions than those', async () => {
    const item = briefing.sections[0]?.items[0];
    const threadId = briefing.sections[0]?.discussion?.threadId;
    const action = (n: number) => ({
      id: `aa000000-0000-4000-8000-00000000000${n}`,
      title: `Action ${n}`,
      status: 'open',
      owner: null,
    });
    const { page, callsTo } = setup(
      {
        [`PUT ${READ_PATH}`]: () => new Response(null, { status: 204 }),
        'GET /api/actions': (call) =>
          jsonResponse(200, {
            actions: call.query.get('briefingId')
              ? [action(1), action(2)]
              : call.query.get('linkId') === item?.id
                ? [action(1)]
                : [],
          }),
        [`GET /api/briefings/${briefing.id}/follow-ups`]: () => jsonResponse(200, { actions: [] }),
      },
      { role: 'member' },
    );

    const data = (await page()) as Record<string, unknown>;

    expect(data.linkedActions).toEqual({ [item?.id as string]: [action(1)] });
    const asked = callsTo('GET', '/api/actions').map((call) => [
      call.query.get('linkType'),
      call.query.get('linkId'),
    ]);
    expect(asked).toContainEqual(['item', item?.id]);
    expect(asked).toContainEqual(['discussion', threadId]);
  });

  it('shows no actions when the API cannot list them', async () => {
    const { page } = setup({
      [`PUT ${READ_PATH}`]: () => new Response(null, { status: 204 }),
      'GET /api/actions': () => contractError(503, 'DB_DOWN', 'The database is unavailable.'),
    });

    const data = (await page()) as Record<string, unknown>;

    expect(data.linkedActions).toEqual({});
  });
});
