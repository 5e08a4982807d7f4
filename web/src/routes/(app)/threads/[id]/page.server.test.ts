// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import {
  contractError,
  jsonResponse,
  makeComment,
  makeThread,
  makeUser,
} from '$lib/testing/factories';
import { makeDecision } from '$lib/actions/test-factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type LoadData = Exclude<Awaited<ReturnType<typeof load>>, void>;
type ActionEvent = Parameters<NonNullable<(typeof actions)['comment']>>[0];

const thread = makeThread({ lastSeq: 3, commentCount: 2 });
const THREAD_PATH = `/api/threads/${thread.id}`;
const PAGE_URL = `http://app.test/threads/${thread.id}`;

function setup(routes: FakeRoutes, options: { role?: Role; url?: string } = {}) {
  const fake = fakeApi(routes);
  const user = makeUser({ role: options.role ?? 'member' });
  const common = { api: fake.api, user, url: options.url ?? PAGE_URL, params: { id: thread.id } };
  return {
    ...fake,
    user,
    load: async () => (await load(requestEvent<LoadEvent>(common))) as LoadData,
    /** Runs a form action as use:enhance (enhanced) or a plain browser post sends it. */
    act: (name: keyof typeof actions, fields: Record<string, string>, enhanced = true) => {
      const run = actions[name];
      if (!run) throw new Error(`no ${name} action`);
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      const event = requestEvent<ActionEvent>({
        ...common,
        url: `${PAGE_URL}?/${name}`,
        form,
        headers: enhanced ? { 'x-sveltekit-action': 'true' } : {},
      });
      return Promise.resolve(run(event)).catch((thrown: unknown) => thrown);
    },
  };
}

describe('thread page load', () => {
  it('loads the thread with its first page of comments and who may do what', async () => {
    const comments = [makeComment({ seq: 1 }), makeComment({ seq: 2 })];
    const {
      load: run,
      callsTo,
      user,
    } = setup({
      [`GET ${THREAD_PATH}`]: () => jsonResponse(200, { thread, comments, nextAfterSeq: null }),
    });

    const data = await run();

    expect(data.page).toEqual({ thread, comments, nextAfterSeq: null });
    expect(data.viewer).toEqual({ id: user.id, canDiscuss: true, canModerate: false });
    expect(data.draftKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.replyDraftKey).not.toBe(data.draftKey);
    // A small first page: a long thread paints quickly; "Load more" adds pages of 200.
    expect(callsTo('GET', THREAD_PATH)[0]?.query.get('limit')).toBe('25');
  });

  it('loads more pages when asked without JavaScript (?pages=2)', async () => {
    const first = [makeComment({ seq: 1 })];
    const second = [makeComment({ seq: 2 })];
    const { load: run, callsTo } = setup(
      {
        [`GET ${THREAD_PATH}`]: ({ query }) =>
          query.get('afterSeq') === '1'
            ? jsonResponse(200, { thread, comments: second, nextAfterSeq: null })
            : jsonResponse(200, { thread, comments: first, nextAfterSeq: 1 }),
      },
      { url: `${PAGE_URL}?pages=2` },
    );

    const data = await run();

    expect(data.page.comments).toEqual([...first, ...second]);
    expect(data.page.nextAfterSeq).toBeNull();
    expect(data.pagesLoaded).toBe(2);
    expect(callsTo('GET', THREAD_PATH)).toHaveLength(2);
    expect(callsTo('GET', THREAD_PATH)[1]?.query.get('limit')).toBe('200');
  });

  it('answers 404 for a thread that is missing, not shared, or not even an id', async () => {
    for (const answer of [
      contractError(404, 'NOT_FOUND', 'No such thread.'),
      contractError(400, 'VALIDATION_FAILED', 'id must be a UUID'),
    ]) {
      const { load: run } = setup({ [`GET ${THREAD_PATH}`]: () => answer.clone() });

      const outcome = await run().catch((thrown: unknown) => thrown);

      expect(isHttpError(outcome) && outcome.status).toBe(404);
      expect(isHttpError(outcome) && outcome.body.message).toMatch(/not shared with you/);
    }
  });

  it('shows a requested reply, edit, reaction choices or history only for a comment of this page', async () => {
    const comment = makeComment({ seq: 1, editedAt: '2026-05-07T10:00:00Z' });
    const revisions = [{ body: 'Before', replacedAt: '2026-05-07T10:00:00Z', editor: null }];
    const { load: run } = setup(
      {
        [`GET ${THREAD_PATH}`]: () =>
          jsonResponse(200, { thread, comments: [comment], nextAfterSeq: null }),
        [`GET /api/comments/${comment.id}/revisions`]: () => jsonResponse(200, { revisions }),
      },
      {
        url: `${PAGE_URL}?reply=${comment.id}&edit=elsewhere&history=${comment.id}&react=${comment.id}`,
      },
    );

    const data = await run();

    expect(data.requested).toEqual({
      reply: comment.id,
      quote: false,
      edit: null,
      remove: null,
      react: comment.id,
    });
    expect(data.history).toEqual({ commentId: comment.id, value: revisions, problem: null });
  });
});

