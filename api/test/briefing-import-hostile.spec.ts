import { execFile as execFileCallback } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// The documents of the outside review, at their full size (bench/hostile-parse.mjs times them).
const nested = (tag: string, depth: number, inner: string) =>
  `${`<${tag}>`.repeat(depth)}${inner}${`</${tag}>`.repeat(depth)}`;
const aliasBomb = () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= 7; level++) {
    lines.push(
      `a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  }
  return `---\n${lines.join('\n')}\ntitle: Bomb\ndate: 2026-05-07\nauthor: *a7\n---\n\n## News\n\n- **A.** B.\n`;
};
const manyPrompts = (count: number) =>
  `# Many Prompts: May 7, 2026\n\n${Array.from(
    { length: count },
    (_, i) => `## Topic ${i}\n\n- **Item ${i}.** Body.\n\n**Discussion:** Why ${i}?\n`,
  ).join('\n')}`;

const HOSTILE: Array<[string, string, string, string]> = [
  [
    'HTML with 300,000 unclosed <b>',
    'text/html',
    `<h1>Bold: May 7, 2026</h1>${'<b>x'.repeat(300_000)}`,
    'markupDepth',
  ],
  [
    'HTML with 100,000 nested <div>',
    'text/html',
    `<h1>Deep: May 7, 2026</h1>${nested('div', 100_000, 'x')}`,
    'markupDepth',
  ],
  [
    'RSS with 100,000 nested elements',
    'application/rss+xml',
    `<rss version="2.0"><channel><item><title>Deep: May 7, 2026</title>${nested('x', 100_000, 'y')}</item></channel></rss>`,
    'markupDepth',
  ],
  ['a YAML alias bomb in front matter', 'text/markdown', aliasBomb(), 'frontMatterValues'],
  ['Markdown with 20,000 prompts', 'text/markdown', manyPrompts(20_000), 'sectionsPerBriefing'],
];
/** Reading 1.3 MB of Markdown before counting its sections takes seconds: on a loaded machine the time budget may stop it first. */
const execFile = promisify(execFileCallback);

const OR_BUDGET: Record<string, string[]> = { sectionsPerBriefing: ['parseMilliseconds'] };

describe('Importing hostile documents', () => {
  let app: TestApp;
  let editor: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor');
  });
  afterAll(async () => {
    await app.close();
  });

  async function query<T>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const stored = async () =>
    (
      await query<{ briefings: number; threads: number }>(
        'SELECT (SELECT count(*)::int FROM briefing) AS briefings, (SELECT count(*)::int FROM thread) AS threads',
      )
    )[0];

  const post = (route: string, type: string, body: string) =>
    app.http
      .post(`/api/briefings/${route}`)
      .set(bearer(editor))
      .set('Content-Type', type)
      .send(body);

  it.each(HOSTILE)(
    'refuses %s with a 422 naming the limit, on import and preview, storing nothing',
    async (_name, type, body, limit) => {
      const before = await stored();
      for (const route of ['import', 'preview']) {
        const response = await post(route, type, body);
        expectError(response, 422, 'UNPARSEABLE_BRIEFING');
        expect([limit, ...(OR_BUDGET[limit] ?? [])]).toContain(response.body.error.details.limit);
      }
      await expect(stored()).resolves.toEqual(before);
    },
  );

  it('keeps answering other requests while a hostile document is being read', async () => {
    const finished: string[] = [];
    const hostile = post('import', 'text/markdown', manyPrompts(20_000)).then((response) => {
      finished.push('import');
      return response;
    });
    const health = app.http.get('/api/health').then((response) => {
      finished.push('health');
      return response;
    });
    const [imported, healthy] = await Promise.all([hostile, health]);
    expect(healthy.status).toBe(200);
    expectError(imported, 422, 'UNPARSEABLE_BRIEFING');
    // The parse runs on a worker thread: the cheap request is not queued behind it.
    expect(finished).toEqual(['health', 'import']);
  });

  it('refuses them from `npm run import` too, storing nothing, while a good file still imports', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'briefroom-import-cli-'));
    try {
      const hostile = join(folder, 'deep.html');
      const good = join(folder, 'good.md');
      await writeFile(hostile, HOSTILE[1][2]);
      await writeFile(good, '# Cli Notes: May 14, 2026\n\n## News\n\n- **Alpha.** Body.\n');
      const before = await stored();
      const cli = await execFile(
        process.execPath,
        [join(__dirname, '../dist/briefings/import-cli.js'), hostile, good],
        {
          env: {
            ...process.env,
            DATABASE_URL: app.databaseUrl,
            MEILI_URL: app.config.meili?.url ?? '',
            MEILI_MASTER_KEY: app.config.meili?.masterKey ?? '',
            SEARCH_INDEX_PREFIX: app.config.searchIndexPrefix,
          },
        },
      ).then(
        () => ({ code: 0, stdout: '', stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(
        `${hostile}: The document nests its markup more than 512 elements deep.`,
      );
      expect(cli.stdout).toMatch(/imported cli-notes-2026-05-14 {2}\(1 sections\) from /);
      await expect(stored()).resolves.toEqual({
        briefings: before.briefings + 1,
        threads: before.threads,
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  describe('with NUL bytes and lone surrogates', () => {
    // Raw or as JSON escapes: NUL, and surrogates that are not part of a pair.
    // eslint-disable-next-line no-control-regex -- finding NUL is the point
    const UNSTORABLE = /\u0000|\\u0000|\p{Surrogate}|\\ud[89a-f]/iu;

    it.each([
      [
        'text',
        'text/plain',
        'Nul Sync: May 8, 2026\n\nNews\n\n• Alpha\u0000 rises. Body\u0000 here.\n',
      ],
      [
        'markdown',
        'text/markdown',
        '---\ntitle: "Nul\\0 Notes: May 9, 2026"\ntags: ["a\\0b", "c\\ud800"]\n---\n\n## News\n\n- **Alpha\u0000.** Body.\n',
      ],
      [
        'html',
        'text/html',
        '<h1>Nul&#0; Page: May 10, 2026</h1><h2>News</h2><ul><li><b>Alpha\u0000.</b> Bo&#0;dy.</li></ul>',
      ],
      [
        'feed',
        'application/rss+xml',
        '<rss version="2.0"><channel><item><title>Nul Feed: May 11, 2026</title><category>a\u0000b</category>' +
          '<description><![CDATA[<h2>News</h2><ul><li><b>Alpha\u0000.</b> Body.</li></ul>]]></description></item></channel></rss>',
      ],
    ])('stores %s without them', async (_format, type, body) => {
      const response = await post('import', type, body);
      expect(response.status).toBe(201);
      expect(JSON.stringify(response.body)).not.toMatch(UNSTORABLE);
    });

    it('stores canonical JSON whose strings escape them', async () => {
      // Inside the document, as JSON escapes: a NUL in the request body itself is refused earlier.
      const document = JSON.stringify({
        title: 'Nul Json: May 12, 2026',
        publishedOn: '2026-05-12',
        tags: ['x\u0000y', 'z\udfff'],
        sections: [{ heading: 'News', items: [{ title: 'I\u0000tem', body: 'b\ud800' }] }],
      });
      expect(document).toContain('\\u0000');
      const response = await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .send({ content: document, format: 'json' });
      expect(response.status).toBe(201);
      expect(JSON.stringify(response.body)).not.toMatch(UNSTORABLE);
      expect(response.body.tags).toEqual(['xy', 'z\ufffd']);
      const sources = await query<{ source_text: string }>(
        "SELECT source_text FROM briefing WHERE title LIKE 'Nul%'",
      );
      expect(sources).toHaveLength(5);
      // eslint-disable-next-line no-control-regex -- finding NUL is the point
      for (const { source_text } of sources) expect(source_text).not.toMatch(/\u0000/);
    });
  });
});
