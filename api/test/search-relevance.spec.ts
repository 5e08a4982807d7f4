import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { bearer, createUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/briefings', name), 'utf8');

/**
 * The judged query set: for each query (and filters), results that must rank in the top 3.
 * A judgement names a hit by type and a fragment of its title.
 */
const JUDGEMENTS: {
  why: string;
  q: string;
  filters?: Record<string, string>;
  top3: { type: string; title: string }[];
}[] = [
  {
    why: 'exact words in an item title',
    q: 'kafka upgrade',
    top3: [{ type: 'item', title: 'Kafka upgrade' }],
  },
  {
    why: 'a typo in a company name',
    q: 'anthropc',
    top3: [{ type: 'item', title: 'Anthropic' }],
  },
  {
    why: 'typos in two words',
    q: 'kubernets migraton',
    top3: [{ type: 'comment', title: 'Where are your AI infra plans' }],
  },
  {
    why: 'a synonym (k8s ↔ kubernetes) finds a comment',
    q: 'k8s',
    top3: [{ type: 'comment', title: 'Where are your AI infra plans' }],
  },
  {
    why: 'a synonym (artificial intelligence ↔ AI) finds an item',
    q: 'artificial intelligence stacks',
    top3: [{ type: 'item', title: 'race to optimize AI stacks' }],
  },
  {
    why: 'a quoted phrase matches the phrase, in an item body',
    q: '"feature flag service"',
    top3: [{ type: 'item', title: 'quiet infra' }],
  },
  {
    why: 'words from a discussion prompt',
    q: 'documented manual fallback',
    top3: [{ type: 'discussion', title: 'manual fallback' }],
  },
  {
    why: 'words in an item body, not its title',
    q: 'oil prices equities',
    top3: [{ type: 'item', title: 'US–Iran truce' }],
  },
  {
    why: 'a decision by its rationale',
    q: 'human approval gates',
    top3: [{ type: 'decision', title: 'Agents run behind approval gates' }],
  },
  {
    why: 'an action by its title, filtered to actions',
    q: 'vendor exposure',
    filters: { type: 'action' },
    top3: [{ type: 'action', title: 'Review AI vendor exposure' }],
  },
  {
    why: 'a tag filter narrows to the platform briefings',
    q: 'fallback',
    filters: { tags: 'platform', type: 'discussion' },
    top3: [{ type: 'discussion', title: 'manual fallback' }],
  },
  {
    why: 'a date range picks the right day',
    q: 'egress',
    filters: { from: '2026-05-05', to: '2026-05-05' },
    top3: [{ type: 'item', title: 'egress prices' }],
  },
  {
    why: 'a status filter finds resolved discussions by their outcome',
    q: 'OpenFeature',
    filters: { type: 'discussion', status: 'resolved' },
    top3: [{ type: 'discussion', title: 'OpenFeature' }],
  },
];

describe('Search relevance (judged queries)', () => {
  let app: TestApp;
  let editor: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    const load = (text: string, type: string) =>
      app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', type)
        .send(text)
        .expect(201)
        .then((r) => r.body);
    const daily = await load(fixture('daily-sync-2026-05-07.txt'), 'text/plain');
    const weekly = await load(fixture('platform-weekly-2026-05-04.md'), 'text/markdown');
    await load(fixture('canonical-2026-05-05.json'), 'application/json');

    const aiThread = daily.sections[0].discussion.threadId;
    await app.http
      .post(`/api/threads/${aiThread}/comments`)
      .set(bearer(member))
      .send({ body: 'Our kubernetes migration of the GPU pool should wait for the power audit.' })
      .expect(201);
    await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({
        title: 'Review AI vendor exposure',
        ownerId: member.id,
        links: [{ type: 'discussion', id: aiThread }],
      })
      .expect(201);
    const agents = daily.sections.find((s: { heading: string }) => s.heading === 'One to Watch');
    await app.http
      .post('/api/decisions')
      .set(bearer(member))
      .send({
        title: 'Agents run behind approval gates',
        statement: 'No autonomous agent executes in production without a reviewer.',
        rationale: 'Vendors converge on human approval gates; we adopt the same pattern.',
        threadId: agents.discussion.threadId,
      })
      .expect(201);
    const openFeature = weekly.sections.find(
      (s: { discussion: { prompt: string } | null }) =>
        s.discussion?.prompt.includes('OpenFeature') ?? false,
    );
    await app.http
      .patch(`/api/threads/${openFeature.discussion.threadId}`)
      .set(bearer(editor))
      .send({ state: 'resolved', outcome: 'Adopt OpenFeature for every new service from June.' })
      .expect(200);

    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      for (let i = 0; i < 600; i++) {
        const { rows } = await client.query('SELECT count(*)::int AS n FROM search_outbox');
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(JUDGEMENTS)('$why: "$q"', async ({ q, filters, top3 }) => {
    const result = await app.http
      .get('/api/search')
      .query({ q, ...filters })
      .set(bearer(member))
      .expect(200);
    const top = (result.body.hits as { type: string; title: string }[]).slice(0, 3);
    for (const judged of top3) {
      expect(top.map((h) => `${h.type}: ${h.title}`)).toContainEqual(
        expect.stringMatching(new RegExp(`^${judged.type}: .*${escape(judged.title)}`)),
      );
    }
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
