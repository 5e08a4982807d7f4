import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Comment, Thread } from '$lib/api/types';
import { realtimeContext } from '$lib/realtime/realtime';
import { makeComment, makePerson, makeThread } from '$lib/testing/factories';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import ThreadDiscussion from './ThreadDiscussion.svelte';
import type { FormFailure } from './thread-page.svelte';

const ME = makePerson({ id: 'me-id', displayName: 'Ada Lovelace', handle: 'ada' });
const MIA = makePerson({ id: 'mia-id', displayName: 'Mia Chen', handle: 'mia' });

interface Options {
  thread?: Partial<Thread>;
  comments?: Comment[];
  role?: 'viewer' | 'member' | 'editor';
  failure?: FormFailure | null;
  /** What the address asked for, e.g. `?react=<id>` without JavaScript. */
  react?: string | null;
}

function setup({
  thread = {},
  comments = [],
  role = 'member',
  failure = null,
  react = null,
}: Options = {}) {
  const realtime = new FakeRealtime();
  const lastSeq = thread.lastSeq ?? Math.max(0, ...comments.map((comment) => comment.seq));
  const result = render(ThreadDiscussion, {
    props: {
      input: {
        page: {
          thread: makeThread({ lastSeq, commentCount: comments.length, ...thread }),
          comments,
          nextAfterSeq: null,
        },
        viewer: { id: ME.id, canDiscuss: role !== 'viewer', canModerate: role === 'editor' },
        requested: { reply: null, quote: false, edit: null, remove: null, react },
        history: null,
        replyDraftKey: 'reply-key',
        failure,
        now: Date.parse('2026-05-07T10:00:00Z'),
      },
      draftKey: 'draft-key',
      pagesLoaded: 1,
      failure,
    },
    context: realtimeContext(realtime),
  });
  return { realtime, ...result };
}

function article(text: string): HTMLElement {
  return screen.getByText(text).closest('article') as HTMLElement;
}

beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
  vi.stubGlobal(
    'fetch',
    vi.fn(() => new Promise<Response>(() => undefined)),
  );
});

afterEach(() => vi.unstubAllGlobals());

