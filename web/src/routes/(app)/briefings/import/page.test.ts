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

  it('keeps restricting impossible while there are no groups', () => {
    setup(null, { groups: [] });

    expect(screen.getByRole('radio', { name: /Only members of the groups/ })).toHaveProperty(
      'disabled',
      true,
    );
    expect(screen.getByText(/There are no groups yet/)).toBeTruthy();
  });
});
