// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeBriefing, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
const remove = actions.default;
type ActionEvent = Parameters<NonNullable<typeof remove>>[0];

const briefing = makeBriefing();
const url = `http://app.test/briefings/${briefing.slug}/delete`;

function setup(role: Role, deleteAnswer = () => new Response(null, { status: 204 })) {
  const fake = fakeApi({
    [`GET /api/briefings/${briefing.slug}`]: () => jsonResponse(200, briefing),
    [`DELETE /api/briefings/${briefing.id}`]: deleteAnswer,
  });
  const common = { api: fake.api, user: makeUser({ role }), url, params: { slug: briefing.slug } };
  return {
    ...fake,
    load: () => load(requestEvent<LoadEvent>({ ...common, parent: { briefing, canEdit: true } })),
    confirm: async () => {
      if (!remove) throw new Error('the delete page has no default action');
      return remove(requestEvent<ActionEvent>({ ...common, form: new FormData() }));
    },
  };
}

describe('deleting a briefing', () => {
  it('first shows what would be lost, deleting nothing', async () => {
    const { load, calls } = setup('editor');

    await expect(load()).resolves.toEqual({ loss: { discussions: 1, comments: 3 } });
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0);
  });

  it('deletes on confirmation and returns to the feed with a notice', async () => {
    const { confirm, callsTo } = setup('editor');

    const outcome = await confirm().catch((thrown: unknown) => thrown);

    expect(callsTo('DELETE', `/api/briefings/${briefing.id}`)).toHaveLength(1);
    expect(isRedirect(outcome) && outcome.status).toBe(303);
    expect(isRedirect(outcome) && outcome.location).toBe('/briefings?notice=deleted');
  });

  it('keeps the reader on the page with the API’s sentence when deleting fails', async () => {
    const { confirm } = setup('editor', () =>
      contractError(409, 'BRIEFING_LOCKED', 'Someone is importing this briefing right now.'),
    );

    await expect(confirm()).resolves.toMatchObject({
      status: 409,
      data: { message: 'Someone is importing this briefing right now.' },
    });
  });

  it('refuses members with 403, on the page and on the action, calling nothing', async () => {
    const { load, confirm, calls } = setup('member');

    const shown = await Promise.resolve(load()).catch((thrown: unknown) => thrown);
    const posted = await confirm().catch((thrown: unknown) => thrown);

    expect(isHttpError(shown) && shown.status).toBe(403);
    expect(isHttpError(posted) && posted.status).toBe(403);
    expect(calls).toHaveLength(0);
  });
});
