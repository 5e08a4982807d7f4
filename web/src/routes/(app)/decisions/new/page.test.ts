import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { jsonResponse, makeThread, makeUser } from '$lib/testing/factories';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { load } from './+page.server';
import ProposeDecisionPage from './+page.svelte';

type LoadEvent = Parameters<typeof load>[0];
type Props = Parameters<typeof ProposeDecisionPage>[1];

describe('propose-decision page, opened from a discussion', () => {
  it('names the discussion by its short title, with the whole prompt on hover', async () => {
    const thread = makeThread({ shortTitle: 'AI infra plans vs power' });
    const { api } = fakeApi({
      [`GET /api/threads/${thread.id}`]: () =>
        jsonResponse(200, { thread, comments: [], nextAfterSeq: null }),
    });
    const data = await load(
      requestEvent<LoadEvent>({
        api,
        user: makeUser({ role: 'member' }),
        url: `http://app.test/decisions/new?threadId=${thread.id}`,
      }),
    );
    render(ProposeDecisionPage, { props: { data, form: null, params: {} } as unknown as Props });

    const link = screen.getByRole('link', { name: 'AI infra plans vs power' });
    expect(link.closest('p')?.textContent).toMatch(/^\s*From the discussion/);
    expect(link.getAttribute('href')).toBe(`/threads/${thread.id}`);
    expect(link.getAttribute('title')).toBe(thread.title);
  });
});
