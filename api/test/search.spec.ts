import { execFile as execFileCallback } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { SavedSearchAlerts } from '../src/search/saved-search-alerts.js';
import { startServer } from '../src/server.js';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const execFile = promisify(execFileCallback);
const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

type Briefing = {
  id: string;
  slug: string;
  sections: Array<{
    items: Array<{ id: string; title: string }>;
    discussion: { threadId: string } | null;
  }>;
};
type Hit = { type: string; id: string; title: string; snippet: string; url: string };

/** Resolves once the outbox is empty: every committed change has reached Meilisearch. */
async function indexed(databaseUrl: string, timeoutMs = 15_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM search_outbox');
      if (rows[0].n === 0) return;
      if (Date.now() > deadline) {
        const { rows: errors } = await client.query(
          'SELECT DISTINCT last_error FROM search_outbox WHERE last_error IS NOT NULL',
        );
        throw new Error(
          `search outbox still holds ${rows[0].n} rows: ${errors.map((e) => e.last_error).join('; ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await client.end();
  }
}

describe('Search', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let insider: TestUser;
  let outsider: TestUser;
  let briefing: Briefing;
  let secret: Briefing;
  let threadId: string;

  const search = (user: TestUser, query: Record<string, string>) =>
    app.http.get('/api/search').query(query).set(bearer(user));

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    insider = await createUser(app, 'member');
    outsider = await createUser(app, 'member');
    briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body;
    threadId = briefing.sections[0].discussion!.threadId;

    const group = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name: 'Board' })
      .expect(201);
    await app.http
      .put(`/api/admin/groups/${group.body.group.id}/members`)
      .set(bearer(admin))
      .send({ userIds: [insider.id] })
      .expect(200);
    secret = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({
          content: sample
            .replaceAll('May 7, 2026', 'May 21, 2026')
            .replace('Daily Sync', 'Board Prep'),
          visibility: 'restricted',
          groupIds: [group.body.group.id],
        })
        .expect(201)
    ).body;
    await indexed(app.databaseUrl);
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds a briefing item with a highlighted snippet and a link to the exact item', async () => {
    const item = briefing.sections[0].items[0];
    const result = await search(member, { q: item.title, type: 'item' }).expect(200);
    const hit = result.body.hits.find((h: Hit) => h.id === item.id);
    expect(hit).toMatchObject({
      type: 'item',
      title: item.title,
      url: `/briefings/${briefing.slug}#item-${item.id}`,
      date: '2026-05-07',
      briefing: { id: briefing.id, slug: briefing.slug },
    });
    expect(hit.snippet).toContain('<mark>');
    expect(result.body.facets.type.item).toBeGreaterThanOrEqual(1);
    expect(typeof result.body.processingTimeMs).toBe('number');
  });

  it('makes a posted comment searchable, escapes its markup and drops it when deleted', async () => {
    const posted = await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(member))
      .send({ body: 'We should move the inference fleet to kubernetes <script>alert(1)</script>' })
      .expect(201);
    await indexed(app.databaseUrl);

    const found = await search(member, { q: 'inference fleet', type: 'comment' }).expect(200);
    const hit = found.body.hits.find((h: Hit) => h.id === posted.body.id);
    expect(hit.url).toBe(`/threads/${threadId}#comment-${posted.body.id}`);
    expect(hit.snippet).toContain('<mark>inference</mark>');
    expect(hit.snippet).not.toContain('<script>');
    expect(hit.snippet).toContain('&#60;script&#62;');

    // Synonym from the seeded set: k8s finds "kubernetes".
    const synonym = await search(member, { q: 'k8s', type: 'comment' }).expect(200);
    expect(synonym.body.hits.map((h: Hit) => h.id)).toContain(posted.body.id);

    await app.http
      .delete(`/api/comments/${posted.body.id}`)
      .set(bearer(member))
      .expect((r) => expect([200, 204]).toContain(r.status));
    await indexed(app.databaseUrl);
    const gone = await search(member, { q: 'inference fleet', type: 'comment' }).expect(200);
    expect(gone.body.hits.map((h: Hit) => h.id)).not.toContain(posted.body.id);
  });

  it('titles discussion and comment hits with the thread’s short title, an edited one at once', async () => {
    const thread = (await app.http.get(`/api/threads/${threadId}`).set(bearer(member)).expect(200))
      .body.thread;
    expect(thread.shortTitle.length).toBeLessThan(thread.title.length);
    const posted = await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(member))
      .send({ body: 'The wombat ledger needs a second reviewer' })
      .expect(201);
    await indexed(app.databaseUrl);

    const titleOf = async (q: string, type: string, id: string) => {
      const found = await search(member, { q, type }).expect(200);
      return found.body.hits.find((h: Hit) => h.id === id)?.title as string | undefined;
    };
    const promptWords = thread.title.split(/\s+/).slice(0, 6).join(' ');
    expect(await titleOf(promptWords, 'discussion', threadId)).toBe(thread.shortTitle);
    expect(await titleOf('wombat ledger', 'comment', posted.body.id)).toBe(thread.shortTitle);

    await app.http
      .patch(`/api/threads/${threadId}`)
      .set(bearer(editor))
      .send({ shortTitle: 'Grid capacity' })
      .expect(200);
    // No re-indexing needed: the title is read when answering.
    expect(await titleOf('wombat ledger', 'comment', posted.body.id)).toBe('Grid capacity');
    expect(await titleOf(promptWords, 'discussion', threadId)).toBe('Grid capacity');
    // The prompt stays what is searched (and what the snippet shows).
    const byPrompt = await search(member, { q: promptWords, type: 'discussion' }).expect(200);
    const hit = byPrompt.body.hits.find((h: Hit) => h.id === threadId);
    expect(hit.snippet).toContain('<mark>');

    await app.http
      .patch(`/api/threads/${threadId}`)
      .set(bearer(editor))
      .send({ shortTitle: thread.shortTitle })
      .expect(200);
  });

  it('never shows a restricted comment outside its group, in hits or in facet counts', async () => {
    const secretThread = secret.sections[0].discussion!.threadId;
    const posted = await app.http
      .post(`/api/threads/${secretThread}/comments`)
      .set(bearer(insider))
      .send({ body: 'Confidential: the zanzibar acquisition closes in June' })
      .expect(201);
    await indexed(app.databaseUrl);

    const inside = await search(insider, { q: 'zanzibar' }).expect(200);
    expect(inside.body.hits.map((h: Hit) => h.id)).toContain(posted.body.id);
    const asAdmin = await search(admin, { q: 'zanzibar' }).expect(200);
    expect(asAdmin.body.hits.map((h: Hit) => h.id)).toContain(posted.body.id);

    const outside = await search(outsider, { q: 'zanzibar' }).expect(200);
    expect(outside.body).toMatchObject({ hits: [], estimatedTotalHits: 0 });
    expect(outside.body.facets.type).toEqual({});
    // Browsing everything: the restricted briefing's series never appears in facets either.
    const browse = await search(outsider, { q: '', limit: '50' }).expect(200);
    expect(Object.keys(browse.body.facets.series)).not.toContain('Board Prep');
    expect(browse.body.hits.every((h: Hit) => !h.url.includes(secret.slug))).toBe(true);
    const insideBrowse = await search(insider, { q: '' }).expect(200);
    expect(Object.keys(insideBrowse.body.facets.series)).toContain('Board Prep');
  });

  it('filters by type, tags, status and date range', async () => {
    const byDate = await search(member, {
      q: '',
      type: 'briefing',
      from: '2026-05-07',
      to: '2026-05-07',
    }).expect(200);
    expect(byDate.body.hits.map((h: Hit) => h.id)).toEqual([briefing.id]);
    const none = await search(member, { q: '', type: 'briefing', from: '2026-06-01' }).expect(200);
    expect(none.body.hits).toEqual([]);
    const items = await search(member, { q: '', type: 'item' }).expect(200);
    expect(items.body.hits.every((h: Hit) => h.type === 'item')).toBe(true);
    // The type facet still counts the other types, for what the filters other than type allow.
    expect(items.body.facets.type.item).toBe(items.body.estimatedTotalHits);
    expect(items.body.facets.type.discussion).toBeGreaterThan(0);
    const open = await search(member, { q: '', type: 'discussion', status: 'open' }).expect(200);
    expect(open.body.hits.length).toBeGreaterThan(0);
    expect(open.body.facets.status).toEqual({ open: open.body.estimatedTotalHits });
    const resolved = await search(member, { q: '', type: 'discussion', status: 'resolved' });
    expect(resolved.body.hits).toEqual([]);

    // Sections: a facet with counts, and a filter on the exact heading.
    const all = await search(member, { q: '', type: 'item,discussion' }).expect(200);
    expect(all.body.facets.section).toMatchObject({ 'Tech News': expect.any(Number) });
    const tech = await search(member, {
      q: '',
      type: 'item',
      section: 'Tech News',
      // other tests import later briefings with the same section
      from: '2026-05-07',
      to: '2026-05-07',
    }).expect(200);
    const techItems = briefing.sections[0].items.map((i) => i.id).sort();
    expect(tech.body.hits.map((h: Hit) => h.id).sort()).toEqual(techItems);
    expect(tech.body.facets.section).toEqual({ 'Tech News': techItems.length });
  });

  it('indexes actions and decisions with their owner and status', async () => {
    const action = await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({
        title: 'Draft the quetzal energy procurement plan',
        ownerId: member.id,
        priority: 'high',
        links: [{ type: 'briefing', id: briefing.id }],
      })
      .expect(201);
    const decision = await app.http
      .post('/api/decisions')
      .set(bearer(member))
      .send({ title: 'Adopt quetzal metering', statement: 'We meter GPU hours per team.' })
      .expect(201);
    await indexed(app.databaseUrl);
    const found = await search(member, { q: 'quetzal' }).expect(200);
    const types = Object.fromEntries(found.body.hits.map((h: Hit) => [h.type, h]));
    expect(types.action).toMatchObject({
      id: action.body.id,
      url: `/actions/${action.body.id}`,
      status: 'open',
      owner: { id: member.id },
    });
    expect(types.decision).toMatchObject({ id: decision.body.id, status: 'proposed' });
    const urgent = await search(member, { q: 'quetzal', priority: 'urgent' }).expect(200);
    expect(urgent.body.hits).toEqual([]);

    // Due dates filter actions; what has no due date never matches a due range.
    await app.http
      .patch(`/api/actions/${action.body.id}`)
      .set(bearer(member))
      .send({ dueOn: '2026-06-15' })
      .expect(200);
    await indexed(app.databaseUrl);
    const due = (query: Record<string, string>) =>
      search(member, { q: 'quetzal', ...query })
        .expect(200)
        .then((r) => r.body.hits.map((h: Hit) => h.id));
    expect(await due({ dueFrom: '2026-06-01', dueTo: '2026-06-30' })).toEqual([action.body.id]);
    expect(await due({ dueFrom: '2026-06-15', dueTo: '2026-06-15' })).toEqual([action.body.id]);
    expect(await due({ dueFrom: '2026-06-16' })).toEqual([]);
    expect(await due({ dueTo: '2026-06-14' })).toEqual([]);
  });

  it('answers bad parameters with 400 and strangers with 401', async () => {
    expectError(await search(member, { type: 'bogus' }), 400, 'VALIDATION_FAILED');
    expectError(await search(member, { limit: '0' }), 400, 'VALIDATION_FAILED');
    expectError(await search(member, { limit: '51' }), 400, 'VALIDATION_FAILED');
    expectError(await search(member, { from: '2026-13-01' }), 400, 'VALIDATION_FAILED');
    expectError(await search(member, { dueTo: '15/06/2026' }), 400, 'VALIDATION_FAILED');
    expectError(await search(member, { section: 's'.repeat(201) }), 400, 'VALIDATION_FAILED');
    expectError(await search(member, { ownerId: 'nope' }), 400, 'VALIDATION_FAILED');
    expectError(await search(member, { q: 'x'.repeat(513) }), 400, 'VALIDATION_FAILED');
    expectError(await app.http.get('/api/search?q=x'), 401, 'UNAUTHENTICATED');
  });

  it('lets admins edit synonyms, applied to every index', async () => {
    await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({ title: 'Draft the quetzal energy procurement plan' })
      .expect(201);
    await indexed(app.databaseUrl);
    expectError(
      await app.http
        .put('/api/search/synonyms')
        .set(bearer(editor))
        .send({ synonyms: [['a', 'b']] }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await app.http
        .put('/api/search/synonyms')
        .set(bearer(admin))
        .send({ synonyms: [['lonely']] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .put('/api/search/synonyms')
        .set(bearer(admin))
        .send({ synonyms: [['same', 'SAME']] }),
      400,
      'VALIDATION_FAILED',
    );
    const before = await app.http.get('/api/search/synonyms').set(bearer(member)).expect(200);
    expect(before.body.synonyms).toContainEqual(['k8s', 'kubernetes']);

    await app.http
      .put('/api/search/synonyms')
      .set(bearer(admin))
      .send({ synonyms: [...before.body.synonyms, ['Quetzal', 'plumed bird']] })
      .expect(200);
    const found = await search(member, { q: 'plumed bird', type: 'action' }).expect(200);
    expect(found.body.hits.map((h: Hit) => h.title)).toContain(
      'Draft the quetzal energy procurement plan',
    );
  });

  it('keeps saved searches per user', async () => {
    // people of its own: other tests save searches too
    const member = await createUser(app, 'member');
    const outsider = await createUser(app, 'member');
    const saved = await app.http
      .post('/api/saved-searches')
      .set(bearer(member))
      .send({ name: 'Energy', query: 'energy', filters: { type: 'item,action' }, alert: true })
      .expect(201);
    expect(saved.body).toMatchObject({
      name: 'Energy',
      query: 'energy',
      filters: { type: 'item,action' },
      alert: true,
    });
    expectError(
      await app.http.post('/api/saved-searches').set(bearer(member)).send({ name: '', query: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/saved-searches')
        .set(bearer(member))
        .send({ name: 'Bad', query: 'x', filters: { type: 'nope' } }),
      400,
      'VALIDATION_FAILED',
    );
    const others = await app.http.get('/api/saved-searches').set(bearer(outsider)).expect(200);
    expect(others.body.savedSearches).toEqual([]);
    expectError(
      await app.http.delete(`/api/saved-searches/${saved.body.id}`).set(bearer(outsider)),
      404,
      'NOT_FOUND',
    );
    const mine = await app.http.get('/api/saved-searches').set(bearer(member)).expect(200);
    expect(mine.body.savedSearches.map((s: { id: string }) => s.id)).toEqual([saved.body.id]);
    await app.http.delete(`/api/saved-searches/${saved.body.id}`).set(bearer(member)).expect(204);
  });

  it('alerts the owner of a saved search when new results they may read appear, once', async () => {
    const save = (user: TestUser) =>
      app.http
        .post('/api/saved-searches')
        .set(bearer(user))
        .send({ name: 'Walrus watch', query: 'walrus', alert: true })
        .expect(201);
    const insiderSearch = await save(insider);
    await save(outsider);
    const secretThread = secret.sections[0].discussion!.threadId;
    await app.http
      .post(`/api/threads/${secretThread}/comments`)
      .set(bearer(insider))
      .send({ body: 'The walrus project is on hold' })
      .expect(201);
    await indexed(app.databaseUrl);

    const alerts = app.server.app.get(SavedSearchAlerts);
    const later = new Date(Date.now() + 3_000);
    await expect(alerts.runPass(later)).resolves.toMatchObject({ notified: 1 });
    const notes = await app.http.get('/api/notifications').set(bearer(insider)).expect(200);
    const alert = notes.body.notifications.find((n: { kind: string }) => n.kind === 'saved_search');
    expect(alert).toMatchObject({
      savedSearch: {
        id: insiderSearch.body.id,
        name: 'Walrus watch',
        query: 'walrus',
        filters: {},
        newHits: 1,
      },
      thread: null,
    });
    const outsiderNotes = await app.http
      .get('/api/notifications')
      .set(bearer(outsider))
      .expect(200);
    expect(
      outsiderNotes.body.notifications.filter((n: { kind: string }) => n.kind === 'saved_search'),
    ).toEqual([]);
    // Nothing new since: the next pass sends nothing.
    await expect(alerts.runPass(new Date(Date.now() + 4_000))).resolves.toMatchObject({
      notified: 0,
    });
  });

  it('shows related earlier items for an item, and 404 for an item you may not read', async () => {
    const later = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(
          sample
            .replaceAll('May 7, 2026', 'May 14, 2026')
            // a word no earlier document has: related must not hinge on it
            .replace('AI infra meets energy', 'AI infra collides with energy'),
        )
        .expect(201)
    ).body as Briefing;
    // Shares the subject but not the title's one unusual word ("collides"): still related.
    const action = await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({ title: 'Budget AI infra for energy and climate constraints' })
      .expect(201);
    await indexed(app.databaseUrl);
    const item = later.sections[0].items[0];
    expect(item.title).toBe('AI infra collides with energy and climate constraints');
    const related = await app.http
      .get(`/api/items/${item.id}/related`)
      .set(bearer(member))
      .expect(200);
    const ids = related.body.hits.map((h: Hit) => h.id);
    expect(ids).toContain(briefing.sections[0].items[0].id);
    expect(ids).toContain(action.body.id);
    expect(ids).not.toContain(item.id);
    expect(related.body.hits.every((h: Hit) => !h.url.includes(secret.slug))).toBe(true);

    const secretItem = secret.sections[0].items[0];
    expectError(
      await app.http.get(`/api/items/${secretItem.id}/related`).set(bearer(outsider)),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.http.get('/api/items/not-a-uuid/related').set(bearer(member)),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('counts every match, past the 1,000 hits Meilisearch ranks', async () => {
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO action_item (title, created_by)
           SELECT 'Quokka census follow-up ' || n, $1 FROM generate_series(1, 1200) n`,
        [member.id],
      );
    } finally {
      await db.end();
    }
    await indexed(app.databaseUrl, 30_000);
    const queries: Array<Record<string, string>> = [
      { q: 'quokka' },
      { q: 'quokka', type: 'action', limit: '5' },
    ];
    for (const query of queries) {
      const found = await search(member, query).expect(200);
      expect(found.body.estimatedTotalHits).toBe(1200);
      expect(found.body.facets.type).toEqual({ action: 1200 });
    }
  });

  it('rebuilds every index aside with `npm run reindex` while writes carry on', async () => {
    const before = await search(admin, { q: '', limit: '1' }).expect(200);
    const cli = execFile(process.execPath, [join(__dirname, '../dist/search/reindex-cli.js')], {
      env: {
        ...process.env,
        DATABASE_URL: app.databaseUrl,
        MEILI_URL: app.config.meili!.url,
        MEILI_MASTER_KEY: app.config.meili!.masterKey ?? '',
        SEARCH_INDEX_PREFIX: app.config.searchIndexPrefix,
      },
    });
    // A comment written during the rebuild waits in the outbox and lands on the new index.
    const during = await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(member))
      .send({ body: 'Written while the vicuna index was rebuilding' })
      .expect(201);
    const { stdout } = await cli;
    expect(stdout).toMatch(/reindexed \d+ documents in [\d.]+ s/);
    await indexed(app.databaseUrl);

    const after = await search(admin, { q: '', limit: '1' }).expect(200);
    expect(after.body.estimatedTotalHits).toBe(before.body.estimatedTotalHits + 1);
    const found = await search(member, { q: 'vicuna' }).expect(200);
    expect(found.body.hits.map((h: Hit) => h.id)).toEqual([during.body.id]);
    const uids = await fetch(`${app.config.meili!.url}/indexes?limit=1000`, {
      headers: app.config.meili!.masterKey
        ? { Authorization: `Bearer ${app.config.meili!.masterKey}` }
        : {},
    }).then((r) => r.json() as Promise<{ results: { uid: string }[] }>);
    const mine = uids.results
      .map((i) => i.uid)
      .filter((uid) => uid.startsWith(`${app.config.searchIndexPrefix}-`))
      .sort();
    expect(mine).toEqual([`${app.config.searchIndexPrefix}-documents`]);
    // The rebuild also loads the word vectors and embeds every document (issue 15).
  }, 90_000);

  it('fills a new index from PostgreSQL on first start and drops per-type indexes of earlier versions', async () => {
    const meili = app.config.meili!;
    const headers = {
      'content-type': 'application/json',
      ...(meili.masterKey ? { Authorization: `Bearer ${meili.masterKey}` } : {}),
    };
    const uids = async () =>
      (
        (await fetch(`${meili.url}/indexes?limit=1000`, { headers }).then((r) => r.json())) as {
          results: { uid: string }[];
        }
      ).results.map((i) => i.uid);
    // An earlier version's layout under a prefix this database has never indexed into.
    const prefix = `${app.config.searchIndexPrefix}up`;
    for (const type of ['comment', 'item']) {
      const { taskUid } = (await fetch(`${meili.url}/indexes`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ uid: `${prefix}-${type}`, primaryKey: 'id' }),
      }).then((r) => r.json())) as { taskUid: number };
      await fetch(`${meili.url}/tasks/${taskUid}`, { headers }); // enqueued; the upgrade waits for it
    }
    // Enough documents of its own (whatever else ran before), one with a word no other test uses.
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO action_item (title, created_by)
           SELECT 'Okapi survey step ' || n, $1 FROM generate_series(1, 20) n`,
        [member.id],
      );
    } finally {
      await db.end();
    }
    await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({ title: 'Count the quagga herd once' })
      .expect(201);
    await indexed(app.databaseUrl, 30_000);
    const everything = (await search(admin, { q: '', limit: '1' }).expect(200)).body
      .estimatedTotalHits as number;
    expect(everything).toBeGreaterThan(50);

    // Only the upgraded process drains the shared outbox meanwhile.
    await app.server.close();
    const upgraded = await startServer(
      loadConfig({
        DATABASE_URL: app.databaseUrl,
        MEILI_URL: meili.url,
        MEILI_MASTER_KEY: meili.masterKey,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        WEB_BUILD_DIR: '/nonexistent-web-build',
        SEARCH_INDEX_PREFIX: prefix,
        SEED_SAMPLE_BRIEFING: 'false',
      }),
    );
    try {
      const address = upgraded.app.getHttpServer().address() as { port: number };
      const base = `http://127.0.0.1:${address.port}`;
      let total = 0;
      for (const deadline = Date.now() + 30_000; total < everything && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
        await indexed(app.databaseUrl, 30_000);
        const body = (await fetch(`${base}/api/search?q=&limit=1`, {
          headers: bearer(admin),
        }).then((r) => r.json())) as { estimatedTotalHits?: number };
        // An error answer (the new index still being created) means not filled yet.
        total = body.estimatedTotalHits ?? 0;
      }
      expect(total).toBe(everything);
      const found = (await fetch(`${base}/api/search?q=quagga`, {
        headers: bearer(member),
      }).then((r) => r.json())) as { hits: Hit[] };
      expect(found.hits.map((hit) => hit.title)).toEqual(['Count the quagga herd once']);
      const left = (await uids()).filter((uid) => uid.startsWith(`${prefix}-`));
      expect(left).toEqual([`${prefix}-documents`]);
    } finally {
      await upgraded.close();
      app = await reopen(app);
    }
  });

  it('keeps writing while Meilisearch is down, says degraded, and catches up when it returns', async () => {
    // A second process on the same database whose Meilisearch is unreachable.
    const down = await startServer(
      loadConfig({
        DATABASE_URL: app.databaseUrl,
        MEILI_URL: 'http://127.0.0.1:9',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        WEB_BUILD_DIR: '/nonexistent-web-build',
        SEARCH_INDEX_PREFIX: app.config.searchIndexPrefix,
        SEED_SAMPLE_BRIEFING: 'false',
        COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
      }),
    );
    // Stop the healthy process's indexer so only the broken one is draining.
    await app.server.close();
    try {
      const address = down.app.getHttpServer().address() as { port: number };
      const base = `http://127.0.0.1:${address.port}`;
      const health = await fetch(`${base}/api/health`).then((r) => r.json());
      expect(health).toEqual({ status: 'ok', db: 'up', search: 'degraded' });

      const posted = await fetch(`${base}/api/threads/${threadId}/comments`, {
        method: 'POST',
        headers: { ...bearer(member), 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'The xylophone budget survives an outage' }),
      });
      expect(posted.status).toBe(201);
      const comment = (await posted.json()) as { id: string };

      const failed = await fetch(`${base}/api/search?q=xylophone`, { headers: bearer(member) });
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ error: { code: 'SEARCH_UNAVAILABLE' } });

      const client = new pg.Client({ connectionString: app.databaseUrl });
      await client.connect();
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM search_outbox WHERE entity_type = 'comment' AND entity_id = $1`,
        [comment.id],
      );
      await client.end();
      expect(rows[0].n).toBeGreaterThanOrEqual(1);

      // Search returns: a healthy process drains the backlog and the comment is found.
      await down.close();
      app = await reopen(app);
      await indexed(app.databaseUrl);
      const found = await search(member, { q: 'xylophone' }).expect(200);
      expect(found.body.hits.map((h: Hit) => h.id)).toContain(comment.id);
    } finally {
      await down.close().catch(() => undefined);
    }
  });
});

/** Starts the app again on the same database and indexes (a restart). */
async function reopen(previous: TestApp): Promise<TestApp> {
  const server = await startServer(previous.config);
  const address = server.app.getHttpServer().address() as { port: number };
  const { default: request } = await import('supertest');
  return {
    ...previous,
    server,
    baseUrl: `http://127.0.0.1:${address.port}`,
    http: request(`http://127.0.0.1:${address.port}`),
    close: async () => {
      await server.close();
      await previous.close().catch(() => undefined);
    },
  };
}
