import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeDecision } from '$lib/actions/test-factories';
import { realtimeContext } from '$lib/realtime/realtime';
import { jsonResponse, makeThread, makeUser } from '$lib/testing/factories';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import { load } from './+page.server';
import DecisionPage from './+page.svelte';

type LoadEvent = Parameters<typeof load>[0];
type Props = Parameters<typeof DecisionPage>[1];

const thread = makeThread({
  title: 'Where are your AI infra plans out of sync with power, location, and security reality?',
  shortTitle: 'AI infra plans vs power',
});

/** The page as its server load makes it, from the API's answers. */
async function showDecision(commentId: string | null = null) {
  const decision = makeDecision({ threadId: thread.id, commentId });
  const { api } = fakeApi({
    [`GET /api/decisions/${decision.id}`]: () => jsonResponse(200, decision),
    [`GET /api/threads/${thread.id}`]: () =>
      jsonResponse(200, { thread, comments: [], nextAfterSeq: null }),
    'GET /api/actions': () => jsonResponse(200, { actions: [], nextCursor: null }),
  });
  const event = requestEvent<LoadEvent>({
    api,
    user: makeUser({ role: 'member' }),
    url: `http://app.test/decisions/${decision.id}`,
    params: { id: decision.id },
  });
  const data = await load(event);
  render(DecisionPage, {
    props: { data, form: null, params: { id: decision.id } } as unknown as Props,
    context: realtimeContext(new FakeRealtime()),
  });
}

describe('decision page, where it came from', () => {
  it('names the discussion by its short title, with the whole prompt on hover', async () => {
    await showDecision();

    const links = screen.getByRole('region', { name: 'Links' });
    expect(within(links).getByText('From the discussion')).toBeTruthy();
    const link = within(links).getByRole('link', { name: 'AI infra plans vs power' });
    expect(link.getAttribute('href')).toBe(`/threads/${thread.id}`);
    expect(link.getAttribute('title')).toBe(thread.title);
  });

  it('links to the comment it came from, under the same short title', async () => {
    const commentId = 'c0000000-0000-4000-8000-000000000009';
    await showDecision(commentId);

    const links = screen.getByRole('region', { name: 'Links' });
    expect(within(links).getByText('From a comment in')).toBeTruthy();
    expect(
      within(links).getByRole('link', { name: 'AI infra plans vs power' }).getAttribute('href'),
    ).toBe(`/threads/${thread.id}#comment-${commentId}`);
  });
});
