import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeBriefing, makeUser } from '$lib/testing/factories';
import BriefingPage from './+page.svelte';

type Props = Parameters<typeof BriefingPage>[1];

function setup(canEdit: boolean, notice: string | null = null) {
  const briefing = makeBriefing();
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: { user: makeUser(), briefing, canEdit, notice },
    params: { slug: briefing.slug },
  } as unknown as Props;
  render(BriefingPage, props);
  return { briefing };
}

describe('briefing page', () => {
  it('gives editors Edit details, Re-import and Delete', () => {
    const { briefing } = setup(true);

    const tools = screen.getByRole('group', { name: 'Editor tools' });
    const links = within(tools).getAllByRole('link');
    expect(links.map((link) => [link.textContent?.trim(), link.getAttribute('href')])).toEqual([
      ['Edit details', `/briefings/${briefing.slug}/edit`],
      ['Re-import', `/briefings/import?replace=${briefing.id}`],
      ['Delete', `/briefings/${briefing.slug}/delete`],
    ]);
  });

  it('shows readers the briefing without editor tools', () => {
    setup(false);

    expect(screen.queryByRole('group', { name: 'Editor tools' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Daily Sync: May 7, 2026');
  });

  it('confirms what just happened, as a status message', () => {
    setup(true, 'Details saved.');

    expect(screen.getByRole('status').textContent).toBe('Details saved.');
  });
});
