import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeGroup, makeParsedBriefing, makeUser } from '$lib/testing/factories';
import ImportPage from './+page.svelte';

type Props = Parameters<typeof ImportPage>[1];
type Data = Props['data'];

const values = {
  content: 'Daily Sync: May 7, 2026',
  format: '' as const,
  fileName: null,
  publishedOn: '',
  url: '',
  visibility: 'team' as const,
  groupIds: [],
};

function setup(form: Props['form'] = null, data: Partial<Data> = {}) {
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: {
      user: makeUser({ role: 'editor' }),
      groups: [makeGroup({ id: 'g-lead', name: 'Leadership', memberCount: 3 })],
      groupsProblem: null,
      replacing: null,
      replaceProblem: null,
      defaults: { visibility: 'team', groupIds: [] },
      ...data,
    },
    form,
    params: {},
  } as unknown as Props;
  return render(ImportPage, props);
}

describe('import page', () => {
  it('takes pasted text or a file in a multipart form that previews by default', () => {
    setup();

    const textarea = screen.getByLabelText<HTMLTextAreaElement>('Paste the briefing');
    const file = screen.getByLabelText<HTMLInputElement>('Or upload a file');
    const form = textarea.closest('form');
    expect(form?.getAttribute('method')?.toUpperCase()).toBe('POST');
    expect(form?.getAttribute('enctype')).toBe('multipart/form-data');
    expect(form?.getAttribute('action')).toBe('?/preview');
    expect(file.type).toBe('file');
    expect(file.accept).toBe('.txt,.md,.html,.htm,.json,.xml');
    expect(screen.getByLabelText<HTMLSelectElement>('Format').value).toBe('');
    expect(screen.getByRole('button', { name: 'Save briefing' }).getAttribute('formaction')).toBe(
      '?/save',
    );
    expect(screen.getByRole('radio', { name: 'Everyone on the team' })).toHaveProperty(
      'checked',
      true,
    );
    expect(screen.getByRole('checkbox', { name: /Leadership/ })).toBeTruthy();
  });

  it('shows the parsed structure after a preview, with a Save button for the same form', () => {
    setup({ step: 'preview', values, preview: [makeParsedBriefing()] });

    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByRole('heading', { level: 3 }).textContent).toBe(
      'Daily Sync: May 7, 2026',
    );
    expect(within(preview).getByText('Thursday, 7 May 2026')).toBeTruthy();
    expect(within(preview).getByText('The CTO')).toBeTruthy();
    expect(within(preview).getByText('daily-sync')).toBeTruthy();
    const sections = within(preview).getAllByRole('heading', { level: 4 });
    expect(sections.map((heading) => heading.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Tech News News items',
      'CTO Takeaway Takeaway',
    ]);
    expect(within(preview).getByText('AI infra meets energy and climate constraints')).toBeTruthy();
    expect(within(preview).getByText(/Where are your AI infra plans out of sync\?/)).toBeTruthy();
    expect(within(preview).getByText('2 paragraphs of prose')).toBeTruthy();

    const save = screen.getAllByRole('button', { name: 'Save briefing' })[0];
    expect(save?.getAttribute('form')).toBe('import-form');
    expect(save?.getAttribute('formaction')).toBe('?/save');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Paste the briefing').value).toBe(
      values.content,
    );
  });

  it('lists what a refused document lacked, keeping it in the box', () => {
    setup({
      step: 'preview',
      values: { ...values, content: 'just some words' },
      problem: {
        message: 'We couldn’t find: a title, a date.',
        detail: 'No title line or date was found: this does not look like a briefing.',
      },
    });

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('We couldn’t find: a title, a date.');
    expect(alert.textContent).toContain('this does not look like a briefing');
    expect(screen.queryByRole('region', { name: 'Preview' })).toBeNull();
    expect(screen.getByLabelText<HTMLTextAreaElement>('Paste the briefing').value).toBe(
      'just some words',
    );
  });

  it('says which briefing a re-import replaces, with its groups ticked', () => {
    setup(null, {
      replacing: {
        id: 'b1',
        slug: 'daily-sync-2026-05-07',
        title: 'Daily Sync: May 7, 2026',
        publishedOn: '2026-05-07',
      },
      defaults: { visibility: 'restricted', groupIds: ['g-lead'] },
    });

    expect(screen.getByText('Re-importing “Daily Sync: May 7, 2026”')).toBeTruthy();
    expect(screen.getByRole('radio', { name: /Only members of the groups/ })).toHaveProperty(
      'checked',
      true,
    );
    expect(screen.getByRole('checkbox', { name: /Leadership/ })).toHaveProperty('checked', true);
  });

  it('offers a web address as a second way in, posting to importUrl with the same audience', () => {
    setup();

    const address = screen.getByLabelText<HTMLInputElement>('Address of the page or feed');
    const importButton = screen.getByRole('button', { name: 'Import' });
    expect(address.name).toBe('url');
    expect(address.form?.id).toBe('import-form');
    expect(importButton.getAttribute('formaction')).toBe('?/importUrl');
    expect(importButton.closest('form')).toBe(address.form);
    expect(screen.getByRole('radio', { name: 'Everyone on the team' }).closest('form')).toBe(
      address.form,
    );
  });

  it('shows why an address was refused next to the field, keeping the address', () => {
    setup({
      step: 'url',
      values: { ...values, url: 'https://intranet.corp/brief' },
      urlProblem: {
        message:
          'That address is on a private network; Briefroom only fetches public pages (an admin can allow internal hosts with OUTBOUND_ALLOWLIST).',
        detail: 'intranet.corp resolves to a private address.',
      },
    });

    const address = screen.getByLabelText<HTMLInputElement>('Address of the page or feed');
    expect(address.value).toBe('https://intranet.corp/brief');
    expect(address.getAttribute('aria-invalid')).toBe('true');
    const problem = screen.getByRole('alert');
    expect(address.getAttribute('aria-describedby')?.split(' ')).toContain(problem.id);
    expect(problem.textContent).toContain('That address is on a private network');
    expect(problem.textContent).toContain('OUTBOUND_ALLOWLIST');
    expect(screen.queryByRole('region', { name: 'Preview' })).toBeNull();
  });

  it('asks to confirm the date of an undated document, sending it with the form', () => {
    setup({
      step: 'preview',
      values,
      preview: [
        makeParsedBriefing({
          title: 'Why grids are the new bottleneck',
          publishedOn: '2026-05-09',
          assumed: ['publishedOn', 'title', 'sections'],
        }),
      ],
    });

    const preview = screen.getByRole('region', { name: 'Preview' });
    const notes = within(preview).getByRole('list', { name: 'Not in the document' });
    expect(within(notes).getByText('No date found in the document.')).toBeTruthy();
    const date = within(notes).getByLabelText<HTMLInputElement>('Date of the briefing');
    expect(date.type).toBe('date');
    expect(date.name).toBe('publishedOn');
    expect(date.value).toBe('2026-05-09');
    // Outside the form in the page, but submitted with it (preview again, or save).
    expect(date.form?.id).toBe('import-form');
    const said = notes.textContent?.replace(/\s+/g, ' ');
    expect(said).toContain('made from its opening words; you can edit it after import');
    expect(said).toContain('The whole piece becomes one section, with a discussion on it');
    expect(screen.getAllByRole('button', { name: 'Save briefing' })).toHaveLength(2);
  });

  it('says nothing was assumed for a complete document, and carries a confirmed date on', () => {
    setup({
      step: 'save',
      values: { ...values, publishedOn: '2026-05-01' },
      problem: { message: 'x', detail: null },
    });

    expect(screen.queryByRole('list', { name: 'Not in the document' })).toBeNull();
    const form = screen.getByLabelText('Paste the briefing').closest('form');
    expect(new FormData(form ?? undefined).get('publishedOn')).toBe('2026-05-01');
  });

  it('shows what a re-import changes, linking the briefing it updates, and offers Update briefing', () => {
    setup({
      step: 'preview',
      values,
      preview: [
        makeParsedBriefing({
          changes: {
            briefingId: 'a1a2c3d4-0000-4000-8000-000000000001',
            slug: 'daily-sync-2026-05-07',
            itemsAdded: ['Grid capacity for AI', 'Chip export rules'],
            itemsRemoved: ['Old item'],
            itemsEdited: ['AI infra meets energy and climate constraints'],
            sectionsAdded: [],
            sectionsRemoved: [],
          },
        }),
      ],
    });

    const preview = screen.getByRole('region', { name: 'Preview' });
    const existing = within(preview).getByRole('link', { name: /the existing briefing/ });
    expect(existing.getAttribute('href')).toBe('/briefings/daily-sync-2026-05-07');
    expect(existing.closest('p')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'Updates the existing briefing (opens in a new tab): 2 items added, 1 removed, 1 edited.',
    );
    const details = within(preview).getByText('What changes').closest('details');
    expect(details?.open).toBe(false);
    expect(
      within(preview)
        .getAllByRole('listitem')
        .filter((item) => item.closest('details'))
        .map((item) => item.textContent),
    ).toEqual([
      'Grid capacity for AI',
      'Chip export rules',
      'Old item',
      'AI infra meets energy and climate constraints',
    ]);
    expect(within(details as HTMLElement).getByRole('list', { name: 'Items added' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Update briefing' })).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Save briefing' })).toBeNull();
  });

  it('keeps Save briefing for a document that creates a new briefing', () => {
    setup({ step: 'preview', values, preview: [makeParsedBriefing({ changes: null })] });

    expect(screen.queryByText(/Updates/)).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Save briefing' })).toHaveLength(2);
  });

  it('keeps restricting impossible while there are no groups', () => {
    setup(null, { groups: [] });

    expect(screen.getByRole('radio', { name: /Only members of the groups/ })).toHaveProperty(
      'disabled',
      true,
    );
    expect(screen.getByText(/There are no groups yet/)).toBeTruthy();
  });
});