describe('thread page load: notes and decisions', () => {
  const NOTES_PATH = `${THREAD_PATH}/notes`;
  const note = (seq: number) => ({
    threadId: thread.id,
    seq,
    kind: 'action.status' as const,
    actionId: 'aa000000-0000-4000-8000-000000000001',
    title: 'Review vendor exposure',
    from: 'open',
    to: 'done',
    by: { id: 'ada-id', displayName: 'Ada' },
    at: '2026-05-07T10:00:00.000Z',
  });
  const decision = makeDecision({
    status: 'accepted',
    threadId: thread.id,
    statement: 'Only regions with a **confirmed** grid date.',
  });

  it('loads the stored notes up to the thread’s seq and the accepted decisions', async () => {
    const { load: run, callsTo } = setup({
      [`GET ${THREAD_PATH}`]: () =>
        jsonResponse(200, { thread, comments: [makeComment({ seq: 1 })], nextAfterSeq: null }),
      // Seq 4 was written after the thread was read: the socket's replay brings it.
      [`GET ${NOTES_PATH}`]: () => jsonResponse(200, { notes: [note(2), note(4)] }),
      'GET /api/decisions': ({ query }) =>
        jsonResponse(200, { decisions: query.get('status') === 'accepted' ? [decision] : [] }),
    });

    const data = await run();

    expect(data.notes).toEqual([note(2)]);
    // Its statement's words on one line, for the block at the top (the Markdown parser stays
    // off the page's first load).
    expect(data.acceptedDecisions).toEqual([
      { ...decision, statementText: 'Only regions with a confirmed grid date.' },
    ]);
    const asked = callsTo('GET', '/api/decisions').map((call) => call.query);
    const acceptedQuery = asked.find((query) => query.get('status') === 'accepted');
    expect(acceptedQuery?.get('threadId')).toBe(thread.id);
  });

  it('shows the discussion without them when the API cannot list them', async () => {
    const { load: run } = setup({
      [`GET ${THREAD_PATH}`]: () => jsonResponse(200, { thread, comments: [], nextAfterSeq: null }),
      [`GET ${NOTES_PATH}`]: () => contractError(503, 'UNAVAILABLE', 'Try again.'),
      'GET /api/decisions': () => contractError(503, 'UNAVAILABLE', 'Try again.'),
    });

    const data = await run();

    expect(data.page.thread).toEqual(thread);
    expect(data.notes).toEqual([]);
    expect(data.acceptedDecisions).toEqual([]);
  });
});

describe('posting a comment', () => {
  const posted = makeComment({ seq: 4 });
  const POST = `POST ${THREAD_PATH}/comments`;

  it('posts the draft with its Idempotency-Key and answers use:enhance with the comment', async () => {
    const { act, calls } = setup({ [POST]: () => jsonResponse(201, posted) });

    const result = await act('comment', {
      body: 'Line one\r\n\r\n  indented',
      parentId: 'parent-id',
      idempotencyKey: 'key-123',
    });

    expect(result).toEqual({ form: 'comment', comment: posted });
    expect(calls[0]?.body).toEqual({ body: 'Line one\n\n  indented', parentId: 'parent-id' });
    expect(calls[0]?.headers.get('idempotency-key')).toBe('key-123');
  });

  it('sends a browser without JavaScript to the new comment, so a reload cannot post it again', async () => {
    const { act } = setup({ [POST]: () => jsonResponse(201, posted) });

    const result = await act('comment', { body: 'Hi', idempotencyKey: 'key-123' }, false);

    expect(isRedirect(result) && result.status).toBe(303);
    expect(isRedirect(result) && result.location).toBe(
      `/threads/${thread.id}#comment-${posted.id}`,
    );
  });

  it('refuses an empty comment without asking the API, keeping the key for the next try', async () => {
    const { act, calls } = setup({});

    const result = await act('comment', { body: '  \n ', idempotencyKey: 'key-123' });

    expect(result).toMatchObject({
      status: 400,
      data: { message: 'Write your comment first.', idempotencyKey: 'key-123' },
    });
    expect(calls).toHaveLength(0);
  });

  it('passes on the API’s refusal, with the text and key to try again', async () => {
    const { act } = setup({
      [POST]: () =>
        contractError(429, 'RATE_LIMITED', 'You are posting too fast. Try again in a minute.'),
    });

    const result = await act('comment', { body: 'Again', idempotencyKey: 'key-123' }, false);

    expect(result).toMatchObject({
      status: 429,
      data: {
        form: 'comment',
        body: 'Again',
        idempotencyKey: 'key-123',
        message: 'You are posting too fast. Try again in a minute.',
      },
    });
  });
});

