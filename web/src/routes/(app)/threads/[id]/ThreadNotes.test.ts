import { render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Decision } from '$lib/api/types';
import { makeDecision } from '$lib/actions/test-factories';
import { markdownToPlainText } from '$lib/markdown/plain-text';
import type { Comment, Thread, ThreadNote } from '$lib/api/types';
import { realtimeContext } from '$lib/realtime/realtime';
import { makeComment, makePerson, makeThread } from '$lib/testing/factories';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import ThreadDiscussion from './ThreadDiscussion.svelte';

const ME = makePerson({ id: 'me-id', displayName: 'Ada Lovelace', handle: 'ada' });
const THREAD_ID = makeThread().id;
const ACTION_ID = 'aa000000-0000-4000-8000-000000000001';

function note(seq: number, overrides: Partial<ThreadNote> = {}): ThreadNote {
  return {
    threadId: THREAD_ID,
    seq,
    kind: 'action.status',
    actionId: ACTION_ID,
    title: 'Review vendor exposure',
    from: 'open',
    to: 'done',
    by: { id: 'ada-id', displayName: 'Ada' },
    at: '2026-05-07T09:58:00.000Z',
    ...overrides,
  };
}

const accepted = (overrides: Partial<Decision> = {}) =>
  makeDecision({
    status: 'accepted',
    title: 'Grid first',
    statement: 'New clusters go only where a grid connection date is confirmed.',
    decidedBy: { id: 'ada-id', displayName: 'Ada Lovelace' },
    decidedOn: '2026-05-06T15:00:00.000Z',
    threadId: THREAD_ID,
    ...overrides,
  });

interface Options {
  thread?: Partial<Thread>;
  comments?: Comment[];
  notes?: ThreadNote[];
  decisions?: Decision[];
}

function setup({ thread = {}, comments = [], notes = [], decisions = [] }: Options = {}) {
  const realtime = new FakeRealtime();
  const lastSeq =
    thread.lastSeq ?? Math.max(0, ...comments.map((c) => c.seq), ...notes.map((n) => n.seq));
  const result = render(ThreadDiscussion, {
    props: {
      input: {
        page: {
          thread: makeThread({ lastSeq, commentCount: comments.length, ...thread }),
          comments,
          nextAfterSeq: null,
        },
        viewer: { id: ME.id, canDiscuss: true, canModerate: false },
        requested: { reply: null, quote: false, edit: null, remove: null },
        history: null,
        replyDraftKey: 'reply-key',
        failure: null,
        now: Date.parse('2026-05-07T10:00:00Z'),
        notes,
        // As the page server gives them (follow-ups.ts).
        decisions: decisions.map((decision) => ({
          ...decision,
          statementText: markdownToPlainText(decision.statement),
        })),
      },
      draftKey: 'draft-key',
      pagesLoaded: 1,
      failure: null,
    },
    context: realtimeContext(realtime),
  });
  return { realtime, ...result };
}

/** The timeline's rows, top to bottom: a comment's text, or a note's sentence (without its time). */
function timelineRows(): string[] {
  const list = document.querySelector('ol.tree') as HTMLElement;
  return [...list.children].map((row) => {
    if (!row.classList.contains('system-note')) {
      return `comment: ${row.querySelector('article .body, article p')?.textContent?.trim()}`;
    }
    const sentence = row.querySelector('p')?.cloneNode(true) as HTMLElement;
    sentence.querySelector('.when')?.remove();
    return `note: ${sentence.textContent?.replace(/\s+/g, ' ').trim()}`;
  });
}

// One fetch for the whole file: the browser's API client keeps the one it first saw.
const fetchMock = vi.fn<typeof fetch>();

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
});

afterAll(() => vi.unstubAllGlobals());

beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
  fetchMock.mockReset();
  fetchMock.mockImplementation(() => new Promise<Response>(() => undefined));
});

