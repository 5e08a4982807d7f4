import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');
const expected = JSON.parse(
  readFileSync(join(__dirname, 'fixtures/briefings/daily-sync-2026-05-07.expected.json'), 'utf8'),
);

interface Section {
  id: string;
  heading: string;
  kind: string;
  body: string | null;
  items: Array<{ id: string; title: string; body: string | null; threadId: string | null }>;
  discussion: { id: string; prompt: string; threadId: string; commentCount: number } | null;
}

const platformWeekly = `---\ntitle: "Platform Weekly: May 4, 2026"\ndate: 2026-05-04\nauthor: Platform Team\ntags: [platform, weekly]\n---\n\n# Platform Weekly: May 4, 2026\n\nA short summary.\n\n## Reliability\n\n- **Error budgets are burning.** Two services exceeded theirs.\n\n**Discussion:** Should we freeze features on the payments path?\n`;

const importText = (app: TestApp, user: TestUser, text: string, type = 'text/plain') =>
  app.http.post('/api/briefings/import').set(bearer(user)).set('Content-Type', type).send(text);

describe('Briefings', () => {
  let app: TestApp;
  let editor: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor');
    viewer = await createUser(app, 'viewer');
  });
  afterAll(async () => {
    await app.close();
  });

  // Every test starts with no briefings and imports what it reads (users stay: they are per test).
  beforeEach(async () => {
    await sql(`DELETE FROM briefing`);
  });

  async function sql(text: string): Promise<void> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }

  const importSample = async (date = 'May 7, 2026') =>
    (await importText(app, editor, sample.replaceAll('May 7, 2026', date)).expect(201)).body as {
      id: string;
      sections: Section[];
    };

  async function count(table: string): Promise<number> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
    } finally {
      await client.end();
    }
  }

  describe('import', () => {
    it('imports the sample into the canonical shape with one thread per prompt', async () => {
      const response = await importText(app, editor, sample).expect(201);
      expect(response.body).toMatchObject({
        slug: 'daily-sync-2026-05-07',
        title: expected.title,
        series: expected.series,
        publishedOn: expected.publishedOn,
        author: expected.author,
        readingMinutes: expected.readingMinutes,
        tags: expected.tags,
        summary: expected.summary,
        visibility: 'team',
      });
      const sections: Section[] = response.body.sections;
      expect(sections.map((s) => [s.heading, s.kind])).toEqual(
        expected.sections.map((s: { heading: string; kind: string }) => [s.heading, s.kind]),
      );
      sections.forEach((section, index) => {
        const want = expected.sections[index];
        expect(section.items.map((item) => item.title)).toEqual(want.items);
        expect(section.discussion?.prompt ?? null).toBe(want.discussion);
        if (section.discussion)
          expect(section.discussion).toMatchObject({
            threadId: expect.any(String),
            commentCount: 0,
          });
        if (want.bodyStartsWith)
          expect(section.body).toMatch(new RegExp(`^${want.bodyStartsWith}`));
      });
      const threadIds = sections.flatMap((s) => (s.discussion ? [s.discussion.threadId] : []));
      expect(new Set(threadIds).size).toBe(4);
      await expect(count('thread')).resolves.toBe(4);
    });

    it('re-imports the same document idempotently: 200, same ids, nothing duplicated', async () => {
      const first = await importSample();
      const again = await importText(app, editor, sample).expect(200);
      expect(again.body.id).toBe(first.id);
      expect(again.body.sections).toEqual(first.sections);
      await expect(count('briefing')).resolves.toBe(1);
      await expect(count('thread')).resolves.toBe(4);
    });

    it('updates a changed document in place: kept items and prompts keep their ids and threads', async () => {
      const first = await importSample();
      const client = new pg.Client({ connectionString: app.databaseUrl });
      await client.connect();
      const removedItem = first.sections[1].items[2];
      // An ad-hoc thread on an item that the new version drops must survive.
      await client.query(
        `INSERT INTO thread (briefing_id, item_id, title, short_title) VALUES ($1, $2, $3, $3)`,
        [first.id, removedItem.id, removedItem.title],
      );
      await client.end();

      const changed = sample
        .replace(
          'Discussion: Where are your AI infra plans',
          'Discussion: Where exactly are your AI infra plans',
        )
        .replace(/ {2}• Conflict zones remain volatile[^\n]*\n/, '')
        .replace('One to Watch\n', 'One to Watch\n\n  • A brand new item. It matters a lot.\n');
      const response = await importText(app, editor, changed).expect(200);
      expect(response.body.id).toBe(first.id);
      const sections: Section[] = response.body.sections;

      expect(sections[0].discussion).toMatchObject({
        id: first.sections[0].discussion!.id,
        threadId: first.sections[0].discussion!.threadId,
      });
      expect(sections[0].discussion!.prompt).toMatch(/^Where exactly are your AI infra plans/);
      expect(sections[0].items.map((i) => i.id)).toEqual(first.sections[0].items.map((i) => i.id));
      expect(sections[1].items.map((i) => i.id)).toEqual(
        first.sections[1].items.slice(0, 2).map((i) => i.id),
      );
      expect(sections[3].items.map((i) => i.title)).toEqual([
        'A brand new item',
        expected.sections[3].items[0],
      ]);
      expect(sections[3].items[1].id).toBe(first.sections[3].items[0].id);
      await expect(count('thread')).resolves.toBe(5);
      await expect(count('briefing')).resolves.toBe(1);
    });

    it('takes Markdown, HTML, JSON {content,format} and canonical JSON', async () => {
      const md = await importText(app, editor, platformWeekly, 'text/markdown').expect(201);
      expect(md.body).toMatchObject({
        title: 'Platform Weekly: May 4, 2026',
        publishedOn: '2026-05-04',
        author: 'Platform Team',
        tags: ['platform', 'weekly'],
        sourceFormat: 'markdown',
      });
      expect(md.body.sections[0]).toMatchObject({
        heading: 'Reliability',
        items: [{ title: 'Error budgets are burning' }],
        discussion: { prompt: 'Should we freeze features on the payments path?' },
      });

      const html = `<!doctype html><html><head><title>x</title><script>alert(1)</script></head><body><nav>Home</nav><article><h1>Security Digest: May 5, 2026</h1><time datetime="2026-05-05">May 5</time><h2>Threats</h2><ul><li><strong>Keys leaked.</strong> Rotate <a href="javascript:alert(1)" onclick="x()">now</a>.</li></ul><p>Discussion: Who owns key rotation?</p></article><footer>©</footer></body></html>`;
      const fromHtml = await importText(app, editor, html, 'text/html').expect(201);
      expect(fromHtml.body).toMatchObject({
        title: 'Security Digest: May 5, 2026',
        publishedOn: '2026-05-05',
        sourceFormat: 'html',
      });
      expect(JSON.stringify(fromHtml.body)).not.toMatch(/alert|javascript:|onclick|<script/);

      const viaJson = await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .send({ content: platformWeekly, format: 'markdown' })
        .expect(200);
      expect(viaJson.body.id).toBe(md.body.id);

      const canonical = {
        title: 'Integration Note: May 6, 2026',
        publishedOn: '2026-05-06',
        slug: 'integration-note-2026-05-06',
        tags: ['api'],
        sections: [
          {
            heading: 'Updates',
            kind: 'items',
            items: [{ title: 'Webhooks shipped', body: 'Now GA.' }],
            discussion: { prompt: 'Adopt them?' },
          },
        ],
      };
      const fromCanonical = await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .send(canonical)
        .expect(201);
      expect(fromCanonical.body.sections[0]).toMatchObject({
        heading: 'Updates',
        discussion: { prompt: 'Adopt them?', threadId: expect.any(String) },
      });
    });

    it('refuses bad documents with 4xx and stores nothing', async () => {
      const before = await count('briefing');
      const empty = await importText(app, editor, '   \n  ');
      expectError(empty, 422, 'UNPARSEABLE_BRIEFING');
      const noText = await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/html')
        .send('<html><body><nav><a href="/">Home</a></nav><p> </p></body></html>');
      expectError(noText, 422, 'UNPARSEABLE_BRIEFING');
      expect(noText.body.error.message).toMatch(/^No readable text was found/);
      expect(noText.body.error.details.missing).toEqual(['sections']);
      expectError(
        await importText(app, editor, 'x'.repeat(2 * 1024 * 1024 + 10)),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expectError(
        await importText(app, editor, 'x'.repeat(4 * 1024 * 1024)),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expectError(
        await app.http
          .post('/api/briefings/import')
          .set(bearer(editor))
          .set('Content-Type', 'application/octet-stream')
          .send(Buffer.from([0, 1, 2, 3])),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(
        await importText(app, editor, 'Title\u0000\u0001\u0002\u0003binary\u0000\u0000'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(
        await app.http
          .post('/api/briefings/import')
          .set(bearer(editor))
          .send({ content: sample, format: 'pdf' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .post('/api/briefings/import')
          .set(bearer(editor))
          .send({ content: sample, visibility: 'restricted' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .post('/api/briefings/import')
          .set(bearer(editor))
          .send({
            content: sample,
            visibility: 'restricted',
            groupIds: ['00000000-0000-4000-8000-000000000000'],
          }),
        400,
        'VALIDATION_FAILED',
      );
      await expect(count('briefing')).resolves.toBe(before);
    });

    it('lets only editors and admins import or preview', async () => {
      const member = await createUser(app, 'member');
      expectError(await importText(app, viewer, sample), 403, 'FORBIDDEN');
      expectError(await importText(app, member, sample), 403, 'FORBIDDEN');
      expectError(
        await app.http.post('/api/briefings/preview').set(bearer(member)).send({ content: sample }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await app.http.post('/api/briefings/import').set('Content-Type', 'text/plain').send(sample),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('previews without storing', async () => {
      const before = await count('briefing');
      const preview = await app.http
        .post('/api/briefings/preview')
        .set(bearer(editor))
        .send({ content: sample.replace('May 7, 2026', 'May 8, 2026') })
        .expect(200);
      expect(preview.body.briefings[0]).toMatchObject({
        title: 'Daily Sync: May 8, 2026',
        sections: expect.any(Array),
      });
      await expect(count('briefing')).resolves.toBe(before);
    });

    it('previews what a re-import would change: items added, removed and edited', async () => {
      const first = await importSample();
      const changed = sample
        .replace(/^.*Conflict zones remain volatile.*$/m, '')
        .replace('Robinhood drawing 150k+', 'Robinhood pulling 150k+')
        .replace('  • ', '  • A brand-new item about storage. It matters.\n  • ');
      const preview = await app.http
        .post('/api/briefings/preview')
        .set(bearer(editor))
        .send({ content: changed })
        .expect(200);
      const [sut] = preview.body.briefings;
      expect(sut.changes).toMatchObject({
        briefingId: first.id,
        sectionsAdded: [],
        sectionsRemoved: [],
      });
      expect(sut.changes.itemsAdded).toContain('A brand-new item about storage');
      expect(sut.changes.itemsRemoved).toEqual([
        'Conflict zones remain volatile despite ceasefire talk',
      ]);
      expect(sut.changes.itemsEdited).toEqual([
        'Capital continues to chase AI and automation platforms',
      ]);
      expect(sut.assumed).toBeUndefined();
      const fresh = await app.http
        .post('/api/briefings/preview')
        .set(bearer(editor))
        .send({ content: sample.replace('May 7, 2026', 'May 9, 2026') })
        .expect(200);
      expect(fresh.body.briefings[0].changes).toBeNull();
    });

    it('imports an undated article as one section on the date the importer confirms', async () => {
      const article =
        '<html><head><title>Why we moved our CI</title></head><body><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>' +
        '<article><h1>Why we moved our CI</h1><p>Builds took 40 minutes, see <a href="https://ci.example/a">the report</a> and <a href="https://ci.example/b">the fix</a>.</p>' +
        '<p>Now they take nine.</p></article></body></html>';
      const preview = await app.http
        .post('/api/briefings/preview')
        .set(bearer(editor))
        .send({ content: article })
        .expect(200);
      expect(preview.body.briefings[0]).toMatchObject({
        title: 'Why we moved our CI',
        publishedOn: new Date().toISOString().slice(0, 10),
        assumed: ['sections', 'publishedOn'],
      });
      const imported = await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .send({ content: article, publishedOn: '2026-03-02' })
        .expect(201);
      expect(imported.body).toMatchObject({
        title: 'Why we moved our CI',
        publishedOn: '2026-03-02',
        slug: 'why-we-moved-our-ci-2026-03-02',
      });
      expect(imported.body.sections).toHaveLength(1);
      expect(imported.body.sections[0].discussion.prompt).toBe(
        'What should we take from “Why we moved our CI”?',
      );
      expect(imported.body.sections[0].discussion.threadId).toEqual(expect.any(String));
      expect(JSON.stringify(imported.body)).not.toMatch(/Home|Blog/);
      expectError(
        await app.http
          .post('/api/briefings/import')
          .set(bearer(editor))
          .send({ content: article, publishedOn: '2026-02-30' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('keeps every link of an item and gives non-Latin titles a transliterated slug', async () => {
      const markdown =
        '# Сводка: May 7, 2026\n\n## Новости\n\n- **Рынки растут.** См. [отчёт](https://a.example/1) и [график](https://a.example/2).\n';
      const imported = await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/markdown')
        .send(markdown)
        .expect(201);
      expect(imported.body.slug).toBe('svodka-2026-05-07');
      expect(imported.body.sections[0].items[0]).toMatchObject({
        title: 'Рынки растут',
        url: 'https://a.example/1',
        links: ['https://a.example/1', 'https://a.example/2'],
      });
      const read = await app.http
        .get(`/api/briefings/${imported.body.slug}`)
        .set(bearer(viewer))
        .expect(200);
      expect(read.body.sections[0].items[0].links).toEqual([
        'https://a.example/1',
        'https://a.example/2',
      ]);
    });
  });

  describe('reading', () => {
    it('pages the feed newest first with a cursor and filters by series and tag', async () => {
      const admin = await createUser(app, 'admin');
      await importSample();
      await importText(app, editor, platformWeekly, 'text/markdown').expect(201);
      for (const day of [10, 11, 12]) {
        await importText(app, admin, sample.replaceAll('May 7, 2026', `May ${day}, 2026`)).expect(
          201,
        );
      }
      const page1 = await app.http
        .get('/api/briefings?limit=2&series=Daily%20Sync')
        .set(bearer(viewer))
        .expect(200);
      expect(page1.body.briefings.map((b: { publishedOn: string }) => b.publishedOn)).toEqual([
        '2026-05-12',
        '2026-05-11',
      ]);
      expect(page1.body.briefings[0]).toMatchObject({
        promptCount: 4,
        commentCount: 0,
        unread: true,
        tags: ['daily-sync'],
      });
      const page2 = await app.http
        .get(`/api/briefings?limit=2&series=Daily%20Sync&cursor=${page1.body.nextCursor}`)
        .set(bearer(viewer))
        .expect(200);
      expect(page2.body.briefings.map((b: { publishedOn: string }) => b.publishedOn)).toEqual([
        '2026-05-10',
        '2026-05-07',
      ]);
      const byTag = await app.http
        .get('/api/briefings?tag=platform')
        .set(bearer(viewer))
        .expect(200);
      expect(byTag.body.briefings.map((b: { title: string }) => b.title)).toEqual([
        'Platform Weekly: May 4, 2026',
      ]);
      const filters = await app.http.get('/api/briefings/filters').set(bearer(viewer)).expect(200);
      expect(filters.body.series).toEqual(expect.arrayContaining(['Daily Sync']));
      expectError(
        await app.http.get('/api/briefings?cursor=garbage').set(bearer(viewer)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http.get('/api/briefings?limit=1000').set(bearer(viewer)),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('reads by id or slug and tracks unread per user', async () => {
      await importSample();
      const bySlug = await app.http
        .get('/api/briefings/daily-sync-2026-05-07')
        .set(bearer(viewer))
        .expect(200);
      const byId = await app.http
        .get(`/api/briefings/${bySlug.body.id}`)
        .set(bearer(viewer))
        .expect(200);
      expect(byId.body.id).toBe(bySlug.body.id);
      expect(byId.body.readAt).toBeNull();
      await app.http.put(`/api/briefings/${bySlug.body.id}/read`).set(bearer(viewer)).expect(204);
      const feed = await app.http.get('/api/briefings?limit=100').set(bearer(viewer)).expect(200);
      expect(feed.body.briefings.find((b: { id: string }) => b.id === bySlug.body.id).unread).toBe(
        false,
      );
      const otherUser = await app.http
        .get('/api/briefings?limit=100')
        .set(bearer(editor))
        .expect(200);
      expect(
        otherUser.body.briefings.find((b: { id: string }) => b.id === bySlug.body.id).unread,
      ).toBe(true);
      expectError(
        await app.http.get('/api/briefings/no-such-briefing').set(bearer(viewer)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.get('/api/briefings/Bad%20Slug!').set(bearer(viewer)),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('visibility, editing and deletion', () => {
    it('hides a restricted briefing from everyone outside its groups', async () => {
      const admin = await createUser(app, 'admin');
      const insider = await createUser(app, 'member');
      const outsider = await createUser(app, 'member');
      const group = await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Leadership' })
        .expect(201);
      expectError(
        await app.http.post('/api/admin/groups').set(bearer(admin)).send({ name: 'leadership' }),
        409,
        'CONFLICT',
      );
      expectError(
        await app.http.post('/api/admin/groups').set(bearer(editor)).send({ name: 'Nope' }),
        403,
        'FORBIDDEN',
      );
      await app.http
        .put(`/api/admin/groups/${group.body.group.id}/members`)
        .set(bearer(admin))
        .send({ userIds: [insider.id] })
        .expect(200);
      expectError(
        await app.http
          .put(`/api/admin/groups/${group.body.group.id}/members`)
          .set(bearer(admin))
          .send({ userIds: ['00000000-0000-4000-8000-000000000000'] }),
        400,
        'VALIDATION_FAILED',
      );

      const secret = sample
        .replaceAll('May 7, 2026', 'May 20, 2026')
        .replace('Daily Sync', 'Board Prep');
      const restricted = await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({ content: secret, visibility: 'restricted', groupIds: [group.body.group.id] })
        .expect(201);
      expect(restricted.body).toMatchObject({
        visibility: 'restricted',
        groups: [{ id: group.body.group.id, name: 'Leadership' }],
      });

      await app.http.get(`/api/briefings/${restricted.body.id}`).set(bearer(insider)).expect(200);
      expectError(
        await app.http.get(`/api/briefings/${restricted.body.id}`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.put(`/api/briefings/${restricted.body.id}/read`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      const outsiderFeed = await app.http
        .get('/api/briefings?limit=100')
        .set(bearer(outsider))
        .expect(200);
      expect(outsiderFeed.body.briefings.map((b: { id: string }) => b.id)).not.toContain(
        restricted.body.id,
      );
      const outsiderFilters = await app.http
        .get('/api/briefings/filters')
        .set(bearer(outsider))
        .expect(200);
      expect(outsiderFilters.body.series).not.toContain('Board Prep');

      // Opening it to the team makes it visible.
      const opened = await app.http
        .patch(`/api/briefings/${restricted.body.id}`)
        .set(bearer(admin))
        .send({ visibility: 'team' })
        .expect(200);
      expect(opened.body).toMatchObject({ visibility: 'team', groups: [] });
      await app.http.get(`/api/briefings/${restricted.body.id}`).set(bearer(outsider)).expect(200);
    });

    it('edits metadata (editors only) with validation', async () => {
      const member = await createUser(app, 'member');
      await importSample();
      await importSample('May 10, 2026');
      const target = (
        await app.http.get('/api/briefings/daily-sync-2026-05-07').set(bearer(editor)).expect(200)
      ).body;
      const edited = await app.http
        .patch(`/api/briefings/${target.id}`)
        .set(bearer(editor))
        .send({ author: 'Office of the CTO', tags: ['Daily-Sync', 'ai'], readingMinutes: 7 })
        .expect(200);
      expect(edited.body).toMatchObject({
        author: 'Office of the CTO',
        tags: ['ai', 'daily-sync'],
        readingMinutes: 7,
      });
      expectError(
        await app.http
          .patch(`/api/briefings/${target.id}`)
          .set(bearer(member))
          .send({ author: 'x' }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await app.http
          .patch(`/api/briefings/${target.id}`)
          .set(bearer(editor))
          .send({ publishedOn: '07/05/2026' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .patch(`/api/briefings/${target.id}`)
          .set(bearer(editor))
          .send({ visibility: 'restricted' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .patch(`/api/briefings/${target.id}`)
          .set(bearer(editor))
          .send({ sections: [] }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .patch(`/api/briefings/${target.id}`)
          .set(bearer(editor))
          .send({ title: 'Daily Sync: May 10, 2026', publishedOn: '2026-05-10' }),
        409,
        'CONFLICT',
      );
    });

    it('deletes a briefing with its threads (editors only)', async () => {
      await importSample('May 12, 2026');
      const target = (
        await app.http.get('/api/briefings/daily-sync-2026-05-12').set(bearer(editor)).expect(200)
      ).body;
      expectError(
        await app.http.delete(`/api/briefings/${target.id}`).set(bearer(viewer)),
        403,
        'FORBIDDEN',
      );
      const threadsBefore = await count('thread');
      await app.http.delete(`/api/briefings/${target.id}`).set(bearer(editor)).expect(204);
      expectError(
        await app.http.get(`/api/briefings/${target.id}`).set(bearer(editor)),
        404,
        'NOT_FOUND',
      );
      await expect(count('thread')).resolves.toBe(threadsBefore - 4);
      expectError(
        await app.http.delete(`/api/briefings/${target.id}`).set(bearer(editor)),
        404,
        'NOT_FOUND',
      );
    });
  });
});

describe('A brand-new database', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ SEED_SAMPLE_BRIEFING: 'true' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('starts with the sample briefing loaded', async () => {
    const viewer = await createUser(app, 'viewer');
    const feed = await app.http.get('/api/briefings').set(bearer(viewer)).expect(200);
    expect(feed.body.briefings.map((b: { slug: string }) => b.slug)).toEqual([
      'daily-sync-2026-05-07',
    ]);
  });
});
