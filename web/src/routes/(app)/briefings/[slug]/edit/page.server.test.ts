// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { detailsValuesOf } from '$lib/server/briefing-form';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { jsonResponse, makeBriefing, makeUser } from '$lib/testing/factories';
import { actions } from './+page.server';

const save = actions.default;
type ActionEvent = Parameters<NonNullable<typeof save>>[0];

const briefing = makeBriefing();
const saved = makeBriefing({
  title: 'Daily Sync: 7 May 2026',
  slug: 'daily-sync-7-may-2026-05-07',
});

function setup(role: Role, changes: Record<string, string | string[]>) {
  const fake = fakeApi({
    [`GET /api/briefings/${briefing.slug}`]: () => jsonResponse(200, briefing),
    [`PATCH /api/briefings/${briefing.id}`]: () => jsonResponse(200, saved),
  });
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...detailsValuesOf(briefing), ...changes })) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  const event = requestEvent<ActionEvent>({
    api: fake.api,
    user: makeUser({ role }),
    url: `http://app.test/briefings/${briefing.slug}/edit`,
    params: { slug: briefing.slug },
    form,
  });
  return {
    ...fake,
    submit: async () => {
      if (!save) throw new Error('the edit page has no default action');
      return save(event);
    },
  };
}

describe('editing briefing details', () => {
  it('patches only what changed and opens the briefing at its new address', async () => {
    const { submit, callsTo } = setup('editor', { title: 'Daily Sync: 7 May 2026' });

    const outcome = await submit().catch((thrown: unknown) => thrown);

    expect(callsTo('PATCH', `/api/briefings/${briefing.id}`).map((call) => call.body)).toEqual([
      { title: 'Daily Sync: 7 May 2026' },
    ]);
    expect(isRedirect(outcome) && outcome.location).toBe(`/briefings/${saved.slug}?notice=saved`);
  });

  it('sends the chosen groups when restricting it', async () => {
    const { submit, callsTo } = setup('admin', {
      visibility: 'restricted',
      groupIds: ['g-1', 'g-2'],
    });

    await submit().catch(() => undefined);

    expect(callsTo('PATCH', `/api/briefings/${briefing.id}`)[0]?.body).toEqual({
      visibility: 'restricted',
      groupIds: ['g-1', 'g-2'],
    });
  });

  it('returns the form as typed with a sentence when a field is wrong, calling nothing', async () => {
    const { submit, calls } = setup('editor', {
      title: 'New',
      visibility: 'restricted',
      groupIds: [],
    });

    await expect(submit()).resolves.toMatchObject({
      status: 400,
      data: {
        values: { title: 'New', visibility: 'restricted' },
        message: expect.stringMatching(/group/),
      },
    });
    expect(calls).toHaveLength(0);
  });

  it('saves nothing when nothing changed', async () => {
    const { submit, callsTo } = setup('editor', {});

    const outcome = await submit().catch((thrown: unknown) => thrown);

    expect(callsTo('PATCH', `/api/briefings/${briefing.id}`)).toHaveLength(0);
    expect(isRedirect(outcome) && outcome.location).toBe(
      `/briefings/${briefing.slug}?notice=unchanged`,
    );
  });

  it('refuses members with 403', async () => {
    const { submit, calls } = setup('member', { title: 'Mine now' });

    const outcome = await submit().catch((thrown: unknown) => thrown);

    expect(isHttpError(outcome) && outcome.status).toBe(403);
    expect(calls).toHaveLength(0);
  });
});
