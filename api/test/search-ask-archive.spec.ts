import pg from 'pg';
import { loadWordVectors } from '../src/search/word-vectors.js';
// Plain JavaScript shared with bench/ask-archive.mjs (types in archive.d.mts).
import {
  ARCHIVE,
  judge,
  namePeople,
  seedArchive,
  waitForOutbox,
  type ArchiveIds,
  type JudgedAnswer,
} from './fixtures/ask-archive/archive.mjs';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Judged {
  answers: JudgedAnswer[];
  top3: number;
  first: number;
}
type Ids = ArchiveIds;

interface SearchBody {
  hits: { type: string; id: string; title: string; snippet: string }[];
  interpreted: {
    terms: string;
    types: string[];
    filters: { from?: string; to?: string; dates?: string; people: { id: string; name: string }[] };
    mode: string;
    notice: string | null;
  };
  answer: {
    type: string;
    id: string;
    title: string;
    text: string;
    rationale: string | null;
    status: string | null;
    date: string;
    dueOn: string | null;
    person: { id: string; name: string } | null;
    thread: { id: string; title: string; url: string } | null;
    actions: { title: string; status: string; owner: { name: string } | null }[];
    supersededBy: { id: string; title: string } | null;
  } | null;
}

describe('Ask the archive (issue 15: plain-language questions, hybrid search)', () => {
  let app: TestApp;
  let users: Record<string, TestUser>;
  let ids: Ids;
  let judged: Judged;

  const ask = async (q: string, as: TestUser = users.priya, extra: Record<string, string> = {}) =>
    (
      await app.http
        .get('/api/search')
        .query({ q, ...extra })
        .set(bearer(as))
        .expect(200)
    ).body as SearchBody;

  beforeAll(async () => {
    // The word vectors first (a compact copy after the first run on a machine), so every
    // document is indexed with its vector and no re-embedding pass is needed.
    await loadWordVectors();
    app = await createTestApp();
    users = {};
    for (const person of ARCHIVE.people) {
      users[person.key] = await createUser(app, person.role);
    }
    await namePeople(app.databaseUrl, users);
    ids = await seedArchive(app.baseUrl, app.databaseUrl, users);
    judged = await judge(app.baseUrl, users.priya.token, ids);
    if (process.env.ASK_ARCHIVE_REPORT) {
      console.log(
        judged.answers.map((a) => `${a.rank ?? '-'}\t${a.q}\t${a.top.join(' | ')}`).join('\n'),
      );
    }
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it(`answers ≥ 90% of ${ARCHIVE.questions.length} judged questions in the top 3 and ≥ 70% first`, () => {
    const missed = judged.answers
      .filter((a) => a.rank === null || a.rank > 3)
      .map((a) => `${a.q} → ${a.top.join(' | ')}`);
    expect(ARCHIVE.questions.length).toBeGreaterThanOrEqual(30);
    // On failure the diff lists the questions missed and what came first instead.
    expect({ top3: judged.top3 >= 0.9, first: judged.first >= 0.7, missed }).toEqual({
      top3: true,
      first: true,
      missed: expect.any(Array) as string[],
    });
    // Meaning as well as words: every question with a known word ran hybrid.
    expect(judged.answers.every((a) => a.interpreted.mode === 'hybrid')).toBe(true);
  });

  it("answers each of the issue's own examples in the top 3", () => {
    const issue = ARCHIVE.questions.filter((q) => q.source).map((q) => q.q);
    const missed = judged.answers.filter(
      (a) => issue.includes(a.q) && (a.rank === null || a.rank > 3),
    );
    expect(missed).toEqual([]);
  });

  it('returns what it understood: terms without filler, intent types, and dates', async () => {
    const body = await ask('what did we decide about key rotation in May');
    expect(body.interpreted).toEqual({
      terms: 'key rotation',
      types: ['decision'],
      filters: { from: '2026-05-01', to: '2026-05-31', dates: 'in May', people: [] },
      mode: 'hybrid',
      notice: null,
    });
  });

  it("turns @handles and possessive names into a filter on the person's things", async () => {
    const body = await ask("Mei's actions");
    expect(body.interpreted.filters.people).toEqual([{ id: users.mei.id, name: 'Mei Tanaka' }]);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits[0].type).toBe('action');
    const mine = new Set([
      'Move vendor keys into the secrets vault',
      'Evaluate observability vendors',
    ]);
    expect(body.hits.filter((h) => h.type === 'action').every((h) => mine.has(h.title))).toBe(true);
    const unknown = await ask('@nobody keys');
    expect(unknown.interpreted.filters.people).toEqual([]);
    expect(unknown.interpreted.terms).toBe('keys nobody');
  });

  it('keeps a plain keyword query as typed, ranking nothing first', async () => {
    const body = await ask('vendor keys');
    expect(body.interpreted).toMatchObject({ terms: 'vendor keys', types: [], mode: 'hybrid' });
  });

  it('shows a decision as an answer: statement, rationale, who, thread, actions and owners', async () => {
    const body = await ask('what did we decide about key rotation');
    expect(body.answer).toMatchObject({
      type: 'decision',
      id: ids.decision.rotate,
      title: 'Rotate AI vendor keys quarterly',
      text: expect.stringContaining('rotated each quarter') as string,
      rationale: expect.stringContaining('leaked vendor key') as string,
      status: 'accepted',
      date: '2026-05-08',
      person: { id: users.dana.id, name: 'Dana Whitfield' },
      thread: { id: expect.any(String) as string },
      supersededBy: null,
    });
    expect(body.answer!.actions).toEqual([
      expect.objectContaining({
        title: 'Key rotation review for Q3',
        status: 'open',
        owner: { id: users.ravi.id, name: 'Ravi Menon' },
        dueOn: '2026-07-15',
      }),
      expect.objectContaining({
        title: 'Move vendor keys into the secrets vault',
        owner: { id: users.mei.id, name: 'Mei Tanaka' },
      }),
    ]);
  });

  it('says what superseded a decision', async () => {
    const body = await ask('pause the LLM vendor evaluation', users.priya, { type: 'decision' });
    const paused = body.hits.findIndex((h) => h.id === ids.decision.pause);
    expect(paused).toBeGreaterThanOrEqual(0);
    if (body.answer?.id === ids.decision.pause) {
      expect(body.answer.supersededBy).toEqual(
        expect.objectContaining({ id: ids.decision.resume }),
      );
    }
    const direct = await ask('"Pause the LLM vendor evaluation until the security review"');
    expect(direct.answer).toMatchObject({
      id: ids.decision.pause,
      status: 'superseded',
      supersededBy: {
        id: ids.decision.resume,
        title: 'Resume the LLM vendor evaluation with security in the loop',
      },
    });
  });

  it('shows an action (owner, due, status) and a comment (author, thread, date) as answers', async () => {
    const action = await ask('who owns the key rotation review');
    expect(action.answer).toMatchObject({
      type: 'action',
      title: 'Key rotation review for Q3',
      person: { name: 'Ravi Menon' },
      dueOn: '2026-07-15',
      status: 'open',
    });
    const comment = await ask('what was said about GPU capacity planning');
    expect(comment.answer).toMatchObject({
      type: 'comment',
      id: ids.comment.power,
      text: 'GPU capacity planning has to start from the power budget, not from the model roadmap.',
      person: { name: 'Priya Raman' },
      thread: { url: expect.stringMatching(/^\/threads\//) as string },
    });
  });

  it('gives no answer card past the first page, nor for an item', async () => {
    expect((await ask('8th-gen TPU')).answer).toBeNull();
    const second = await app.http
      .get('/api/search')
      .query({ q: 'what did we decide about key rotation', offset: 1, limit: 5 })
      .set(bearer(users.priya))
      .expect(200);
    expect(second.body.answer).toBeNull();
  });

  it('finds words written with look-alike dashes and quotes (issue 17)', async () => {
    for (const q of ['8th-gen TPU', '"future-token prediction"', '“de‑escalation”']) {
      const body = await ask(q);
      expect(body.hits.slice(0, 3).map((h) => h.type)).toContain('item');
    }
  });

  it('shows comment snippets without Markdown', async () => {
    const chat = await ask('paste vendor keys into chat', users.priya, { type: 'comment' });
    const hit = chat.hits.find((h) => h.id === ids.comment.chat)!;
    expect(hit.snippet).not.toMatch(/\*\*|`|^&gt;/);
    expect(hit.snippet).toContain('never');
    const quote = await ask('observability pricing renewal', users.priya, { type: 'comment' });
    const pricing = quote.hits.find((h) => h.id === ids.comment.pricing)!;
    expect(pricing.snippet.startsWith('&gt;')).toBe(false);
    const code = await ask('approve step production', users.priya, { type: 'comment' });
    expect(code.hits.find((h) => h.id === ids.comment.gate)!.snippet).not.toContain('`');
  });

  it('answers only with what the caller may read', async () => {
    // A decision restricted to a group the asker is not in: neither a hit nor an answer card.
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const {
        rows: [group],
      } = await client.query<{ id: string }>(
        `INSERT INTO user_group (name) VALUES ('Board') RETURNING id`,
      );
      await client.query(
        `UPDATE briefing SET visibility = 'restricted' WHERE id = (SELECT briefing_id FROM thread WHERE id = (SELECT thread_id FROM decision WHERE id = $1))`,
        [ids.decision.freeze],
      );
      await client.query(
        `INSERT INTO briefing_group (briefing_id, group_id) SELECT briefing_id, $2 FROM thread WHERE id = (SELECT thread_id FROM decision WHERE id = $1)`,
        [ids.decision.freeze, group.id],
      );
      await waitForOutbox(client);
    } finally {
      await client.end();
    }
    const body = await ask('did we stop hiring contractors', users.lee);
    expect(body.hits.map((h) => h.id)).not.toContain(ids.decision.freeze);
    expect(body.answer?.id).not.toBe(ids.decision.freeze);
  });

  it('refuses bad input with the contract error and changes nothing', async () => {
    const tooLong = await app.http
      .get('/api/search')
      .query({ q: 'what did we decide about '.repeat(30) })
      .set(bearer(users.priya));
    expectError(tooLong, 400, 'VALIDATION_FAILED');
    await app.http.get('/api/search').query({ q: 'keys' }).expect(401);
  });
});
