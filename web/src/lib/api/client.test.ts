import { describe, expect, it, vi } from 'vitest';
import {
  contractError,
  jsonResponse,
  makeApiToken,
  makeBriefing,
  makeComment,
  makeGroup,
  makeParsedBriefing,
  makePerson,
  makeThread,
  makeUser,
} from '$lib/testing/factories';
import { ApiError, BriefroomApi, CLIENT_ERROR_CODES, type ApiClientOptions } from './client';

type FetchCall = { url: string; init: RequestInit };

function setup(
  respond: (call: FetchCall) => Response | Promise<Response>,
  token: string | null = 'sess_abc',
  extra: Partial<ApiClientOptions> = {},
) {
  const calls: FetchCall[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: input instanceof Request ? input.url : String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  });
  const sut = new BriefroomApi({
    baseUrl: 'http://127.0.0.1:3000',
    token,
    clientAddress: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (Briefroom test)',
    fetch: fetch,
    ...extra,
  });
  return { sut, calls };
}

function header(call: FetchCall | undefined, name: string): string | null {
  return new Headers(call?.init.headers).get(name);
}

describe(BriefroomApi.name, () => {
  describe('on success', () => {
    it('asks GET /api/auth/me with the bearer token and returns the user', async () => {
      const user = makeUser({ role: 'admin' });
      const { sut, calls } = setup(() => jsonResponse(200, { user }));

      await expect(sut.me()).resolves.toEqual(user);

      expect(calls).toHaveLength(1);
      expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/auth/me');
      expect(calls[0]?.init.method).toBe('GET');
      expect(header(calls[0], 'authorization')).toBe('Bearer sess_abc');
      expect(header(calls[0], 'x-forwarded-for')).toBe('203.0.113.7');
      expect(header(calls[0], 'user-agent')).toBe('Mozilla/5.0 (Briefroom test)');
    });

    it("sends the page server's proof with the browser's address, and no proof when it has none", async () => {
      const proven = setup(() => jsonResponse(200, { tokens: [] }), 'sess_abc', {
        pageServerSecret: 'proof-123',
      });
      await proven.sut.listTokens();
      expect(header(proven.calls[0], 'x-briefroom-page-server')).toBe('proof-123');
      expect(header(proven.calls[0], 'x-forwarded-for')).toBe('203.0.113.7');

      const unproven = setup(() => jsonResponse(200, { tokens: [] }));
      await unproven.sut.listTokens();
      expect(header(unproven.calls[0], 'x-briefroom-page-server')).toBeNull();

      const noAddress = setup(() => jsonResponse(200, { tokens: [] }), 'sess_abc', {
        pageServerSecret: 'proof-123',
        clientAddress: undefined,
      });
      await noAddress.sut.listTokens();
      expect(header(noAddress.calls[0], 'x-briefroom-page-server')).toBeNull();
    });

    it('never sends a cookie, only the bearer token', async () => {
      const { sut, calls } = setup(() => jsonResponse(200, { tokens: [] }));

      await sut.listTokens();

      expect(header(calls[0], 'cookie')).toBeNull();
      expect(calls[0]?.init.credentials).toBeUndefined();
    });

    it('sends no Authorization header when anonymous', async () => {
      const { sut, calls } = setup(() => jsonResponse(200, { needsSetup: true }), null);

      await expect(sut.setupStatus()).resolves.toEqual({ needsSetup: true });
      expect(header(calls[0], 'authorization')).toBeNull();
    });

    it('posts JSON bodies and returns the session grant on login', async () => {
      const user = makeUser();
      const { sut, calls } = setup(() => jsonResponse(200, { user, token: 'sess_new' }), null);

      await expect(
        sut.login({ email: 'ada@example.com', password: 'correct horse' }),
      ).resolves.toEqual({
        user,
        token: 'sess_new',
      });
      expect(calls[0]?.init.method).toBe('POST');
      expect(header(calls[0], 'content-type')).toBe('application/json');
      expect(JSON.parse(calls[0]?.init.body as string)).toEqual({
        email: 'ada@example.com',
        password: 'correct horse',
      });
    });

    it('resolves to undefined on 204 No Content', async () => {
      const { sut, calls } = setup(() => new Response(null, { status: 204 }));

      await expect(sut.revokeToken('tok/1')).resolves.toBeUndefined();
      expect(calls[0]?.init.method).toBe('DELETE');
      // Path parameters are encoded, so an id can never reach another route.
      expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/auth/tokens/tok%2F1');
    });

    it('returns the one-time secret of a new token', async () => {
      const token = makeApiToken();
      const { sut } = setup(() => jsonResponse(201, { token, secret: 'brt_s3cret' }));

      await expect(
        sut.createToken({ name: token.name, role: 'viewer', expiresInDays: 30 }),
      ).resolves.toEqual({
        token,
        secret: 'brt_s3cret',
      });
    });
  });

  describe('on a contract error', () => {
    it('throws an ApiError carrying status, code, message and details', async () => {
      const details = { fields: { email: 'must be an email' } };
      const { sut } = setup(() =>
        contractError(400, 'VALIDATION_FAILED', 'The request is invalid.', details),
      );

      const failure = await sut
        .createInvite({ email: 'nope', role: 'member' })
        .catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(ApiError);
      expect(failure).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'The request is invalid.',
        details,
        retryAfterSeconds: null,
      });
    });

    it('reads Retry-After on 429', async () => {
      const { sut } = setup(() =>
        jsonResponse(
          429,
          { error: { code: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts.' } },
          { 'retry-after': '900' },
        ),
      );

      await expect(sut.login({ email: 'ada@example.com', password: 'x' })).rejects.toMatchObject({
        status: 429,
        code: 'TOO_MANY_ATTEMPTS',
        retryAfterSeconds: 900,
      });
    });

    it('maps a 404 on an invite to INVITE_NOT_FOUND', async () => {
      const { sut } = setup(
        () => contractError(404, 'INVITE_NOT_FOUND', 'This invite is unknown, used or expired.'),
        null,
      );

      await expect(sut.getInvite('expired')).rejects.toMatchObject({
        status: 404,
        code: 'INVITE_NOT_FOUND',
      });
    });

    it('still throws an ApiError when the error body is not the contract shape', async () => {
      const { sut } = setup(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));

      await expect(sut.me()).rejects.toMatchObject({
        status: 502,
        code: CLIENT_ERROR_CODES.unexpectedResponse,
      });
    });

    it('rejects a success response whose body is not JSON', async () => {
      const { sut } = setup(() => new Response('hello', { status: 200 }));

      await expect(sut.me()).rejects.toMatchObject({
        status: 502,
        code: CLIENT_ERROR_CODES.unexpectedResponse,
      });
    });
  });

  describe('when the API cannot be reached', () => {
    it('turns a network failure into a 503 API_UNREACHABLE', async () => {
      const { sut } = setup(() => {
        throw new TypeError('fetch failed');
      });

      const failure = await sut.me().catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(ApiError);
      expect(failure).toMatchObject({ status: 503, code: CLIENT_ERROR_CODES.unreachable });
      expect((failure as ApiError).message).toMatch(/cannot be reached/);
    });

    it('turns a timeout into a 504 API_TIMEOUT', async () => {
      const { sut } = setup(() => {
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      });

      await expect(sut.me()).rejects.toMatchObject({
        status: 504,
        code: CLIENT_ERROR_CODES.timeout,
      });
    });
  });
});

