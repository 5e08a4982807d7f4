import { io, type Socket } from 'socket.io-client';
import { SavedSearchAlerts } from '../../src/search/saved-search-alerts.js';
import { SearchService } from '../../src/search/search.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { apiExpect, apiRequest, type ApiAnswer } from './support/api-request.js';
import {
  briefingDocument,
  handle,
  MatrixFixtures,
  SECRET_PREFIX,
  SECRET_WORD,
  type Scope,
} from './support/matrix-fixtures.js';
import {
  describeUnexpected,
  expectedOutcome,
  judge,
  leakedMarkers,
  Ledger,
  type LedgerEntry,
  type Outcome,
} from './support/outcomes.js';
import {
  createOwner,
  enlistPrincipals,
  type EnlistedPrincipals,
  type Owner,
  type Principal,
} from './support/principals.js';
import { discoverRoutes, openApiRouteKeys, type Route } from './support/route-table.js';
import {
  phantomOf,
  ROUTE_TARGETS,
  unmappedRoutes,
  type CaseContext,
  type RouteTarget,
} from './support/route-targets.js';

const fill = (path: string, values: Record<string, string>) =>
  path.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });

const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * Issue 11's authorization matrix: every route the app serves × every kind of caller, judged
 * against the policy the route declares and the visibility of a briefing restricted to a group,
 * plus the ways around REST (socket rooms and events, search hits and counts, related items,
 * notifications, exports, follow-up links, import identity). Zero unexpected allows.
 */