describe('thread page, live', () => {
  it('joins the thread from the last seq it has, and leaves it when closed', () => {
    const { realtime, unmount } = setup({ thread: { lastSeq: 7 } });

    expect(realtime.joins).toEqual([{ threadId: makeThread().id, sinceSeq: 7 }]);
    unmount();
    expect(realtime.leaves).toEqual([makeThread().id]);
    expect(realtime.listenerCount('comment.created')).toBe(0);
  });

  it('shows a reply that arrives live under its parent, once, and announces it', async () => {
    const parent = makeComment({ seq: 1, body: 'Parent', bodyHtml: '<p>Parent</p>', author: ME });
    const { realtime } = setup({ comments: [parent] });
    const reply = makeComment({
      seq: 2,
      parentId: parent.id,
      bodyHtml: '<p>Live reply</p>',
      author: MIA,
    });

    realtime.serverSends('comment.created', { threadId: parent.threadId, seq: 2, comment: reply });
    realtime.serverSends('comment.created', { threadId: parent.threadId, seq: 2, comment: reply });
    await tick();

    expect(screen.getAllByText('Live reply')).toHaveLength(1);
    const replyArticle = article('Live reply');
    expect(replyArticle.closest('ol.replies')?.closest('li')?.querySelector('article')).toBe(
      article('Parent'),
    );
    expect(screen.getByText('New comment from Mia Chen.')).toBeTruthy();
    expect(screen.getByText('2 comments')).toBeTruthy();
  });

  it('ignores events of other threads', async () => {
    const { realtime } = setup();

    realtime.serverSends('comment.created', {
      threadId: 'another-thread',
      seq: 1,
      comment: makeComment({ seq: 1, bodyHtml: '<p>Elsewhere</p>' }),
    });
    await tick();

    expect(screen.queryByText('Elsewhere')).toBeNull();
  });

  it('asks the server to replay from its last seq when an event skips ahead, and applies nothing early', async () => {
    const { realtime } = setup({ comments: [makeComment({ seq: 1 })] });
    const threadId = makeThread().id;
    await tick(); // the first join has been answered

    realtime.serverSends('comment.created', {
      threadId,
      seq: 3,
      comment: makeComment({ seq: 3, bodyHtml: '<p>Third</p>' }),
    });
    await tick();

    expect(screen.queryByText('Third')).toBeNull();
    expect(realtime.joins.at(-1)).toEqual({ threadId, sinceSeq: 1 });
    expect(realtime.joins).toHaveLength(2);
  });

  it('shows Reconnecting… while disconnected and re-joins from the last seq applied', async () => {
    const { realtime } = setup({ comments: [makeComment({ seq: 1 })] });
    const threadId = makeThread().id;
    realtime.serverSends('comment.created', { threadId, seq: 2, comment: makeComment({ seq: 2 }) });

    realtime.setStatus('reconnecting');
    await tick();
    expect(screen.getByRole('status').textContent).toMatch(/Reconnecting…/);

    realtime.setStatus('connected');
    await tick();
    expect(screen.getByRole('status').textContent?.trim()).toBe('');
    await waitFor(() => expect(realtime.joins.at(-1)).toEqual({ threadId, sinceSeq: 2 }));
  });

  it('says so when the server takes the viewer out of the thread, and stops re-joining it', async () => {
    const { realtime } = setup({ comments: [makeComment({ seq: 1 })] });
    const threadId = makeThread().id;
    await tick();
    realtime.serverSends('access:revoked', { room: 'thread:another-thread' });
    await tick();
    expect(screen.getByRole('status').textContent?.trim()).toBe('');

    realtime.serverSends('access:revoked', { room: `thread:${threadId}` });
    await tick();
    expect(screen.getByRole('status').textContent).toMatch(/no longer have access/);
    const joins = realtime.joins.length;
    realtime.setStatus('reconnecting');
    realtime.setStatus('connected');
    await tick();
    expect(realtime.joins).toHaveLength(joins);
  });

  it('asks the viewer to sign in again when the session ends, not when the socket was only throttled', async () => {
    const { realtime } = setup();
    realtime.serverSends('session:ended', { code: 'RATE_LIMITED', message: 'Too many events.' });
    await tick();
    expect(screen.getByRole('status').textContent?.trim()).toBe('');

    realtime.serverSends('session:ended', { code: 'SESSION_ENDED', message: 'Sign in again.' });
    await tick();
    const link = within(screen.getByRole('status')).getByRole('link', { name: 'Sign in again' });
    expect(link.getAttribute('href')).toBe(
      `/login?next=${encodeURIComponent(`/threads/${makeThread().id}`)}`,
    );
  });

  it('shows how many are reading and who is typing (not the viewer)', async () => {
    const { realtime } = setup();
    const threadId = makeThread().id;

    realtime.serverSends('presence', { threadId, readers: 4 });
    realtime.serverSends('typing', { threadId, user: { id: MIA.id, displayName: 'Mia Chen' } });
    realtime.serverSends('typing', { threadId, user: { id: ME.id, displayName: 'Ada Lovelace' } });
    await tick();

    expect(screen.getByText('4 reading')).toBeTruthy();
    expect(screen.getByText('Mia Chen is typing…')).toBeTruthy();
  });

  it('takes a state change with its outcome from the live stream', async () => {
    // The viewer started the thread, so they may reopen it.
    const { realtime } = setup({ thread: { lastSeq: 4, createdBy: ME.id } });

    realtime.serverSends('thread.updated', {
      threadId: makeThread().id,
      seq: 5,
      thread: { state: 'resolved', outcome: 'Move training to the hydro region.' },
    });
    await tick();

    const outcome = screen.getByRole('region', { name: 'Outcome' });
    expect(outcome.textContent).toContain('Move training to the hydro region.');
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeTruthy();
  });
});

