import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { makeUser } from '$lib/testing/factories';
import SynonymsPage from './+page.svelte';

type Props = Parameters<typeof SynonymsPage>[1];

function show(synonyms: string[][], form: unknown = null) {
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: { user: makeUser({ role: 'admin' }), synonyms },
    form,
    params: {},
  } as unknown as Props;
  render(SynonymsPage, props);
}

function groupInputs(): HTMLInputElement[] {
  return screen.getAllByRole<HTMLInputElement>('textbox', { name: /^Synonym group \d+$/ });
}

describe('search synonyms page', () => {
  it('shows each stored group as one row of comma-separated terms in a form that saves', () => {
    show([
      ['k8s', 'kubernetes'],
      ['ai', 'artificial intelligence'],
    ]);

    const inputs = groupInputs();
    expect(inputs.map((input) => [input.name, input.value])).toEqual([
      ['group', 'k8s, kubernetes'],
      ['group', 'ai, artificial intelligence'],
    ]);
    const form = inputs[0]?.closest('form');
    expect(form?.getAttribute('method')).toBe('POST');
    expect(form?.getAttribute('action')).toBe('?/save');
    // The first submit button is Save, so Enter in a row saves the list.
    expect(form?.querySelector('button[type="submit"]')?.textContent).toBe('Save synonyms');
  });

  it('offers an empty row when there are no groups yet', () => {
    show([]);

    expect(groupInputs().map((input) => input.value)).toEqual(['']);
  });

  it('marks the refused rows with their sentence, keeping what was typed', () => {
    show([['k8s', 'kubernetes']], {
      rows: ['k8s, kubernetes', 'Kubernetes'],
      rowErrors: { 1: 'Give at least two terms, separated by commas.' },
      message: 'One group needs fixing before the list can be saved: see the marked row.',
    });

    const [good, bad] = groupInputs();
    expect(good?.getAttribute('aria-invalid')).toBeNull();
    expect(bad?.value).toBe('Kubernetes');
    expect(bad?.getAttribute('aria-invalid')).toBe('true');
    const described = document.getElementById(bad?.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe('Give at least two terms, separated by commas.');
    expect(screen.getByRole('alert').textContent).toContain('One group needs fixing');
  });

  it('says a saved list is not applied yet when search is unavailable', () => {
    show([['k8s', 'kubernetes']], {
      warning: 'The synonyms are saved, but search is unavailable.',
    });

    expect(screen.getByRole('status').textContent).toBe(
      'The synonyms are saved, but search is unavailable.',
    );
  });

  it('adds and removes rows in the page, keeping what was typed in the others', async () => {
    show([
      ['k8s', 'kubernetes'],
      ['ai', 'ml'],
    ]);
    const [first] = groupInputs();
    if (first) await fireEvent.input(first, { target: { value: 'k8s, kubernetes, kube' } });

    const add = screen.getByRole('button', { name: 'Add a group' });
    expect(add.getAttribute('formaction')).toBe('?/addRow');
    await fireEvent.click(add);
    await tick();
    expect(groupInputs().map((input) => input.value)).toEqual([
      'k8s, kubernetes, kube',
      'ai, ml',
      '',
    ]);
    expect(document.activeElement).toBe(groupInputs()[2]);

    const remove = screen.getByRole('button', { name: 'Remove synonym group 2' });
    expect(remove.getAttribute('formaction')).toBe('?/removeRow');
    expect(remove.getAttribute('value')).toBe('1');
    await fireEvent.click(remove);
    await tick();
    expect(groupInputs().map((input) => input.value)).toEqual(['k8s, kubernetes, kube', '']);
  });
});
