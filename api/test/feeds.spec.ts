import pg from 'pg';
import { JobName } from '../src/jobs/job-names.js';
import { JobQueue } from '../src/jobs/job-queue.js';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import {
  redirectTo,
  serve,
  startLocalWebServer,
  type LocalWebServer,
  type Route,
} from './support/local-web-server.js';
import { uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Six hours: a scheduled pass (at 00, 06, 12, 18 UTC) is unlikely mid-test; tests poll themselves. */
const INTERVAL = 21_600;

interface Entry {
  guid: string | null;
  title: string;
  date: string;
  /** What the entry says under "Tech News". */
  news?: string;
}

/** One entry of a briefing feed: a dated title, a news section and a takeaway, as HTML. */
function item(entry: Entry): string {
  const guid = entry.guid === null ? '' : `<guid isPermaLink="false">${entry.guid}</guid>`;
  return `
    <item>
      <title>${entry.title}: ${entry.date}</title>
      ${guid}
      <pubDate>${new Date(`${entry.date} 06:00 UTC`).toUTCString()}</pubDate>
      <content:encoded><![CDATA[
        <p>${entry.date}</p>
        <h2>Tech News</h2>
        <ul><li><strong>${entry.news ?? 'Grid operators ration new hook-ups.'}</strong> Three regions now queue requests.</li>
            <li><strong>Agent frameworks add signed logs.</strong> Every tool call is attributable.</li></ul>
        <h2>CTO Takeaway</h2>
        <p>Treat energy as a first-class dependency.</p>
      ]]></content:encoded>
    </item>`;
}

function feed(entries: Entry[], title = 'The CTO Desk'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${title}</title>
    <link>https://cto.example.com/</link>
    ${entries.map(item).join('')}
  </channel>
</rss>
`;
}

/** Serves `body` with an ETag, answering 304 to a request that already has it. */
function servedWithEtag(body: () => string, etag: () => string): Route {
  return (request, response) => {
    if (request.headers['if-none-match'] === etag()) return response.writeHead(304).end();
    response
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: etag() })
      .end(body());
  };
}

interface FeedBody {
  id: string;
  url: string;
  title: string | null;
  series: string | null;
  paused: boolean;
  failures: number;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  nextPollAt: string | null;
  entriesImported: number;
}

describe('Feed subscriptions', () => {
  let site: LocalWebServer;
  let internal: LocalWebServer;
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let path = 0;

  beforeAll(async () => {
    site = await startLocalWebServer();
    internal = await startLocalWebServer();
    app = await createTestApp({
      OUTBOUND_ALLOWLIST: site.hostPort,
      FEED_POLL_INTERVAL_SECONDS: String(INTERVAL),
    });
    [admin, editor, member, viewer] = await Promise.all([
      createUser(app, 'admin'),
      createUser(app, 'editor'),
      createUser(app, 'member'),
      createUser(app, 'viewer'),
    ]);
  });

  afterAll(async () => {
    await app.close();
    await site.close();
    await internal.close();
  });

  /** A path of the test site no other test serves. */
  const freshPath = () => `/feeds/${++path}.xml`;

  async function subscribe(url: string, series: string | null = null): Promise<FeedBody> {
    const response = await app.http
      .post('/api/feeds')
      .set(bearer(admin))
      .send(series ? { url, series } : { url })
      .expect(201);
    return response.body.feed as FeedBody;
  }

  const poll = (id: string, user: TestUser = admin) =>
    app.http.post(`/api/feeds/${id}/poll`).set(bearer(user));

  async function feedById(id: string): Promise<FeedBody> {
    const { body } = await app.http.get('/api/feeds').set(bearer(admin)).expect(200);
    const found = (body.feeds as FeedBody[]).find((candidate) => candidate.id === id);
    if (!found) throw new Error(`feed ${id} is not listed`);
    return found;
  }

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query(sql, values)).rows[0].count);
    } finally {
      await client.end();
    }
  }

  const secondsBetween = (from: string | null, to: string | null) =>
    (Date.parse(to ?? '') - Date.parse(from ?? '')) / 1000;

  it('subscribes, and a poll imports each entry into the feed’s series, then 304 imports nothing', async () => {
    const [first, second] = [uniqueDate(), uniqueDate()];
    const at = freshPath();
    site.route(
      at,
      servedWithEtag(
        () =>
          feed([
            { guid: 'desk-2', title: 'Desk Notes', date: second },
            { guid: 'desk-1', title: 'Desk Notes', date: first },
          ]),
        () => '"rev-1"',
      ),
    );

    const created = await subscribe(site.url(at), 'Desk Series');
    const polled = await poll(created.id).expect(200);
    const again = await poll(created.id).expect(200);

    expect(created).toMatchObject({
      url: site.url(at),
      series: 'Desk Series',
      paused: false,
      lastSuccessAt: null,
      lastError: null,
      entriesImported: 0,
    });
    expect(created.nextPollAt).toEqual(expect.any(String));
    expect(polled.body).toMatchObject({ notModified: false, skipped: 0 });
    // The older entry first: feeds list the newest first.
    expect(polled.body.briefings.map((b: { title: string }) => b.title)).toEqual([
      `Desk Notes: ${first}`,
      `Desk Notes: ${second}`,
    ]);
    expect(polled.body.feed).toMatchObject({
      title: 'The CTO Desk',
      failures: 0,
      lastError: null,
      entriesImported: 2,
    });
    expect(secondsBetween(polled.body.feed.lastSuccessAt, polled.body.feed.nextPollAt)).toBe(
      INTERVAL,
    );
    const briefing = await app.http
      .get(`/api/briefings/${polled.body.briefings[0].id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(briefing.body.series).toBe('Desk Series');

    expect(again.body).toMatchObject({ notModified: true, briefings: [], skipped: 0 });
    const requests = site.requests.filter((request) => request.line === `GET ${at}`);
    expect(requests.at(-1)?.headers['if-none-match']).toBe('"rev-1"');
  });

  it('imports each entry once: a changed or re-published entry, or one whose briefing was deleted, stays as it was', async () => {
    const [first, second, third] = [uniqueDate(), uniqueDate(), uniqueDate()];
    let revision = 1;
    let entries: Entry[] = [
      { guid: 'once-2', title: 'Once', date: second },
      { guid: 'once-1', title: 'Once', date: first },
    ];
    const at = freshPath();
    site.route(
      at,
      servedWithEtag(
        () => feed(entries),
        () => `"rev-${revision}"`,
      ),
    );
    const { id } = await subscribe(site.url(at));
    const firstPoll = await poll(id).expect(200);
    const [one, two] = firstPoll.body.briefings as Array<{ id: string }>;
    await app.http.delete(`/api/briefings/${two?.id}`).set(bearer(admin)).expect(204);

    revision = 2;
    entries = [
      { guid: 'once-3', title: 'Once', date: third },
      { guid: 'once-2', title: 'Once', date: second },
      { guid: 'once-1', title: 'Once', date: first, news: 'An edit made after the import.' },
    ];
    const secondPoll = await poll(id).expect(200);

    expect(secondPoll.body.briefings.map((b: { title: string }) => b.title)).toEqual([
      `Once: ${third}`,
    ]);
    const kept = await app.http.get(`/api/briefings/${one?.id}`).set(bearer(admin)).expect(200);
    expect(JSON.stringify(kept.body)).not.toContain('An edit made after the import');
    expect(await count(`SELECT count(*) FROM briefing WHERE title = $1`, [`Once: ${second}`])).toBe(
      0,
    );
    expect(await count(`SELECT count(*) FROM feed_entry_seen WHERE feed_id = $1`, [id])).toBe(3);
  });

  it('knows an entry without a guid by its link or content, across polls', async () => {
    const date = uniqueDate();
    const at = freshPath();
    site.route(at, serve(feed([{ guid: null, title: 'No Guid', date }]), 'application/rss+xml'));
    const { id } = await subscribe(site.url(at));

    const first = await poll(id).expect(200);
    const second = await poll(id).expect(200);

    expect(first.body.briefings).toHaveLength(1);
    expect(second.body).toMatchObject({ notModified: false, briefings: [] });
  });

  it('skips an entry that is no briefing, naming it, and imports the rest', async () => {
    const date = uniqueDate();
    const at = freshPath();
    const empty = '<item><guid>empty-1</guid><title></title><description></description></item>';
    site.route(
      at,
      serve(
        feed([{ guid: 'good-1', title: 'Good', date }]).replace('</channel>', `${empty}</channel>`),
        'application/rss+xml',
      ),
    );
    const { id } = await subscribe(site.url(at));

    const polled = await poll(id).expect(200);
    const again = await poll(id).expect(200);

    expect(polled.body).toMatchObject({ skipped: 1, briefings: [{ title: `Good: ${date}` }] });
    expect(polled.body.feed.lastError).toMatch(/^Skipped 1 entry: empty-1: /);
    expect(polled.body.feed.failures).toBe(0);
    expect(again.body).toMatchObject({ skipped: 0, briefings: [] });
    expect(again.body.feed.lastError).toBeNull();
  });

  it('backs off after failures, doubling up to a day, and recovers on success', async () => {
    const at = freshPath();
    let failing = true;
    const date = uniqueDate();
    site.route(at, (_request, response) => {
      if (failing) return response.writeHead(503).end('down');
      response
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(feed([{ guid: 'back-1', title: 'Back', date }]));
    });
    const { id } = await subscribe(site.url(at));

    const firstFailure = await poll(id);
    const afterFirst = await feedById(id);
    const secondFailure = await poll(id);
    const afterSecond = await feedById(id);
    failing = false;
    const recovered = await poll(id).expect(200);

    expectError(firstFailure, 422, 'URL_FETCH_FAILED');
    expect(firstFailure.body.error.details).toEqual({ reason: 'http_status', status: 503 });
    expectError(secondFailure, 422, 'URL_FETCH_FAILED');
    expect(afterFirst).toMatchObject({ failures: 1, lastSuccessAt: null });
    expect(afterFirst.lastError).toContain('HTTP 503');
    expect(secondsBetween(afterFirst.lastPolledAt, afterFirst.nextPollAt)).toBe(2 * INTERVAL);
    expect(afterSecond.failures).toBe(2);
    expect(secondsBetween(afterSecond.lastPolledAt, afterSecond.nextPollAt)).toBe(86_400);
    expect(recovered.body.feed).toMatchObject({ failures: 0, lastError: null });
    expect(recovered.body.briefings).toHaveLength(1);
    expect(secondsBetween(recovered.body.feed.lastPolledAt, recovered.body.feed.nextPollAt)).toBe(
      INTERVAL,
    );
  });

  it('records a page that is not a feed, and a malformed feed, as the feed’s failure', async () => {
    const page = freshPath();
    const broken = freshPath();
    site.route(page, serve('<!doctype html><p>not a feed</p>', 'text/plain'));
    site.route(
      broken,
      serve(
        feed([{ guid: 'x', title: 'Broken', date: uniqueDate() }]).replace('</channel>', ''),
        'application/xml',
      ),
    );
    const notFeed = await subscribe(site.url(page));
    const malformed = await subscribe(site.url(broken));

    expectError(await poll(notFeed.id), 422, 'UNPARSEABLE_BRIEFING');
    expectError(await poll(malformed.id), 422, 'UNPARSEABLE_BRIEFING');

    expect(await feedById(malformed.id)).toMatchObject({ failures: 1, entriesImported: 0 });
    expect(
      await count(`SELECT count(*) FROM feed_entry_seen WHERE feed_id = $1`, [malformed.id]),
    ).toBe(0);
  });

  it('refuses a feed that redirects to an internal address, recording why', async () => {
    internal.route('/feed.xml', serve(feed([]), 'application/rss+xml'));
    const at = freshPath();
    site.route(at, redirectTo(internal.url('/feed.xml')));
    const { id } = await subscribe(site.url(at));

    expectError(await poll(id), 422, 'URL_NOT_ALLOWED');

    expect((await feedById(id)).lastError).toContain('loopback, private, link-local or metadata');
    expect(internal.requests).toHaveLength(0);
  });

  it('polls, in the scheduled pass, the feeds that came due and are not paused', async () => {
    const [dueDate, pausedDate] = [uniqueDate(), uniqueDate()];
    const duePath = freshPath();
    const pausedPath = freshPath();
    site.route(
      duePath,
      serve(feed([{ guid: 'pass-1', title: 'Pass', date: dueDate }]), 'application/rss+xml'),
    );
    site.route(
      pausedPath,
      serve(feed([{ guid: 'pause-1', title: 'Paused', date: pausedDate }]), 'application/rss+xml'),
    );
    const due = await subscribe(site.url(duePath));
    const paused = await subscribe(site.url(pausedPath));
    const pausedView = await app.http
      .patch(`/api/feeds/${paused.id}`)
      .set(bearer(admin))
      .send({ paused: true })
      .expect(200);
    const jobs = app.server.app.get(JobQueue);
    const now = new Date();

    await jobs.run(JobName.FeedPollPass, { now: now.toISOString() });
    const soonAfter = await jobs.run(JobName.FeedPollPass, {
      now: new Date(now.getTime() + (INTERVAL / 2) * 1000).toISOString(),
    });

    expect(pausedView.body.feed).toMatchObject({ paused: true, nextPollAt: null });
    expect(await feedById(due.id)).toMatchObject({ entriesImported: 1, failures: 0 });
    expect(await feedById(paused.id)).toMatchObject({ entriesImported: 0, lastPolledAt: null });
    expect(soonAfter.polled).toBe(0);
    expect(site.requests.filter((request) => request.line === `GET ${pausedPath}`)).toHaveLength(0);

    const resumed = await app.http
      .patch(`/api/feeds/${paused.id}`)
      .set(bearer(admin))
      .send({ paused: false, series: 'Resumed Series' })
      .expect(200);
    expect(resumed.body.feed).toMatchObject({ paused: false, series: 'Resumed Series' });
    expect(Date.parse(resumed.body.feed.nextPollAt)).toBeLessThanOrEqual(Date.now());
  });

  it('unsubscribes, keeping the briefings the feed brought', async () => {
    const date = uniqueDate();
    const at = freshPath();
    site.route(at, serve(feed([{ guid: 'bye-1', title: 'Goodbye', date }]), 'application/rss+xml'));
    const { id } = await subscribe(site.url(at));
    const polled = await poll(id).expect(200);

    await app.http.delete(`/api/feeds/${id}`).set(bearer(admin)).expect(204);

    const { body } = await app.http.get('/api/feeds').set(bearer(admin)).expect(200);
    expect((body.feeds as FeedBody[]).map((candidate) => candidate.id)).not.toContain(id);
    await app.http
      .get(`/api/briefings/${polled.body.briefings[0].id}`)
      .set(bearer(admin))
      .expect(200);
    expectError(await app.http.delete(`/api/feeds/${id}`).set(bearer(admin)), 404, 'NOT_FOUND');
    expectError(await poll(id), 404, 'NOT_FOUND');
  });

  describe('access', () => {
    it('is for admins only: editors, members and viewers get 403, the signed-out 401, and nothing changes', async () => {
      const at = freshPath();
      site.route(
        at,
        serve(
          feed([{ guid: 'deny-1', title: 'Denied', date: uniqueDate() }]),
          'application/rss+xml',
        ),
      );
      const { id } = await subscribe(site.url(at));
      const requestsBefore = site.requests.length;

      for (const user of [editor, member, viewer]) {
        expectError(await app.http.get('/api/feeds').set(bearer(user)), 403, 'FORBIDDEN');
        expectError(
          await app.http
            .post('/api/feeds')
            .set(bearer(user))
            .send({ url: site.url('/other.xml') }),
          403,
          'FORBIDDEN',
        );
        expectError(
          await app.http.patch(`/api/feeds/${id}`).set(bearer(user)).send({ paused: true }),
          403,
          'FORBIDDEN',
        );
        expectError(await app.http.delete(`/api/feeds/${id}`).set(bearer(user)), 403, 'FORBIDDEN');
        expectError(await poll(id, user), 403, 'FORBIDDEN');
      }
      expectError(await app.http.get('/api/feeds'), 401, 'UNAUTHENTICATED');
      expectError(await app.http.post(`/api/feeds/${id}/poll`), 401, 'UNAUTHENTICATED');

      expect(site.requests.length).toBe(requestsBefore);
      expect(await feedById(id)).toMatchObject({ paused: false, lastPolledAt: null });
      expect(
        await count(`SELECT count(*) FROM feed_subscription WHERE url = $1`, [
          site.url('/other.xml'),
        ]),
      ).toBe(0);
    });
  });

  describe('bad input', () => {
    it('answers 400 for a missing url, bad fields and a bad id; 404 for an unknown feed', async () => {
      const post = (body: object) => app.http.post('/api/feeds').set(bearer(admin)).send(body);

      expectError(await post({}), 400, 'VALIDATION_FAILED');
      expectError(await post({ url: 'not a url' }), 400, 'VALIDATION_FAILED');
      expectError(
        await post({ url: site.url('/a.xml'), series: 'x'.repeat(121) }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await post({ url: site.url('/a.xml'), every: 5 }), 400, 'VALIDATION_FAILED');
      expectError(
        await app.http.patch('/api/feeds/not-a-uuid').set(bearer(admin)).send({ paused: true }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .patch('/api/feeds/00000000-0000-4000-8000-000000000000')
          .set(bearer(admin))
          .send({ paused: true }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http
          .patch('/api/feeds/00000000-0000-4000-8000-000000000000')
          .set(bearer(admin))
          .send({ paused: 'yes' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(
        await count(`SELECT count(*) FROM feed_subscription WHERE url = $1`, [site.url('/a.xml')]),
      ).toBe(0);
    });

    it('refuses internal addresses and other schemes with 422 URL_NOT_ALLOWED, and a second subscription with 409', async () => {
      const post = (url: string) => app.http.post('/api/feeds').set(bearer(admin)).send({ url });
      const before = await count('SELECT count(*) FROM feed_subscription');

      for (const url of [
        internal.url('/feed.xml'),
        'http://[::1]/feed.xml',
        'http://169.254.169.254/latest/meta-data',
        `http://localhost:${internal.port}/feed.xml`,
        'file:///etc/passwd',
        'ftp://example.com/feed.xml',
      ])
        expectError(await post(url), 422, 'URL_NOT_ALLOWED');
      expect(await count('SELECT count(*) FROM feed_subscription')).toBe(before);

      const at = freshPath();
      await subscribe(site.url(at));
      expectError(await post(site.url(at)), 409, 'CONFLICT');
    });
  });
});
