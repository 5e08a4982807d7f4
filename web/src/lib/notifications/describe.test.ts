import { describe, expect, it } from 'vitest';
import type { Notification } from '$lib/api/types';
import { makeNotification } from '$lib/testing/factories';
import { describeNotification } from './describe';
import {
  makeActionReminder,
  makeFutureNotification,
  makeReviewReminder,
  makeSavedSearchAlert,
} from './test-factories';

/** 31 May 2026, mid-morning UTC: the day before the factories' due date. */
const NOW = Date.UTC(2026, 4, 31, 9, 30);

const describeAt = (notification: Notification) => describeNotification(notification, NOW);

describe(describeNotification.name, () => {
  it.each([
    [
      'mention',
      'Mentioned you',
      'mention',
      'Mia Chen mentioned you in “Where are your AI infra plans?”',
    ],
    [
      'reply',
      'Replied to you',
      'reply',
      'Mia Chen replied to you in “Where are your AI infra plans?”',
    ],
    [
      'activity',
      'New comment',
      'comment',
      'Mia Chen commented in “Where are your AI infra plans?”',
    ],
  ] as const)('%s: who did it, where, and a link to the comment', (kind, label, icon, text) => {
    const about = describeAt(makeNotification({ kind }));

    expect(about).toMatchObject({ label, icon, tone: 'people', text });
    expect(about.href).toBe(
      '/threads/e1a2c3d4-0000-4000-8000-000000000001#comment-c0000000-0000-4000-8000-000000000001',
    );
    expect(about.subject).toBe('Where are your AI infra plans?');
    expect(about.parts.find((part) => part.role === 'actor')?.text).toBe('Mia Chen');
    expect(about.parts.find((part) => part.role === 'subject')?.text).toBe(about.subject);
  });

  it('a thread notification without a comment or an actor links to the thread, from "Someone"', () => {
    const about = describeAt(makeNotification({ kind: 'activity', commentId: null, actor: null }));

    expect(about.text).toBe('Someone commented in “Where are your AI infra plans?”');
    expect(about.href).toBe('/threads/e1a2c3d4-0000-4000-8000-000000000001');
  });

  it('a thread kind that lost its thread still reads as a sentence, without a link', () => {
    const about = describeAt(makeNotification({ kind: 'mention', thread: null }));

    expect(about.text).toBe('Mia Chen mentioned you in a discussion');
    expect(about.href).toBeNull();
  });

  it('action.due_soon says today, tomorrow or the date, and links to the action', () => {
    const tomorrow = describeAt(makeActionReminder('action.due_soon'));
    expect(tomorrow).toMatchObject({
      label: 'Due soon',
      icon: 'due',
      tone: 'reminder',
      text: '“Confirm the grid connection date” is due tomorrow (1 Jun 2026)',
      subject: 'Confirm the grid connection date',
      href: '/actions/aa000000-0000-4000-8000-000000000001',
    });

    expect(describeAt(makeActionReminder('action.due_soon', { dueOn: '2026-05-31' })).text).toBe(
      '“Confirm the grid connection date” is due today (31 May 2026)',
    );
    // Read days later, the old reminder does not claim the date is still ahead.
    expect(describeAt(makeActionReminder('action.due_soon', { dueOn: '2026-05-20' })).text).toBe(
      '“Confirm the grid connection date” was due 20 May 2026',
    );
    expect(describeAt(makeActionReminder('action.due_soon', { dueOn: '2026-06-05' })).text).toBe(
      '“Confirm the grid connection date” is due 5 Jun 2026',
    );
    expect(describeAt(makeActionReminder('action.due_soon', { dueOn: null })).text).toBe(
      '“Confirm the grid connection date” is due soon',
    );
  });

  it('action.overdue says since when, and that it was finished since', () => {
    expect(describeAt(makeActionReminder('action.overdue', { dueOn: '2026-05-29' }))).toMatchObject(
      {
        label: 'Overdue',
        icon: 'overdue',
        tone: 'urgent',
        text: '“Confirm the grid connection date” is overdue (due 29 May 2026)',
        href: '/actions/aa000000-0000-4000-8000-000000000001',
      },
    );
    expect(
      describeAt(makeActionReminder('action.overdue', { dueOn: '2026-05-29', status: 'done' }))
        .text,
    ).toBe('“Confirm the grid connection date” is overdue (due 29 May 2026), now done');
  });

  it('action.changed names who changed which action, and links to it', () => {
    // As the API sends it: the acting user, the action as it is now, no thread.
    const changed = makeNotification({
      kind: 'action.changed',
      thread: null,
      commentId: null,
      action: {
        id: 'aa000000-0000-4000-8000-000000000007',
        title: 'Confirm the grid connection date',
        dueOn: '2026-06-01',
        status: 'blocked',
      },
      decision: null,
    });
    const about = describeAt({
      ...changed,
      actor: { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Ada', handle: 'ada' },
    });

    expect(about).toMatchObject({
      label: 'Action changed',
      tone: 'people',
      text: 'Ada changed “Confirm the grid connection date”',
      subject: 'Confirm the grid connection date',
      href: '/actions/aa000000-0000-4000-8000-000000000007',
    });
    expect(about.parts.find((part) => part.role === 'actor')?.text).toBe('Ada');
    expect(about.parts.find((part) => part.role === 'subject')?.text).toBe(about.subject);
    expect(describeAt({ ...changed, actor: null }).text).toBe(
      'Someone changed “Confirm the grid connection date”',
    );
    expect(describeAt({ ...changed, action: null })).toMatchObject({
      text: 'Mia Chen changed an action you follow',
      href: null,
    });
  });

  it('decision.review_due names the decision and its review date, and links to it', () => {
    expect(describeAt(makeReviewReminder())).toMatchObject({
      label: 'Review due',
      icon: 'review',
      tone: 'reminder',
      text: 'Review due: “Site the next cluster where the grid can take it” (review by 31 May 2026)',
      subject: 'Site the next cluster where the grid can take it',
      href: '/decisions/dd000000-0000-4000-8000-000000000001',
    });
    expect(describeAt(makeReviewReminder({ reviewBy: null })).text).toBe(
      'Review due: “Site the next cluster where the grid can take it”',
    );
  });

  it('saved_search links to the search with its filters too', () => {
    const alert = makeSavedSearchAlert();
    const about = describeAt({
      ...alert,
      savedSearch: { ...alert.savedSearch!, filters: { type: 'item,action', tags: 'energy' } },
    });
    const params = new URL(about.href ?? '', 'http://app.test').searchParams;
    expect(Object.fromEntries(params)).toEqual({
      q: 'grid power & cooling',
      type: 'item,action',
      tags: 'energy',
    });
  });

  it('saved_search counts the new results and links to the search with its words', () => {
    const about = describeAt(makeSavedSearchAlert());

    expect(about).toMatchObject({
      label: 'Saved search',
      icon: 'search',
      tone: 'alert',
      text: '3 new results for your saved search “Grid power”',
      subject: 'Grid power',
    });
    expect(about.href).toBe('/search?q=grid+power+%26+cooling');
    expect(new URL(about.href ?? '', 'http://app.test').searchParams.get('q')).toBe(
      'grid power & cooling',
    );
    expect(describeAt(makeSavedSearchAlert({ newHits: 1 })).text).toBe(
      '1 new result for your saved search “Grid power”',
    );
    expect(describeAt(makeSavedSearchAlert({ newHits: 0 })).text).toBe(
      'New results for your saved search “Grid power”',
    );
  });

  it.each([
    ['action.due_soon', 'An action of yours is due soon'],
    ['action.overdue', 'An action of yours is overdue'],
    ['decision.review_due', 'A decision is due for review'],
    ['saved_search', 'New results for a saved search'],
  ] as const)('%s without its subject reads as a sentence without a link', (kind, text) => {
    const about = describeAt(
      makeNotification({ kind, thread: null, commentId: null, actor: null }),
    );

    expect(about.text).toBe(text);
    expect(about.href).toBeNull();
  });

  it('escapes ids in links', () => {
    const about = describeAt(makeActionReminder('action.overdue', { id: 'a/b?c' }));

    expect(about.href).toBe('/actions/a%2Fb%3Fc');
  });

  describe('a kind this app does not know yet', () => {
    it('with nothing it points at: a generic line, no link', () => {
      const about = describeAt(makeFutureNotification());

      expect(about).toMatchObject({
        label: 'Notification',
        icon: 'bell',
        tone: 'neutral',
        text: 'You have a new notification',
        href: null,
      });
    });

    it('about a thread, with an actor: names both and links to the thread', () => {
      const about = describeAt(
        makeFutureNotification({
          thread: { id: 't1', title: 'Cooling budget' },
          actor: makeNotification().actor,
        }),
      );

      expect(about.text).toBe('Mia Chen · Update on “Cooling budget”');
      expect(about.href).toBe('/threads/t1');
    });

    it.each([
      [
        { action: { id: 'a1', title: 'Ship it', dueOn: null, status: 'open' } },
        '/actions/a1',
        'Update on “Ship it”',
      ],
      [
        { decision: { id: 'd1', title: 'Go north', reviewBy: null } },
        '/decisions/d1',
        'Update on “Go north”',
      ],
      [
        { savedSearch: { id: 's1', name: 'Chips', query: 'chips', filters: {}, newHits: 2 } },
        '/search?q=chips',
        'Update on “Chips”',
      ],
    ])('about %o: links to it', (subject, href, text) => {
      const about = describeAt(makeFutureNotification(subject));

      expect(about.href).toBe(href);
      expect(about.text).toBe(text);
    });

    it('never throws on a half-formed notification', () => {
      const odd = { id: 'x', kind: 'weird', createdAt: 'nope', readAt: null } as unknown;

      expect(describeAt(odd as Notification).text).toBe('You have a new notification');
    });
  });
});