describe('Authorization matrix', () => {
  let app: TestApp;
  let routes: Route[];
  let fixtures: MatrixFixtures;
  let enlisted: EnlistedPrincipals;
  let principals: Principal[];
  let operator: Owner;
  let bystander: Owner;
  const ledger = new Ledger();
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Single sign-on configured (its provider unreachable: login and callback still answer, with 302s).
    app = await createTestApp({ OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'matrix' });
    operator = await createOwner(app, 'admin', 'operator@matrix.example.com');
    bystander = await createOwner(app, 'viewer', 'bystander@matrix.example.com');
    const groupId = await MatrixFixtures.group(app, operator);
    enlisted = await enlistPrincipals(app, operator, groupId);
    principals = enlisted.principals;
    fixtures = await MatrixFixtures.build(app, operator, groupId, { ...enlisted, bystander });
    routes = discoverRoutes(app.server.app);
    await searchCaughtUp();
  }, 240_000);

  afterAll(async () => {
    sockets.splice(0).forEach((socket) => socket.close());
    if (ledger.entries.length) process.stdout.write(`\n${ledger.summary()}\n`);
    await app?.close();
  });

  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

  /** The indexer has nothing pending: search answers reflect every write so far. */
  async function searchCaughtUp(): Promise<void> {
    const search = app.server.app.get(SearchService);
    await until(
      async () => (await search.status()).pending === 0,
      'the search outbox to drain',
      60_000,
    );
  }

  const request = (
    secret: string | undefined,
    method: string,
    path: string,
    query?: Record<string, string>,
  ) => apiRequest(app.baseUrl, { method, path, query, secret });

  /** A connected socket for a principal, or the reason its handshake was refused. */
  function connect(principal: Principal): Promise<{ socket?: Socket; refusal?: string }> {
    return new Promise((resolve) => {
      const socket = io(app.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: principal.secret ? { token: principal.secret } : {},
        reconnection: false,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (error) => resolve({ refusal: error.message }));
    });
  }

  function record(socket: Socket): Array<{ type: string; payload: unknown }> {
    const received: Array<{ type: string; payload: unknown }> = [];
    socket.onAny((type: string, payload: unknown) => received.push({ type, payload }));
    return received;
  }

  /** A principal's view of something restricted beyond the REST matrix: seen ('allowed') or not. */
  function note(
    surface: string,
    target: string,
    principal: Principal,
    expected: Outcome,
    actual: Outcome,
    detail?: string,
  ): void {
    ledger.add({
      surface,
      target,
      principal: principal.name,
      expected,
      actual,
      verdict: /^5\d\d/.test(detail ?? '')
        ? 'server error'
        : expected === actual
          ? 'expected'
          : actual === 'allowed'
            ? 'unexpected allow'
            : 'unexpected deny',
      note: detail,
    });
  }

  /** What a principal should meet of restricted content: 401 once ended, else seen by readers only. */
  const readerOutcome = (principal: Principal): Outcome =>
    !principal.live ? 'unauthenticated' : principal.readsRestricted ? 'allowed' : 'hidden';

  it('reads every route and its declared policy from the app itself, and can call each one', async () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((route) => !route.policy).map((route) => route.key)).toEqual([]);
    // The OpenAPI document is the one description of the routes: it and the router agree.
    const document = await apiExpect<{ paths: Record<string, object> }>(app.baseUrl, {
      method: 'GET',
      path: '/api/openapi.json',
    });
    expect(openApiRouteKeys(document)).toEqual(routes.map((route) => route.key));
    expect(unmappedRoutes(routes)).toEqual([]);
  });

  it('lets only readers join the restricted thread room, and replays nothing to anyone else', async () => {
    for (const principal of principals) {
      const { socket, refusal } = await connect(principal);
      if (!socket) {
        note(
          'socket thread:join',
          'restricted thread',
          principal,
          readerOutcome(principal),
          refusal === 'UNAUTHENTICATED' ? 'unauthenticated' : 'allowed',
          refusal,
        );
        note(
          'socket thread:join',
          'team thread',
          principal,
          principal.live ? 'allowed' : 'unauthenticated',
          refusal === 'UNAUTHENTICATED' ? 'unauthenticated' : 'allowed',
          refusal,
        );
        continue;
      }
      const received = record(socket);
      const join = (threadId: string) =>
        socket.timeout(5_000).emitWithAck('thread:join', { threadId, sinceSeq: 0 }) as Promise<{
          ok: boolean;
          error?: { code: string };
        }>;
      const restricted = await join(fixtures.restricted.threadId);
      const team = await join(fixtures.team.threadId);
      // The team join is answered after any replay of the restricted one (one queue per socket).
      const leaks = leakedMarkers(JSON.stringify(received), fixtures.restrictedMarkers);
      const sawRestricted = restricted.ok || (!principal.readsRestricted && leaks.length > 0);
      note(
        'socket thread:join',
        'restricted thread',
        principal,
        readerOutcome(principal),
        sawRestricted ? 'allowed' : restricted.error?.code === 'NOT_FOUND' ? 'hidden' : 'allowed',
        restricted.ok
          ? 'joined'
          : `${restricted.error?.code}${leaks.length ? `; received ${leaks.join(', ')}` : ''}`,
      );
      note(
        'socket thread:join',
        'team thread',
        principal,
        principal.live ? 'allowed' : 'unauthenticated',
        team.ok ? 'allowed' : 'hidden',
        team.ok ? undefined : team.error?.code,
      );
      socket.close();
    }
    expect(describeUnexpected(ledger.unexpected('socket thread:join'))).toEqual([]);
  });

  it('sends action.changed about the restricted action to readers only', async () => {
    const listeners: Array<{
      principal: Principal;
      received: Array<{ type: string; payload: unknown }>;
    }> = [];
    for (const principal of principals) {
      const { socket, refusal } = await connect(principal);
      if (!socket) {
        note(
          'socket action.changed',
          'restricted action',
          principal,
          readerOutcome(principal),
          refusal === 'UNAUTHENTICATED' ? 'unauthenticated' : 'allowed',
          refusal,
        );
        continue;
      }
      const received = record(socket);
      const ack = (await socket.timeout(5_000).emitWithAck('actions:subscribe')) as { ok: boolean };
      if (!ack.ok) throw new Error(`${principal.name} could not subscribe to actions`);
      listeners.push({ principal, received });
    }
    const changedAbout = (received: Array<{ type: string; payload: unknown }>, id: string) =>
      received.some(
        (event) => event.type === 'action.changed' && JSON.stringify(event.payload).includes(id),
      );
    await apiExpect(app.baseUrl, {
      method: 'PATCH',
      path: `/api/actions/${fixtures.restricted.actionId}`,
      secret: operator.session,
      body: { priority: 'urgent' },
    });
    await apiExpect(app.baseUrl, {
      method: 'PATCH',
      path: `/api/actions/${fixtures.team.actionId}`,
      secret: operator.session,
      body: { priority: 'low' },
    });
    // Both changes were published before everyone has the later one, and every reader the first.
    await until(
      () =>
        listeners.every(
          ({ principal, received }) =>
            changedAbout(received, fixtures.team.actionId) &&
            (!principal.readsRestricted || changedAbout(received, fixtures.restricted.actionId)),
        ),
      'action.changed on every socket',
    ).catch(() => undefined);
    for (const { principal, received } of listeners) {
      const leaks = principal.readsRestricted
        ? []
        : leakedMarkers(JSON.stringify(received), fixtures.restrictedMarkers);
      const saw = changedAbout(received, fixtures.restricted.actionId) || leaks.length > 0;
      note(
        'socket action.changed',
        'restricted action',
        principal,
        readerOutcome(principal),
        saw ? 'allowed' : 'hidden',
        leaks.length ? `received ${leaks.join(', ')}` : undefined,
      );
      note(
        'socket action.changed',
        'team action (control)',
        principal,
        'allowed',
        changedAbout(received, fixtures.team.actionId) ? 'allowed' : 'hidden',
      );
    }
    expect(describeUnexpected(ledger.unexpected('socket action.changed'))).toEqual([]);
  });

  it('finds the restricted word, in hits and in facet counts, for readers only', async () => {
    await searchCaughtUp();
    for (const principal of principals) {
      for (const type of [undefined, 'action', 'comment']) {
        const answer = await request(principal.secret, 'GET', '/api/search', {
          q: SECRET_WORD,
          ...(type ? { type } : {}),
        });
        const target = `GET /api/search?q=${SECRET_WORD}${type ? `&type=${type}` : ''}`;
        if (answer.status !== 200) {
          note(
            'search',
            target,
            principal,
            readerOutcome(principal),
            answerOutcome(answer),
            `${answer.status}`,
          );
          continue;
        }
        const result = answer.json as {
          hits: unknown[];
          estimatedTotalHits: number;
          facets: Record<string, Record<string, number>>;
        };
        const counted = Object.values(result.facets).reduce(
          (sum, facet) => sum + Object.values(facet).reduce((a, b) => a + b, 0),
          0,
        );
        const seen = result.hits.length > 0 || result.estimatedTotalHits > 0 || counted > 0;
        note(
          'search',
          target,
          principal,
          readerOutcome(principal),
          seen ? 'allowed' : 'hidden',
          `${result.hits.length} hits, ${result.estimatedTotalHits} estimated, facet counts ${counted}`,
        );
      }
    }
    expect(describeUnexpected(ledger.unexpected('search'))).toEqual([]);
  });

  it('counts in the briefing filters only the briefings a caller may list', async () => {
    for (const principal of principals.filter((p) => p.live)) {
      const filters = (await request(principal.secret, 'GET', '/api/briefings/filters')).json as {
        tags: Array<{ name: string; count: number }>;
      };
      const listed = (await request(principal.secret, 'GET', '/api/briefings', { limit: '100' }))
        .json as {
        briefings: Array<{ tags: string[] }>;
      };
      const overcounted = filters.tags.filter(
        (tag) => tag.count > listed.briefings.filter((b) => b.tags.includes(tag.name)).length,
      );
      note(
        'counts',
        'GET /api/briefings/filters tag counts',
        principal,
        'hidden',
        overcounted.length ? 'allowed' : 'hidden',
        overcounted.map((tag) => `${tag.name}: ${tag.count}`).join(', ') || undefined,
      );
    }
    expect(describeUnexpected(ledger.unexpected('counts'))).toEqual([]);
  });

  it('shows restricted items as related to a team item to readers only', async () => {
    for (const principal of principals) {
      const answer = await request(
        principal.secret,
        'GET',
        `/api/items/${fixtures.team.itemId}/related`,
      );
      const seen =
        answer.status === 200 && leakedMarkers(answer.text, fixtures.restrictedMarkers).length > 0;
      note(
        'related',
        `GET /api/items/:teamItem/related`,
        principal,
        readerOutcome(principal),
        answer.status === 200 ? (seen ? 'allowed' : 'hidden') : answerOutcome(answer),
        `${answer.status}`,
      );
    }
    expect(describeUnexpected(ledger.unexpected('related'))).toEqual([]);
  });

  it('notifies about restricted talk only those who may read it, in lists, counts and alerts', async () => {
    await app.server.app.get(SavedSearchAlerts).runPass(new Date(Date.now() + 120_000));
    // A fresh mention of the admin: unread now, so the unread count must account for it or not.
    await apiExpect(app.baseUrl, {
      method: 'POST',
      path: `/api/threads/${fixtures.restricted.threadId}/comments`,
      secret: enlisted.member.session,
      body: { body: `@${handle(enlisted.admin)} please sign off the ${SECRET_WORD} plan.` },
    });
    // Who is known to have restricted notifications: the mentioned admin (in person), the member's alert.
    const knownRecipients = new Set([enlisted.admin.id, enlisted.member.id]);
    for (const principal of principals) {
      const list = await request(principal.secret, 'GET', '/api/notifications');
      const count = await request(principal.secret, 'GET', '/api/notifications/unread-count');
      if (list.status !== 200 || count.status !== 200) {
        note(
          'notifications',
          'GET /api/notifications',
          principal,
          readerOutcome(principal),
          answerOutcome(list),
          `${list.status}/${count.status}`,
        );
        continue;
      }
      const rows = (
        list.json as {
          notifications: Array<{
            readAt: string | null;
            savedSearch?: { query: string; newHits: number } | null;
          }>;
        }
      ).notifications;
      const restrictedRows = rows.filter(
        (row) =>
          leakedMarkers(JSON.stringify(row), fixtures.restrictedMarkers).length > 0 ||
          (row.savedSearch?.query === SECRET_PREFIX && row.savedSearch.newHits > 0),
      );
      const known = principal.owner && knownRecipients.has(principal.owner.id);
      if (!principal.readsRestricted || known)
        note(
          'notifications',
          'GET /api/notifications',
          principal,
          principal.readsRestricted ? 'allowed' : 'hidden',
          restrictedRows.length > 0 ? 'allowed' : 'hidden',
          `${restrictedRows.length} of ${rows.length} about restricted content`,
        );
      // The bell must not count what the list does not show: a count is an existence oracle too.
      const unreadListed = rows.filter((row) => !row.readAt).length;
      const unreadCounted = (count.json as { count: number }).count;
      note(
        'notifications',
        'GET /api/notifications/unread-count (no more than listed)',
        principal,
        'hidden',
        rows.length < 30 && unreadCounted > unreadListed ? 'allowed' : 'hidden',
        `${unreadCounted} counted, ${unreadListed} listed`,
      );
    }
    expect(describeUnexpected(ledger.unexpected('notifications'))).toEqual([]);
  });

  it('keeps restricted actions out of the CSV export and calendar feeds of non-readers', async () => {
    const ownsRestricted = new Set([enlisted.member.id, enlisted.admin.id]);
    for (const principal of principals) {
      const csv = await request(principal.secret, 'GET', '/api/actions/export.csv');
      note(
        'exports',
        'GET /api/actions/export.csv',
        principal,
        readerOutcome(principal),
        csv.status === 200
          ? csv.text.toLowerCase().includes(SECRET_WORD)
            ? 'allowed'
            : 'hidden'
          : answerOutcome(csv),
        `${csv.status}`,
      );

      const feed = await request(principal.secret, 'POST', '/api/actions/calendar-feed');
      if (feed.status !== 201 && feed.status !== 200) {
        note(
          'exports',
          'calendar feed (ICS)',
          principal,
          readerOutcome(principal),
          answerOutcome(feed),
          `${feed.status}`,
        );
        continue;
      }
      const ics = await request(undefined, 'GET', (feed.json as { url: string }).url);
      const shows =
        ics.status === 200 && leakedMarkers(ics.text, fixtures.restrictedMarkers).length > 0;
      // A feed reads as whoever made it, through the credential that made it (a token's ceiling too).
      const expected: Outcome =
        principal.readsRestricted && principal.owner && ownsRestricted.has(principal.owner.id)
          ? 'allowed'
          : 'hidden';
      note(
        'exports',
        'calendar feed (ICS)',
        principal,
        expected,
        shows ? 'allowed' : 'hidden',
        `${ics.status}`,
      );
    }
    expect(describeUnexpected(ledger.unexpected('exports'))).toEqual([]);
  });

  it('shows the follow-up links of team actions and decisions without their restricted targets', async () => {
    const looks: Array<[string, string]> = [
      [
        'team action linked to the restricted action and decision',
        `/api/actions/${fixtures.team.actionId}`,
      ],
      [
        'team decision linked to the restricted action',
        `/api/decisions/${fixtures.team.decisionId}`,
      ],
      [
        'follow-ups of the team briefing (restricted one is earlier)',
        `/api/briefings/${fixtures.team.briefingId}/follow-ups`,
      ],
    ];
    for (const principal of principals)
      for (const [what, path] of looks) {
        const answer = await request(principal.secret, 'GET', path);
        const seen =
          answer.status === 200 &&
          leakedMarkers(answer.text, fixtures.restrictedMarkers).length > 0;
        note(
          'follow-up links',
          what,
          principal,
          readerOutcome(principal),
          answer.status === 200 ? (seen ? 'allowed' : 'hidden') : answerOutcome(answer),
          `${answer.status}`,
        );
      }
    expect(describeUnexpected(ledger.unexpected('follow-up links'))).toEqual([]);
  });

  it('gives every route × principal the outcome its policy and the briefing visibility call for', async () => {
    const callable = routes.filter((route) => route.policy && ROUTE_TARGETS[route.key]);
    for (const route of callable) {
      const target = ROUTE_TARGETS[route.key];
      const scopes: Array<Scope | undefined> = target.scoped ? ['team', 'restricted'] : [undefined];
      for (const scope of scopes) {
        const addressings: Array<[string | undefined, RouteTarget['params']]> = [
          [undefined, target.params],
          ...Object.entries(target.alternatives ?? {}),
        ];
        // Reads, and writes each on a target of its own, run for every principal at once; other
        // writes one after another, so a race in the app never decides a case.
        for (const [addressing, params] of addressings) {
          const run = (principal: Principal) =>
            runRouteCase(route, target, scope, addressing, params, principal);
          const judged: LedgerEntry[] = [];
          if (route.method === 'GET' || target.isolated)
            judged.push(...(await Promise.all(principals.map(run))));
          else for (const principal of principals) judged.push(await run(principal));
          judged.forEach((entry) => ledger.add(entry));
        }
      }
    }
    expect(describeUnexpected(ledger.unexpected('REST'))).toEqual([]);
  }, 480_000);

  async function runRouteCase(
    route: Route,
    target: RouteTarget,
    scope: Scope | undefined,
    addressing: string | undefined,
    params: RouteTarget['params'],
    principal: Principal,
  ): Promise<LedgerEntry> {
    // A route that ends the caller's credential would end the shared principal: a twin calls it.
    const caller =
      target.endsCaller && principal.live && principal.twin ? await principal.twin() : principal;
    const context: CaseContext = {
      scope,
      principal: caller,
      fixtures,
      member: enlisted.member,
      bystander,
    };
    await target.prepare?.(context);
    const values = (await params?.(context)) ?? {};
    const call = {
      method: route.method,
      path: fill(route.path, values),
      query: target.query?.(context),
      body: target.body?.(context),
      secret: caller.secret,
    };
    const answer = await apiRequest(app.baseUrl, call);
    const addressesRestricted = target.scoped === 'addresses' && scope === 'restricted';
    const expected = expectedOutcome(route.policy!, caller, addressesRestricted);
    const phantom =
      expected === 'hidden'
        ? await apiRequest(app.baseUrl, { ...call, path: fill(route.path, phantomOf(values)) })
        : undefined;
    const judgement = judge({
      policy: route.policy!,
      principal: caller,
      addressesRestricted,
      rule: target.rule,
      answer,
      phantom,
      markers: fixtures.restrictedMarkers,
      sent: JSON.stringify(call),
    });
    return {
      surface: 'REST',
      target: `${route.key}${scope ? ` [${scope}${addressing ? `, ${addressing}` : ''}]` : ''}`,
      principal: principal.name,
      expected,
      actual: judgement.actual,
      verdict: judgement.verdict,
      note: judgement.note,
    };
  }

  it('never lets an import find, change or reveal a restricted briefing the importer may not read', async () => {
    const before = await apiExpect<{ updatedAt?: string; title: string }>(app.baseUrl, {
      method: 'GET',
      path: `/api/briefings/${fixtures.restricted.briefingId}`,
      secret: operator.session,
    });
    const importers = principals.filter(
      (p) => p.live && p.role && ['editor', 'admin'].includes(p.role),
    );
    const copies: string[] = [];
    for (const principal of importers) {
      // Readers send the very document (a re-import that changes nothing); others a document
      // with its title and date only, which must become a briefing of their own, not an update.
      const answer = await apiRequest(app.baseUrl, {
        method: 'POST',
        path: '/api/briefings/import',
        secret: principal.secret,
        body: {
          content: briefingDocument(
            'May 1, 2026',
            principal.readsRestricted ? 'restricted' : 'team',
          ),
        },
      });
      const landed = (answer.json as { id?: string } | undefined)?.id;
      if (landed && landed !== fixtures.restricted.briefingId) copies.push(landed);
      const actual: Outcome =
        answer.status >= 400
          ? answerOutcome(answer)
          : landed === fixtures.restricted.briefingId
            ? 'allowed'
            : 'hidden';
      note(
        'import',
        'POST /api/briefings/import (title and date of the restricted briefing)',
        principal,
        readerOutcome(principal),
        actual,
        `${answer.status}`,
      );
    }
    for (const id of copies)
      await apiExpect(app.baseUrl, {
        method: 'DELETE',
        path: `/api/briefings/${id}`,
        secret: operator.session,
      });
    const after = await apiExpect<{ updatedAt?: string; title: string }>(app.baseUrl, {
      method: 'GET',
      path: `/api/briefings/${fixtures.restricted.briefingId}`,
      secret: operator.session,
    });
    expect(after).toEqual(before);

    const outsiderEditor = principals.find((p) => p.name === 'outsider editor session')!;
    const foreignGroup = await apiRequest(app.baseUrl, {
      method: 'POST',
      path: '/api/briefings/import',
      secret: outsiderEditor.secret,
      body: {
        content: briefingDocument('March 3, 2026', 'team'),
        visibility: 'restricted',
        groupIds: [fixtures.groupId],
      },
    });
    const stored = await apiExpect<{ briefings: Array<{ title: string }> }>(app.baseUrl, {
      method: 'GET',
      path: '/api/briefings',
      query: { limit: '100' },
      secret: operator.session,
    });
    note(
      'import',
      'POST /api/briefings/import restricted to a group the editor is not in',
      outsiderEditor,
      'forbidden',
      foreignGroup.status === 403 &&
        !stored.briefings.some((b) => b.title.includes('March 3, 2026'))
        ? 'forbidden'
        : 'allowed',
      `${foreignGroup.status} ${foreignGroup.errorCode ?? ''}`,
    );
    expect(describeUnexpected(ledger.unexpected('import'))).toEqual([]);
  });
});

