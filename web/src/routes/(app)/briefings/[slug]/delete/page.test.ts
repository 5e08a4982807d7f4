import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeBriefing, makeUser } from '$lib/testing/factories';
import DeletePage from './+page.svelte';

type Props = Parameters<typeof DeletePage>[1];

describe('delete briefing page', () => {
  it('says what will be lost and asks for a deliberate POST, with a way out', () => {
    const briefing = makeBriefing();
    // Only the page data this test needs, hence the assertion to the page's props.
    const props = {
      data: {
        user: makeUser({ role: 'editor' }),
        briefing,
        canEdit: true,
        loss: { discussions: 4, comments: 12 },
      },
      form: null,
      params: { slug: briefing.slug },
    } as unknown as Props;
    render(DeletePage, props);

    expect(
      screen.getByText('This also deletes its 4 discussions and their 12 comments.'),
    ).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Delete briefing' });
    expect(button.closest('form')?.getAttribute('method')?.toUpperCase()).toBe('POST');
    expect(screen.getByRole('link', { name: 'Cancel, keep it' }).getAttribute('href')).toBe(
      `/briefings/${briefing.slug}`,
    );
  });
});
