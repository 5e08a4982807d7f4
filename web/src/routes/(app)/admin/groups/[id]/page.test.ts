import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeGroup, makeUser } from '$lib/testing/factories';
import GroupPage from './+page.svelte';

type Props = Parameters<typeof GroupPage>[1];

const group = makeGroup({ id: 'g-lead', name: 'Leadership', memberCount: 2 });
const people = [
  makeUser({ id: 'u-ada', displayName: 'Ada Lovelace' }),
  makeUser({ id: 'u-alan', displayName: 'Alan Turing', email: 'alan@example.com', active: false }),
];

function setup(confirmingDelete: boolean) {
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: {
      user: makeUser({ role: 'admin' }),
      group,
      people,
      memberIds: ['u-alan'],
      confirmingDelete,
      notice: null,
    },
    form: null,
    params: { id: group.id },
  } as unknown as Props;
  render(GroupPage, props);
}

describe('group page', () => {
  it('ticks the current members in a checkbox list, marking deactivated accounts', () => {
    setup(false);

    expect(screen.getByRole('checkbox', { name: /Ada Lovelace/ })).toHaveProperty('checked', false);
    const alan = screen.getByRole('checkbox', { name: /Alan Turing/ });
    expect(alan).toHaveProperty('checked', true);
    expect(alan.getAttribute('name')).toBe('userIds');
    expect(screen.getByText('alan@example.com · deactivated')).toBeTruthy();
  });

  it('asks before deleting: first a link, then a POST button that says what changes', () => {
    setup(false);
    expect(screen.queryByRole('button', { name: 'Delete group' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Delete group…' }).getAttribute('href')).toBe(
      '/admin/groups/g-lead?delete',
    );
  });

  it('shows the confirmation with what members lose', () => {
    setup(true);

    expect(screen.getByText(/Its 2 members lose access to restricted briefings/)).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Delete group' });
    expect(button.closest('form')?.getAttribute('action')).toBe('?/delete');
  });
});