describe('thread page, system notes', () => {
  it('shows stored notes between the comments, by when they happened, linking to the action', () => {
    setup({
      comments: [
        makeComment({ seq: 1, bodyHtml: '<p>First</p>' }),
        makeComment({ seq: 3, bodyHtml: '<p>Second</p>' }),
      ],
      notes: [note(2)],
    });

    expect(timelineRows()).toEqual([
      'comment: First',
      'note: Ada moved “Review vendor exposure” from open to done',
      'comment: Second',
    ]);
    const link = screen.getByRole('link', { name: '“Review vendor exposure”' });
    expect(link.getAttribute('href')).toBe(`/actions/${ACTION_ID}`);
  });

  it('says "an action" when the viewer may not know its title', () => {
    setup({ notes: [note(1, { title: null })] });

    expect(timelineRows()).toEqual(['note: Ada moved an action from open to done']);
    expect(screen.getByRole('link', { name: 'an action' }).getAttribute('href')).toBe(
      `/actions/${ACTION_ID}`,
    );
    // Notes are not comments.
    expect(screen.getByText('No comments yet. Start the discussion below.')).toBeTruthy();
  });

  it('shows a live note at once, once, and takes the next comment without asking for a replay', async () => {
    const { realtime } = setup({ comments: [makeComment({ seq: 1, bodyHtml: '<p>First</p>' })] });
    await tick();
    expect(realtime.joins).toEqual([{ threadId: THREAD_ID, sinceSeq: 1 }]);

    realtime.serverSends('system.note', note(2, { to: 'in_progress' }));
    realtime.serverSends('system.note', note(2, { to: 'in_progress' }));
    await tick();
    // Said to screen readers too.
    expect(
      screen.getByText('Ada moved “Review vendor exposure” from open to in progress.'),
    ).toBeTruthy();
    realtime.serverSends('comment.created', {
      threadId: THREAD_ID,
      seq: 3,
      comment: makeComment({ seq: 3, bodyHtml: '<p>After the note</p>' }),
    });
    await tick();

    expect(timelineRows()).toEqual([
      'comment: First',
      'note: Ada moved “Review vendor exposure” from open to in progress',
      'comment: After the note',
    ]);
    expect(realtime.joins).toHaveLength(1);
  });

  it('ignores notes of other threads', async () => {
    const { realtime } = setup();

    realtime.serverSends('system.note', note(1, { threadId: 'another-thread' }));
    await tick();

    expect(document.querySelector('.system-note')).toBeNull();
  });

  it('asks for a replay when a note skips ahead, and shows it only once the gap is filled', async () => {
    const { realtime } = setup({ comments: [makeComment({ seq: 1 })] });
    await tick();

    realtime.serverSends('system.note', note(3));
    await tick();
    expect(document.querySelector('.system-note')).toBeNull();
    expect(realtime.joins.at(-1)).toEqual({ threadId: THREAD_ID, sinceSeq: 1 });

    realtime.serverSends('comment.created', {
      threadId: THREAD_ID,
      seq: 2,
      comment: makeComment({ seq: 2 }),
    });
    realtime.serverSends('system.note', note(3));
    await tick();
    expect(document.querySelectorAll('.system-note')).toHaveLength(1);
  });
});

describe('thread page, the decision at the top', () => {
  it('shows an accepted decision with what, who, when and a link, next to the outcome', () => {
    const decision = accepted();
    setup({
      thread: { state: 'resolved', outcome: 'Grid first, everywhere.' },
      decisions: [decision],
    });

    const outcome = screen.getByRole('region', { name: 'Outcome' });
    const block = screen.getByRole('region', { name: 'Decision' });
    expect(outcome.parentElement).toBe(block.parentElement);
    expect(within(block).getByRole('link', { name: 'Grid first' }).getAttribute('href')).toBe(
      `/decisions/${decision.id}`,
    );
    expect(block.textContent).toContain(
      'New clusters go only where a grid connection date is confirmed.',
    );
    expect(block.textContent?.replace(/\s+/g, ' ')).toContain(
      'Decided by Ada Lovelace on 6 May 2026',
    );
    // It sits above the discussion, not only in the follow-ups.
    const comments = document.querySelector('section.comments') as HTMLElement;
    expect(block.compareDocumentPosition(comments) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows no decision block without an accepted decision', () => {
    setup({ thread: { state: 'resolved', outcome: 'Parked.' } });

    expect(screen.queryByRole('region', { name: /^Decisions?$/ })).toBeNull();
    expect(screen.getByRole('region', { name: 'Outcome' })).toBeTruthy();
  });

  it('puts a decision accepted while the page is open at the top, from its note', async () => {
    const decision = accepted({ title: 'Accepted just now' });
    fetchMock.mockImplementation(async () =>
      Response.json({ decisions: [decision] }, { status: 200 }),
    );
    const { realtime } = setup({ thread: { lastSeq: 4 } });

    realtime.serverSends(
      'system.note',
      note(5, {
        kind: 'decision.status',
        actionId: undefined,
        decisionId: decision.id,
        title: 'Accepted just now',
        from: 'proposed',
        to: 'accepted',
      }),
    );

    const block = await screen.findByRole('region', { name: 'Decision' });
    expect(within(block).getByRole('link', { name: 'Accepted just now' })).toBeTruthy();
    const asked = new URL(fetchMock.mock.calls[0]?.[0] as string | URL);
    expect(asked.pathname).toBe('/api/decisions');
    expect(asked.searchParams.get('threadId')).toBe(THREAD_ID);
    expect(asked.searchParams.get('status')).toBe('accepted');
    await waitFor(() =>
      expect(
        screen.getByText('Ada moved the decision “Accepted just now” from proposed to accepted.'),
      ).toBeTruthy(),
    );
  });
});
