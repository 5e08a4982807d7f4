import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Briefing } from '$lib/api/types';
import { makeBriefing, makeGroup, makeItem, makeSection } from '$lib/testing/factories';
import BriefingArticle from './BriefingArticle.svelte';

function setup(overrides: Partial<Briefing> = {}, canDiscuss = false) {
  const briefing = makeBriefing(overrides);
  const { container } = render(BriefingArticle, { briefing, canDiscuss });
  return { briefing, container };
}

function sectionNamed(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

describe('BriefingArticle', () => {
  it('opens with the title, a readable date, author, reading time, series and tag links', () => {
    setup();

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Daily Sync: May 7, 2026');
    const date = screen.getByText('Thursday, 7 May 2026');
    expect(date.tagName).toBe('TIME');
    expect(date.getAttribute('datetime')).toBe('2026-05-07');
    expect(screen.getByText('By The CTO')).toBeTruthy();
    expect(screen.getByText('6 min read')).toBeTruthy();
    expect(screen.getByText('Daily Sync')).toBeTruthy();
    const tags = screen.getByRole('list', { name: 'Tags' });
    expect(within(tags).getByRole('link', { name: 'daily-sync' }).getAttribute('href')).toBe(
      '/briefings?tag=daily-sync',
    );
    expect(screen.queryByText(/Restricted to/)).toBeNull();
  });

  it('names the groups of a restricted briefing', () => {
    setup({
      visibility: 'restricted',
      groups: [
        makeGroup({ id: 'g1', name: 'Leadership' }),
        makeGroup({ id: 'g2', name: 'Platform' }),
      ],
    });

    expect(screen.getByText('Restricted to: Leadership, Platform')).toBeTruthy();
  });

  it('shows the sections in the order of the source, whatever order they arrive in', () => {
    const { briefing } = setup();
    render(BriefingArticle, {
      briefing: { ...briefing, id: 'reversed', sections: [...briefing.sections].reverse() },
    });

    const articles = screen.getAllByRole('article');
    for (const article of articles) {
      const headings = within(article)
        .getAllByRole('heading', { level: 2 })
        .map((heading) => heading.textContent);
      expect(headings).toEqual(['Tech News', 'CTO Takeaway', 'Related Content']);
    }
  });

  it('shows each news item as a bold title with its body', () => {
    setup();

    const news = sectionNamed('Tech News');
    const title = within(news).getByText('AI infra meets energy and climate constraints');
    expect(title.tagName).toBe('STRONG');
    expect(within(news).getByText(/TSMC is leaning heavily into wind power/)).toBeTruthy();
  });

  it('puts the discussion prompt in its own box, linking to its thread with the comment count', () => {
    setup();

    const news = sectionNamed('Tech News');
    expect(
      within(news)
        .getByText(
          'Where are your AI infra plans out of sync with power, location, and security reality?',
        )
        .parentElement?.classList.contains('prompt'),
    ).toBe(true);
    const join = within(news).getByRole('link', { name: 'Join the discussion · 3 comments' });
    expect(join.getAttribute('href')).toBe('/threads/e1a2c3d4-0000-4000-8000-000000000001');
  });

  it('invites the first comment when a prompt has none, and links item threads', () => {
    setup({
      sections: [
        makeSection({
          items: [makeItem({ threadId: 'thread-item-1' })],
          discussion: {
            id: 'p',
            prompt: 'What breaks first?',
            threadId: 'thread-1',
            commentCount: 0,
            state: 'resolved',
          },
        }),
      ],
    });

    expect(
      screen.getByRole('link', { name: 'Join the discussion · No comments yet' }),
    ).toBeTruthy();
    expect(screen.getByText('Resolved')).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Discussion: / }).getAttribute('href')).toBe(
      '/threads/thread-item-1',
    );
  });

  it('sets the takeaway apart as prose, one paragraph per blank-line-separated block', () => {
    setup();

    const takeaway = sectionNamed('CTO Takeaway');
    expect(takeaway.classList.contains('kind-takeaway')).toBe(true);
    const paragraphs = takeaway.querySelectorAll('p');
    expect([...paragraphs].map((p) => p.textContent)).toEqual([
      'The throughline today is that AI is no longer a discrete capability.',
      'As you plan the next 12–24 months, think less about adopting AI features.',
    ]);
    expect(within(takeaway).queryByRole('link')).toBeNull();
  });

  it('links related reading by its title, with the body as its description', () => {
    setup();

    const related = sectionNamed('Related Content');
    const link = within(related).getByRole('link', {
      name: 'Resilience-by-Design Is the New Default',
    });
    expect(link.getAttribute('href')).toBe('https://briefings.example.com/resilience-by-design');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(within(related).getByText(/resilience is no longer just an SRE concern/).tagName).toBe(
      'P',
    );
    // Collapsed: one short line until opened (a native <details>, so no script is needed).
    const details = link.closest('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toMatch(
      /^Show \d+ related reads?: Related Content$/,
    );
  });

  it('never turns a script or data URL from a document into a link', () => {
    setup({
      sections: [
        makeSection({
          kind: 'related',
          heading: 'Related Content',
          discussion: null,
          items: [makeItem({ title: 'Click me', url: 'javascript:alert(1)' })],
        }),
      ],
    });

    expect(screen.queryByRole('link', { name: 'Click me' })).toBeNull();
    expect(screen.getByText('Click me').tagName).toBe('STRONG');
  });

  it('lists an item’s other links after its body, numbered, each once, never a script URL', () => {
    const longPath = `/reports/${'very-long-segment-'.repeat(12)}final`;
    setup({
      sections: [
        makeSection({
          items: [
            makeItem({
              title: 'Grid capacity for AI',
              url: 'https://news.example.com/grid',
              links: [
                'https://news.example.com/grid',
                'https://www.energy.example.org/report/',
                'javascript:alert(1)',
                'https://www.energy.example.org/report/',
                `https://data.example.net${longPath}?year=2026`,
              ],
            }),
          ],
        }),
      ],
    });

    const title = screen.getByRole('link', { name: 'Grid capacity for AI' });
    expect(title.getAttribute('href')).toBe('https://news.example.com/grid');
    const more = screen.getByRole('list', { name: 'More links: Grid capacity for AI' });
    const links = within(more).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['energy.example.org/report', 'https://www.energy.example.org/report/'],
      [`data.example.net${longPath}?year=2026`, `https://data.example.net${longPath}?year=2026`],
    ]);
    expect(
      within(more)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.trim()[0]),
    ).toEqual(['1', '2']);
    for (const link of [title, ...links]) {
      expect(link.getAttribute('rel')?.split(' ')).toEqual(
        expect.arrayContaining(['noopener', 'noreferrer', 'nofollow']),
      );
    }
    // The item's body comes first, its further links after it.
    const body = screen.getByText(/TSMC is leaning heavily/);
    expect(body.compareDocumentPosition(more) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows no link list for an item whose only link is its title', () => {
    setup({
      sections: [
        makeSection({
          items: [
            makeItem({
              url: 'https://news.example.com/grid',
              links: ['https://news.example.com/grid'],
            }),
          ],
        }),
      ],
    });

    expect(screen.queryByRole('list', { name: /More links/ })).toBeNull();
  });

  it('renders markup in a hostile title and body as text, never as elements', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = setup({
      title: hostile,
      summary: `<script>alert(2)</script>`,
      sections: [
        makeSection({ heading: hostile, items: [makeItem({ title: hostile, body: hostile })] }),
      ],
    });

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(hostile);
    expect(screen.getByText('<script>alert(2)</script>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
  });

  it('lets members open a discussion on an item that has none, and links the ones that have', () => {
    const discussed = makeItem({
      id: 'item-with-thread',
      title: 'Discussed',
      threadId: 'thread-9',
    });
    const quiet = makeItem({ id: 'item-without', title: 'Not yet discussed', position: 1 });
    setup({ sections: [makeSection({ items: [discussed, quiet] })] }, true);

    expect(screen.getByRole('link', { name: 'Discussion: Discussed' }).getAttribute('href')).toBe(
      '/threads/thread-9',
    );
    const open = screen.getByRole('button', { name: 'Open discussion: Not yet discussed' });
    const form = open.closest('form') as HTMLFormElement;
    expect(form.getAttribute('method')?.toUpperCase()).toBe('POST');
    expect(form.getAttribute('action')).toBe('?/openDiscussion');
    expect(new FormData(form).get('itemId')).toBe('item-without');
    expect(screen.queryByRole('button', { name: 'Open discussion: Discussed' })).toBeNull();
  });

  it('offers viewers no button to open a discussion', () => {
    setup({}, false);

    expect(screen.queryByRole('button', { name: /^Open discussion/ })).toBeNull();
  });
});

describe('BriefingArticle and search', () => {
  it('gives each item an anchor search results land on, and a Related disclosure for news items', () => {
    const { container } = setup();
    // The factory's news item and its related-reading item.
    const news = makeItem();
    const reading = { id: 'b1a2c3d4-0000-4000-8000-000000000002' };

    const item = container.querySelector(`#item-${news.id}`) as HTMLElement;
    expect(item.tagName).toBe('LI');
    expect(container.querySelector(`#item-${reading.id}`)).not.toBeNull();
    const related = within(item).getByText('Related').closest('details');
    expect(related?.open).toBe(false);
    // Related reading is a list of links out, not a subject of its own.
    const readingItem = container.querySelector(`#item-${reading.id}`) as HTMLElement;
    expect(readingItem.querySelector('details')).toBeNull();
  });
});