/** How a non-200 answer to a principal reads, for the surfaces beyond the REST matrix. */
function answerOutcome(answer: ApiAnswer): Outcome {
  if (answer.status === 401) return 'unauthenticated';
  if (answer.status === 403) return 'forbidden';
  if (answer.status === 404) return 'hidden';
  return 'allowed';
}

/** The judgement itself, on made-up answers: a matrix that could not fail would prove nothing. */
describe('Authorization matrix judgement', () => {
  const principal = (overrides: Partial<Principal>): Principal => ({
    name: 'someone',
    role: 'member',
    live: true,
    readsRestricted: false,
    ...overrides,
  });
  const answer = (status: number, code?: string, message?: string, text = ''): ApiAnswer => ({
    status,
    text: text || (code ? JSON.stringify({ error: { code, message } }) : ''),
    json: undefined,
    errorCode: code,
    errorMessage: message,
  });
  const missing = answer(404, 'NOT_FOUND', 'No such action item.');
  const base = { markers: ['quillfeather'], sent: '{}', addressesRestricted: false };

  it('calls an ended credential that gets through an unexpected allow', () => {
    const ended = principal({ role: null, live: false });
    expect(
      judge({ ...base, policy: 'viewer', principal: ended, answer: answer(200) }),
    ).toMatchObject({
      verdict: 'unexpected allow',
    });
    expect(
      judge({ ...base, policy: 'public', principal: ended, answer: answer(200) }).verdict,
    ).toBe('expected');
  });

  it('takes a role refusal only from the gate, naming the policy and the role the caller acts as', () => {
    const token = principal({ role: 'member' });
    const refusal = (role: string) =>
      answer(403, 'FORBIDDEN', `This needs the editor role; you act as ${role}.`);
    expect(
      judge({ ...base, policy: 'editor', principal: token, answer: refusal('member') }).verdict,
    ).toBe('expected');
    expect(
      judge({ ...base, policy: 'editor', principal: token, answer: refusal('admin') }).verdict,
    ).toBe('unexpected deny');
    expect(
      judge({ ...base, policy: 'editor', principal: token, answer: answer(200) }).verdict,
    ).toBe('unexpected allow');
  });

  it('wants exactly what a non-existent id gets where the target is hidden', () => {
    const hidden = {
      ...base,
      policy: 'member' as const,
      principal: principal({}),
      addressesRestricted: true,
    };
    expect(judge({ ...hidden, answer: missing, phantom: missing }).verdict).toBe('expected');
    const owner = answer(
      403,
      'FORBIDDEN',
      'Only its owner, its creator or an editor can change this action item.',
    );
    expect(judge({ ...hidden, answer: owner, phantom: missing }).verdict).toBe('unexpected allow');
    const other = answer(404, 'NOT_FOUND', 'No such thread.');
    expect(judge({ ...hidden, answer: other, phantom: missing }).verdict).toBe('unexpected allow');
    const invalid = answer(400, 'VALIDATION_FAILED', 'body must be a string');
    expect(judge({ ...hidden, answer: invalid, phantom: invalid }).verdict).toBe('expected');
    expect(judge({ ...hidden, answer: answer(204), phantom: missing }).verdict).toBe(
      'unexpected allow',
    );
  });

  it('lets a 403 past the gate pass only for a rule the route declares', () => {
    const rule = answer(403, 'FORBIDDEN', 'Only its author or an editor can change this comment.');
    const allowed = { ...base, policy: 'member' as const, principal: principal({}), answer: rule };
    expect(judge(allowed).verdict).toBe('unexpected deny');
    expect(judge({ ...allowed, rule: 'authors edit their comments' }).verdict).toBe('expected');
    expect(judge({ ...allowed, answer: missing }).verdict).toBe('unexpected deny');
  });

  it('finds restricted text in any answer to a non-reader, but not what the caller sent', () => {
    const echo = answer(
      400,
      'VALIDATION_FAILED',
      'bad',
      '{"error":{"details":"Quillfeather plan"}}',
    );
    const call = { ...base, policy: 'member' as const, answer: echo };
    expect(judge({ ...call, principal: principal({}) }).verdict).toBe('unexpected allow');
    expect(judge({ ...call, principal: principal({ readsRestricted: true }) }).verdict).toBe(
      'expected',
    );
    expect(judge({ ...call, principal: principal({}), sent: '{"q":"quillfeather"}' }).verdict).toBe(
      'expected',
    );
  });

  it('counts a 5xx as a server error whatever was expected', () => {
    expect(
      judge({
        ...base,
        policy: 'viewer',
        principal: principal({}),
        answer: answer(500, 'INTERNAL_ERROR', 'x'),
      }).verdict,
    ).toBe('server error');
  });
});