describe('thread page, comments', () => {
  it('keeps a deleted comment as [deleted], without its actions, with its replies under it', () => {
    const gone = makeComment({
      seq: 1,
      body: null,
      bodyHtml: null,
      deletedAt: '2026-05-07T09:45:00Z',
      author: MIA,
    });
    const reply = makeComment({
      seq: 2,
      parentId: gone.id,
      bodyHtml: '<p>Still here</p>',
      author: ME,
    });
    setup({ comments: [gone, reply] });

    const tombstone = screen.getByText('[deleted]').closest('article') as HTMLElement;
    expect(within(tombstone).queryByText('Mia Chen')).toBeNull();
    expect(within(tombstone).queryByRole('button', { name: /Reply/ })).toBeNull();
    expect(within(tombstone).queryByRole('button', { name: /👍|Add a reaction/ })).toBeNull();
    const replies = tombstone.closest('li')?.querySelector('ol.replies') as HTMLElement;
    expect(within(replies).getByText('Still here')).toBeTruthy();
  });

  it('marks what arrived since the last visit, not the viewer’s own comments', () => {
    setup({
      thread: { lastReadSeq: 1, lastSeq: 3 },
      comments: [
        makeComment({ seq: 1, bodyHtml: '<p>Seen</p>', author: MIA }),
        makeComment({ seq: 2, bodyHtml: '<p>Unseen</p>', author: MIA }),
        makeComment({ seq: 3, bodyHtml: '<p>Mine</p>', author: ME }),
      ],
    });

    expect(screen.getByText(/since your last visit/).textContent).toMatch(
      /^1 new since your last visit/,
    );
    expect(article('Unseen').classList.contains('new')).toBe(true);
    expect(article('Seen').classList.contains('new')).toBe(false);
    expect(article('Mine').classList.contains('new')).toBe(false);
  });

  it('shows reactions as toggles, pressed for the viewer’s own, and flips one at once when pressed', async () => {
    setup({
      comments: [
        makeComment({
          seq: 1,
          bodyHtml: '<p>React to me</p>',
          author: MIA,
          reactions: [
            { emoji: '+1', count: 2, userIds: ['someone', ME.id] },
            { emoji: 'rocket', count: 1, userIds: ['someone'] },
          ],
        }),
      ],
    });
    const comment = article('React to me');
    const thumbs = within(comment).getByRole('button', { name: 'thumbs up: 2, including you' });
    const rocket = within(comment).getByRole('button', { name: 'rocket: 1' });
    expect(thumbs.getAttribute('aria-pressed')).toBe('true');
    expect(rocket.getAttribute('aria-pressed')).toBe('false');
    expect(rocket.textContent).toContain('🚀');

    await fireEvent.click(rocket);

    const pressed = await within(comment).findByRole('button', {
      name: 'rocket: 2, including you',
    });
    expect(pressed.getAttribute('aria-pressed')).toBe('true');
    const [, init] = vi.mocked(fetch).mock.calls.at(-1) as [URL, RequestInit];
    const sent = new URLSearchParams(init.body as URLSearchParams | string);
    expect(sent.get('reaction')).toBe('rocket|on');
  });

  it('renders the reaction choices only when asked for, one comment at a time', async () => {
    setup({
      comments: [
        makeComment({ seq: 1, bodyHtml: '<p>First</p>', author: MIA }),
        makeComment({ seq: 2, bodyHtml: '<p>Second</p>', author: MIA }),
      ],
    });
    const first = article('First');
    const second = article('Second');
    // Not in every comment's markup: eight buttons per comment made long threads heavy.
    expect(within(first).queryByRole('group', { name: 'Reactions' })).toBeNull();
    const open = within(first).getByRole('button', { name: 'Add a reaction' });
    expect(open.getAttribute('aria-expanded')).toBe('false');

    await fireEvent.click(open);
    const choices = within(first).getByRole('group', { name: 'Reactions' });
    expect(within(choices).getAllByRole('button')).toHaveLength(8);
    expect(open.getAttribute('aria-expanded')).toBe('true');

    await fireEvent.click(within(second).getByRole('button', { name: 'Add a reaction' }));
    expect(within(first).queryByRole('group', { name: 'Reactions' })).toBeNull();
    expect(within(second).getByRole('group', { name: 'Reactions' })).toBeTruthy();

    // Choosing one closes them.
    await fireEvent.click(within(second).getByRole('button', { name: 'party' }));
    expect(within(second).queryByRole('group', { name: 'Reactions' })).toBeNull();
  });

  it('shows the reaction choices of the comment the address names (?react=<id>, no JavaScript)', () => {
    const named = makeComment({ seq: 1, bodyHtml: '<p>Named</p>', author: MIA });
    setup({
      comments: [named, makeComment({ seq: 2, bodyHtml: '<p>Other</p>', author: MIA })],
      react: named.id,
    });

    const choices = within(article('Named')).getByRole('group', { name: 'Reactions' });
    // Each choice is a submit button of the comment's react form.
    const party = within(choices).getByRole('button', { name: 'party' });
    expect(party.getAttribute('type')).toBe('submit');
    expect(party.getAttribute('value')).toBe('tada|on');
    expect(party.closest('form')?.getAttribute('action')).toBe('?/react');
    expect(within(article('Other')).queryByRole('group', { name: 'Reactions' })).toBeNull();
  });

  it('folds replies deeper than four levels behind "Continue this thread"', () => {
    const chain: Comment[] = [];
    for (let seq = 1; seq <= 6; seq++) {
      chain.push(
        makeComment({ seq, parentId: chain.at(-1)?.id ?? null, bodyHtml: `<p>Level ${seq}</p>` }),
      );
    }
    setup({ comments: chain });

    const fold = screen.getByText('Continue this thread (2 replies)').closest('details');
    expect(fold?.open).toBe(false);
    expect(fold?.querySelector('article')?.textContent).toContain('Level 5');
    expect(screen.getByText('Level 4').closest('article')?.closest('details')?.open).toBe(true);
  });

  it('lets authors edit and delete their comments; others only reply', () => {
    setup({
      comments: [
        makeComment({ seq: 1, bodyHtml: '<p>By me</p>', author: ME }),
        makeComment({ seq: 2, bodyHtml: '<p>By Mia</p>', author: MIA }),
      ],
    });

    expect(within(article('By me')).getByRole('button', { name: /^Edit comment/ })).toBeTruthy();
    expect(within(article('By Mia')).queryByRole('button', { name: /^Edit comment/ })).toBeNull();
    expect(
      within(article('By Mia')).getByRole('button', { name: 'Reply to Mia Chen' }),
    ).toBeTruthy();
  });

  it('gives viewers reading only: no reply, no state controls, a disabled composer', () => {
    setup({
      role: 'viewer',
      comments: [makeComment({ seq: 1, bodyHtml: '<p>Read me</p>', author: MIA })],
    });

    expect(within(article('Read me')).queryByRole('button', { name: /Reply/ })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Thread state' })).toBeNull();
    expect(
      screen.getByRole('textbox', { name: 'Add to the discussion' }).matches(':disabled'),
    ).toBe(true);
  });

  it('opens a reply box with the quoted comment for Quote', async () => {
    setup({
      comments: [
        makeComment({ seq: 1, body: 'Ship it\nnow', bodyHtml: '<p>Ship it</p>', author: MIA }),
      ],
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Quote Mia Chen in a reply' }));

    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Reply to Mia Chen' });
    expect(box.value).toBe('> Ship it\n> now\n\n');
  });

  it('reopens a reply that failed without JavaScript, with its text, its key and the reason', () => {
    const parent = makeComment({ seq: 1, bodyHtml: '<p>Parent</p>', author: MIA });
    setup({
      comments: [parent],
      failure: {
        form: 'comment',
        parentId: parent.id,
        body: 'My reply',
        idempotencyKey: 'key-from-first-try',
        message: 'You are posting too fast.',
      },
    });

    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Reply to Mia Chen' });
    expect(box.value).toBe('My reply');
    const form = box.closest('form') as HTMLFormElement;
    expect(new FormData(form).get('idempotencyKey')).toBe('key-from-first-try');
    expect(within(form).getByRole('alert').textContent).toBe('You are posting too fast.');
    // The main composer stays empty.
    expect(
      screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Add to the discussion' }).value,
    ).toBe('');
  });
});