describe('BriefroomApi briefings and groups', () => {
  it('asks for the feed with only the filters that are set, encoded', async () => {
    const { sut, calls } = setup(() => jsonResponse(200, { briefings: [], nextCursor: null }));

    await sut.listBriefings({ series: 'Daily Sync', tag: 'a&b', cursor: 'c/1', limit: undefined });
    await sut.listBriefings();

    expect(calls[0]?.url).toBe(
      'http://127.0.0.1:3000/api/briefings?series=Daily+Sync&tag=a%26b&cursor=c%2F1',
    );
    expect(calls[1]?.url).toBe('http://127.0.0.1:3000/api/briefings');
  });

  it('marks a briefing read with PUT and no body', async () => {
    const { sut, calls } = setup(() => new Response(null, { status: 204 }));

    await expect(sut.markBriefingRead('b-1')).resolves.toBeUndefined();

    expect(calls[0]?.init.method).toBe('PUT');
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/briefings/b-1/read');
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('tells a new import (201) from an update of one seen before (200)', async () => {
    const briefing = makeBriefing();
    let status = 201;
    const { sut, calls } = setup(() => jsonResponse(status, briefing));

    await expect(sut.importBriefing({ content: 'x', visibility: 'team' })).resolves.toEqual({
      outcome: 'created',
      briefings: [briefing],
    });
    status = 200;
    await expect(sut.importBriefing({ content: 'x' })).resolves.toMatchObject({
      outcome: 'updated',
    });
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ content: 'x', visibility: 'team' });
  });

  it('returns every briefing when one document held several', async () => {
    const first = makeBriefing({ id: 'one' });
    const second = makeBriefing({ id: 'two' });
    const { sut } = setup(() => jsonResponse(201, { briefings: [first, second] }));

    const outcome = await sut.importBriefing({ content: '<rss/>', format: 'feed' });

    expect(outcome.briefings.map((briefing) => briefing.id)).toEqual(['one', 'two']);
  });

  it('imports from a web address, telling created from updated like an upload', async () => {
    const first = makeBriefing({ id: 'one' });
    const second = makeBriefing({ id: 'two' });
    const { sut, calls } = setup(() => jsonResponse(200, { briefings: [first, second] }));

    await expect(
      sut.importBriefingFromUrl({ url: 'https://news.example.com/feed.xml', visibility: 'team' }),
    ).resolves.toEqual({ outcome: 'updated', briefings: [first, second] });
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/briefings/import-url');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({
      url: 'https://news.example.com/feed.xml',
      visibility: 'team',
    });
  });

  it('unwraps the parsed briefings of a preview', async () => {
    const parsed = makeParsedBriefing();
    const { sut, calls } = setup(() => jsonResponse(200, { briefings: [parsed] }));

    await expect(sut.previewBriefing({ content: 'Daily Sync' })).resolves.toEqual([parsed]);
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/briefings/preview');
  });

  it('keeps the details of a 422, such as what the document lacked', async () => {
    const { sut } = setup(() =>
      contractError(422, 'UNPARSEABLE_BRIEFING', 'No title line or date was found.', {
        reason: 'NO_STRUCTURE',
        missing: ['title', 'publishedOn'],
      }),
    );

    await expect(sut.previewBriefing({ content: 'hello' })).rejects.toMatchObject({
      status: 422,
      details: { missing: ['title', 'publishedOn'] },
    });
  });

  it('replaces a group’s members with PUT {userIds}', async () => {
    const member = makeUser();
    const { sut, calls } = setup(() => jsonResponse(200, { members: [member] }));

    await expect(sut.setGroupMembers('g-1', [member.id])).resolves.toEqual([member]);

    expect(calls[0]?.init.method).toBe('PUT');
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/admin/groups/g-1/members');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ userIds: [member.id] });
  });

  it('unwraps groups from their envelopes', async () => {
    const group = makeGroup();
    const { sut } = setup(({ url }) =>
      url.endsWith('/api/groups')
        ? jsonResponse(200, { groups: [group] })
        : jsonResponse(201, { group }),
    );

    await expect(sut.listGroups()).resolves.toEqual([group]);
    await expect(sut.createGroup('Leadership')).resolves.toEqual(group);
  });
});

