import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeUser } from '$lib/testing/factories';
import type { Role } from '$lib/roles';
import { realtimeContext } from '$lib/realtime/realtime';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import AppHeader from './AppHeader.svelte';

function setup(props: { role?: Role; currentPath?: string; unreadCount?: number | null } = {}) {
  const user = makeUser({
    displayName: 'Grace Hopper',
    email: 'grace@example.com',
    role: props.role ?? 'member',
  });
  render(AppHeader, {
    props: {
      user,
      currentPath: props.currentPath ?? '/briefings',
      unreadCount: props.unreadCount ?? 0,
    },
    context: realtimeContext(new FakeRealtime()),
  });
  return { user };
}

describe('AppHeader', () => {
  it('names the product and offers its sections', () => {
    setup();

    expect(screen.getByRole('link', { name: 'Briefroom' }).getAttribute('href')).toBe('/briefings');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => [link.textContent?.trim(), link.getAttribute('href')])).toEqual([
      ['Briefings', '/briefings'],
      ['Discussions', '/discussions'],
      ['Actions', '/actions'],
      ['Decisions', '/decisions'],
      ['Search', '/search'],
    ]);
  });

  it('marks the section of the current page, including its sub-pages', () => {
    setup({ currentPath: '/actions/42' });

    expect(screen.getByRole('link', { name: 'Actions' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Briefings' }).hasAttribute('aria-current')).toBe(
      false,
    );
  });

  it('offers a quick search box that is a plain GET form to /search?q=', () => {
    setup({ currentPath: '/decisions' });

    const search = screen.getByRole('search');
    expect(search.getAttribute('method')?.toUpperCase()).toBe('GET');
    expect(search.getAttribute('action')).toBe('/search');
    // A combobox once enhanced (see SearchBox.test.ts); still a text field named q.
    const box = within(search).getByRole('combobox', { name: 'Search Briefroom' });
    expect(box.getAttribute('name')).toBe('q');
    expect(within(search).getByRole('button', { name: 'Search' })).toBeTruthy();
  });

  it('has a notification bell with the unread count, marked current on its page', () => {
    setup({ unreadCount: 4, currentPath: '/notifications' });

    const bell = screen.getByRole('link', { name: 'Notifications, 4 unread' });
    expect(bell.getAttribute('href')).toBe('/notifications');
    expect(bell.getAttribute('aria-current')).toBe('page');
  });

  it('marks Discussions current on a thread page', () => {
    setup({ currentPath: '/threads/e1a2c3d4-0000-4000-8000-000000000001' });

    expect(screen.getByRole('link', { name: 'Discussions' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('leaves searching to the search page itself when it is shown', () => {
    setup({ currentPath: '/search' });

    expect(screen.queryByRole('search')).toBeNull();
    expect(screen.getByRole('link', { name: 'Search' }).getAttribute('aria-current')).toBe('page');
  });

  it('keeps the quick search box on the saved searches page, which has none of its own', () => {
    setup({ currentPath: '/search/saved' });

    expect(screen.getByRole('combobox', { name: 'Search Briefroom' })).toBeTruthy();
  });
});

describe('AccountMenu', () => {
  it('shows who is signed in and their role in a disclosure that works without JavaScript', () => {
    setup({ role: 'editor' });

    const summary = screen.getAllByText('Grace Hopper')[0]?.closest('summary');
    expect(summary).not.toBeNull();
    expect(summary?.parentElement?.tagName).toBe('DETAILS');
    expect(within(summary as HTMLElement).getByText('Editor')).toBeTruthy();
  });

  it('links to Account, hides administration from non-admins, and signs out with a POST form', () => {
    setup({ role: 'editor' });

    expect(screen.getByRole('link', { name: 'Account', hidden: true }).getAttribute('href')).toBe(
      '/account',
    );
    expect(screen.queryByRole('link', { name: 'Users', hidden: true })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Groups', hidden: true })).toBeNull();
    const signOut = screen.getByRole('button', { name: 'Sign out', hidden: true });
    const form = signOut.closest('form');
    expect(form?.getAttribute('method')?.toUpperCase()).toBe('POST');
    expect(form?.getAttribute('action')).toBe('/logout');
  });

  it('links admins to user and group administration', () => {
    setup({ role: 'admin' });

    expect(screen.getByRole('link', { name: 'Users', hidden: true }).getAttribute('href')).toBe(
      '/admin/users',
    );
    expect(screen.getByRole('link', { name: 'Groups', hidden: true }).getAttribute('href')).toBe(
      '/admin/groups',
    );
  });
});