describe('thread state', () => {
  const PATCH = `PATCH ${THREAD_PATH}`;

  it('will not resolve without an outcome, and does not ask the API', async () => {
    const { act, calls } = setup({});

    const result = await act('state', { state: 'resolved', outcome: '   ' });

    expect(result).toMatchObject({
      status: 400,
      data: { form: 'state', message: 'Write the outcome: the answer to the prompt, in one line.' },
    });
    expect(calls).toHaveLength(0);
  });

  it('resolves with the outcome, and moves to converging without one', async () => {
    const resolved = { ...thread, state: 'resolved', outcome: 'Hydro region.' };
    const { act, calls } = setup({ [PATCH]: () => jsonResponse(200, resolved) });

    await expect(act('state', { state: 'resolved', outcome: ' Hydro region. ' })).resolves.toEqual({
      form: 'state',
      thread: resolved,
    });
    await act('state', { state: 'converging', outcome: 'ignored' });

    expect(calls.map((call) => call.body)).toEqual([
      { state: 'resolved', outcome: 'Hydro region.' },
      { state: 'converging' },
    ]);
  });

  it('refuses a state that does not exist', async () => {
    const { act, calls } = setup({});

    await expect(act('state', { state: 'closed' })).resolves.toMatchObject({ status: 400 });
    expect(calls).toHaveLength(0);
  });
});

describe('short title', () => {
  const PATCH = `PATCH ${THREAD_PATH}`;

  it('saves an editor’s short title, trimmed, and passes on the API’s refusal', async () => {
    const renamed = { ...thread, shortTitle: 'AI infra vs power' };
    const { act, calls } = setup({ [PATCH]: () => jsonResponse(200, renamed) });
    await expect(act('shortTitle', { shortTitle: '  AI infra vs power ' })).resolves.toEqual({
      form: 'shortTitle',
      thread: renamed,
    });
    expect(calls.map((call) => call.body)).toEqual([{ shortTitle: 'AI infra vs power' }]);

    const refused = setup({
      [PATCH]: () =>
        jsonResponse(403, {
          error: { code: 'FORBIDDEN', message: "Only editors change a thread's short title." },
        }),
    });
    await expect(refused.act('shortTitle', { shortTitle: 'Mine' })).resolves.toMatchObject({
      status: 403,
      data: { form: 'shortTitle', message: "Only editors change a thread's short title." },
    });
  });

  it('refuses an empty or too long title without asking the API', async () => {
    const { act, calls } = setup({});
    await expect(act('shortTitle', { shortTitle: '   ' })).resolves.toMatchObject({
      status: 400,
    });
    await expect(act('shortTitle', { shortTitle: 'x'.repeat(91) })).resolves.toMatchObject({
      status: 400,
    });
    expect(calls).toHaveLength(0);
  });
});

describe('reactions, edits, deletes and following', () => {
  const comment = makeComment({ seq: 1 });

  it('adds or takes back a reaction, as the pressed button says', async () => {
    const { act, calls } = setup({
      [`PUT /api/comments/${comment.id}/reactions/heart`]: () => jsonResponse(200, comment),
      [`DELETE /api/comments/${comment.id}/reactions/%2B1`]: () => jsonResponse(200, comment),
    });

    await act('react', { commentId: comment.id, reaction: 'heart|on' });
    await act('react', { commentId: comment.id, reaction: '+1|off' });
    const bogus = await act('react', { commentId: comment.id, reaction: 'poop|on' });

    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `PUT /api/comments/${comment.id}/reactions/heart`,
      `DELETE /api/comments/${comment.id}/reactions/%2B1`,
    ]);
    expect(bogus).toMatchObject({ status: 400 });
  });

  it('edits and deletes through the API, passing on its refusal', async () => {
    const { act } = setup({
      [`PATCH /api/comments/${comment.id}`]: () =>
        contractError(403, 'FORBIDDEN', 'Only its author or an editor can change this comment.'),
      [`DELETE /api/comments/${comment.id}`]: () => new Response(null, { status: 204 }),
    });

    await expect(act('edit', { commentId: comment.id, body: 'New text' })).resolves.toMatchObject({
      status: 403,
      data: {
        form: 'edit',
        commentId: comment.id,
        message: expect.stringMatching(/^Only its author/),
      },
    });
    await expect(act('delete', { commentId: comment.id })).resolves.toEqual({
      form: 'delete',
      commentId: comment.id,
      deleted: true,
    });
  });

  it('follows and unfollows', async () => {
    const { act, calls } = setup({
      [`PUT ${THREAD_PATH}/follow`]: () => new Response(null, { status: 204 }),
      [`DELETE ${THREAD_PATH}/follow`]: () => new Response(null, { status: 204 }),
    });

    await expect(act('follow', { follow: 'true' })).resolves.toEqual({
      form: 'follow',
      following: true,
    });
    await expect(act('follow', { follow: 'false' })).resolves.toEqual({
      form: 'follow',
      following: false,
    });
    expect(calls.map((call) => call.method)).toEqual(['PUT', 'DELETE']);
  });
});