describe(`${BriefroomApi.name} discussions`, () => {
  it('reads a thread page from afterSeq with a limit', async () => {
    const page = { thread: makeThread(), comments: [makeComment()], nextAfterSeq: null };
    const { sut, calls } = setup(() => jsonResponse(200, page));

    await expect(sut.getThread('t-1', { afterSeq: 200, limit: 200 })).resolves.toEqual(page);

    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/threads/t-1?afterSeq=200&limit=200');
  });

  it('posts a comment with its Idempotency-Key header', async () => {
    const comment = makeComment();
    const { sut, calls } = setup(() => jsonResponse(201, comment));

    await expect(
      sut.postComment('t-1', { body: 'Hello', parentId: null }, 'draft-key'),
    ).resolves.toEqual(comment);

    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/threads/t-1/comments');
    expect(header(calls[0], 'idempotency-key')).toBe('draft-key');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ body: 'Hello', parentId: null });
  });

  it('adds a reaction with PUT and takes it back with DELETE, the name URL-encoded', async () => {
    const { sut, calls } = setup(() => jsonResponse(200, makeComment()));

    await sut.react('c-1', '+1', true);
    await sut.react('c-1', 'heart', false);

    expect(calls.map((call) => `${call.init.method} ${call.url}`)).toEqual([
      'PUT http://127.0.0.1:3000/api/comments/c-1/reactions/%2B1',
      'DELETE http://127.0.0.1:3000/api/comments/c-1/reactions/heart',
    ]);
  });

  it('lists threads by state, and unread notifications', async () => {
    const { sut, calls } = setup(({ url }) =>
      url.includes('/api/threads')
        ? jsonResponse(200, { threads: [], nextCursor: null })
        : jsonResponse(200, { notifications: [], unreadCount: 2, nextCursor: null }),
    );

    await sut.listThreads({ states: ['open', 'converging'], cursor: 'abc' });
    await expect(sut.listNotifications({ unreadOnly: true })).resolves.toMatchObject({
      unreadCount: 2,
    });

    expect(calls.map((call) => call.url)).toEqual([
      'http://127.0.0.1:3000/api/threads?state=open%2Cconverging&cursor=abc',
      'http://127.0.0.1:3000/api/notifications?unread=true',
    ]);
  });

  it('unwraps people to mention, revisions and the unread count', async () => {
    const person = makePerson();
    const revision = { body: 'Before', replacedAt: '2026-05-07T10:00:00Z', editor: person };
    const { sut, calls } = setup(({ url }) =>
      url.includes('mentionable')
        ? jsonResponse(200, { users: [person] })
        : url.includes('revisions')
          ? jsonResponse(200, { revisions: [revision] })
          : jsonResponse(200, { unreadCount: 0 }),
    );

    await expect(sut.mentionable('mi')).resolves.toEqual([person]);
    await expect(sut.commentRevisions('c-1')).resolves.toEqual([revision]);
    await expect(sut.markNotificationsRead({ all: true })).resolves.toBe(0);
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/api/users/mentionable?q=mi');
    expect(JSON.parse(calls[2]?.init.body as string)).toEqual({ all: true });
  });
});
