import pg from 'pg';
import { knownMigrations, migrateTo } from '../src/backup/archive-restore.js';
import { AuthService } from '../src/auth/auth.service.js';
import { loadConfig } from '../src/config/app-config.js';
import { startServer } from '../src/server.js';
import { UsersRepository } from '../src/users/users.repository.js';
import { randomUUID } from './support/test-app.js';

jest.setTimeout(180_000);

/**
 * Upgrades from every earlier schema (issue 18): one database is built one released migration at
 * a time, the way installs met them; representative rows go in at the schema they were written
 * under, and every later migration has to carry them. At the end the app serves them.
 */

/** In the order TypeORM applies them: by the timestamp in the name. */
const ORDERED = knownMigrations().sort(
  (a, b) => Number(/\d{13}$/.exec(a)![0]) - Number(/\d{13}$/.exec(b)![0]),
);

const ADMIN = '00000000-0000-4000-8000-000000000001';
const MEMBER = '00000000-0000-4000-8000-000000000002';
const GROUP = '00000000-0000-4000-8000-000000000010';
const BRIEFING = '00000000-0000-4000-8000-000000000020';
const SECTION = '00000000-0000-4000-8000-000000000021';
const ITEM = '00000000-0000-4000-8000-000000000022';
const PROMPT = '00000000-0000-4000-8000-000000000023';
const THREAD = '00000000-0000-4000-8000-000000000024';
const TAG = '00000000-0000-4000-8000-000000000025';
const COMMENT = '00000000-0000-4000-8000-000000000030';
const REPLY = '00000000-0000-4000-8000-000000000031';
const ACTION = '00000000-0000-4000-8000-000000000040';
const DECISION = '00000000-0000-4000-8000-000000000041';
const NEWER_DECISION = '00000000-0000-4000-8000-000000000042';
const LATER_SECTION = '00000000-0000-4000-8000-000000000049';
const LATER_PROMPT = '00000000-0000-4000-8000-000000000050';
const LATER_THREAD = '00000000-0000-4000-8000-000000000051';

/** Rows written right after the named migration, in that release's schema. */
const CHECKPOINTS: Record<string, string[]> = {
  Accounts1764284400000: [
    `INSERT INTO app_user (id, email, display_name, role, password_hash, created_at) VALUES
       ('${ADMIN}', 'ada@example.com', 'Ada Admin', 'admin', '$argon2id$placeholder', '2025-11-01T09:00:00Z'),
       ('${MEMBER}', 'max.member@example.com', 'Max Member', 'member', NULL, '2025-11-02T09:00:00Z')`,
  ],
  Briefings1764288000000: [
    `INSERT INTO user_group (id, name) VALUES ('${GROUP}', 'Board')`,
    `INSERT INTO user_group_member (group_id, user_id) VALUES ('${GROUP}', '${MEMBER}')`,
    `INSERT INTO briefing (id, slug, title, title_key, series, published_on, source_format, source_text, content_hash, visibility, created_by)
       VALUES ('${BRIEFING}', 'daily-sync-2025-11-03', 'Daily Sync: November 3, 2025', 'daily sync', 'Daily Sync',
               '2025-11-03', 'markdown', '# Daily Sync', 'hash-1', 'restricted', '${ADMIN}')`,
    `INSERT INTO briefing_group (briefing_id, group_id) VALUES ('${BRIEFING}', '${GROUP}')`,
    `INSERT INTO tag (id, name) VALUES ('${TAG}', 'infrastructure')`,
    `INSERT INTO briefing_tag (briefing_id, tag_id) VALUES ('${BRIEFING}', '${TAG}')`,
    `INSERT INTO section (id, briefing_id, position, heading, kind) VALUES ('${SECTION}', '${BRIEFING}', 0, 'Upgrades', 'items')`,
    `INSERT INTO item (id, section_id, briefing_id, position, title, body, url)
       VALUES ('${ITEM}', '${SECTION}', '${BRIEFING}', 0, 'Zero-downtime upgrades', 'Expand, then contract.', 'https://example.com/upgrades')`,
    `INSERT INTO discussion_prompt (id, section_id, briefing_id, prompt) VALUES ('${PROMPT}', '${SECTION}', '${BRIEFING}', 'Can we upgrade without downtime?')`,
    `INSERT INTO thread (id, briefing_id, prompt_id, title, created_by) VALUES ('${THREAD}', '${BRIEFING}', '${PROMPT}', 'Can we upgrade without downtime?', '${ADMIN}')`,
  ],
  Discussions1764291600000: [
    `INSERT INTO comment (id, thread_id, seq, author_id, body, body_html, edited_at)
       VALUES ('${COMMENT}', '${THREAD}', 1, '${MEMBER}', 'Yes, with expand/contract.', '<p>Yes, with expand/contract.</p>', now())`,
    `INSERT INTO comment (id, thread_id, parent_id, seq, author_id, body, body_html)
       VALUES ('${REPLY}', '${THREAD}', '${COMMENT}', 2, '${ADMIN}', 'Agreed.', '<p>Agreed.</p>')`,
    `UPDATE thread SET last_seq = 2, comment_count = 2 WHERE id = '${THREAD}'`,
    `INSERT INTO comment_revision (comment_id, body, editor_id) VALUES ('${COMMENT}', 'Yes.', '${MEMBER}')`,
    `INSERT INTO comment_reaction (comment_id, user_id, emoji) VALUES ('${COMMENT}', '${ADMIN}', '👍')`,
    `INSERT INTO thread_event (thread_id, seq, type, payload) VALUES
       ('${THREAD}', 1, 'comment.created', '{"id":"${COMMENT}"}'), ('${THREAD}', 2, 'comment.created', '{"id":"${REPLY}"}')`,
    `INSERT INTO thread_follow (thread_id, user_id) VALUES ('${THREAD}', '${MEMBER}')`,
    `INSERT INTO thread_read (thread_id, user_id, last_seq) VALUES ('${THREAD}', '${MEMBER}', 2)`,
    `INSERT INTO notification (user_id, kind, thread_id, comment_id, actor_id) VALUES ('${MEMBER}', 'reply', '${THREAD}', '${REPLY}', '${ADMIN}')`,
  ],
  // A replica of the release before short titles still inserts threads without one, mid-upgrade.
  ThreadShortTitle1764420000000: [
    `INSERT INTO section (id, briefing_id, position, heading, kind) VALUES ('${LATER_SECTION}', '${BRIEFING}', 1, 'Cut-over', 'items')`,
    `INSERT INTO discussion_prompt (id, section_id, briefing_id, prompt) VALUES ('${LATER_PROMPT}', '${LATER_SECTION}', '${BRIEFING}', 'Who signs off on the cut-over? Name one person.')`,
    `INSERT INTO thread (id, briefing_id, prompt_id, title, created_by) VALUES ('${LATER_THREAD}', '${BRIEFING}', '${LATER_PROMPT}', 'Who signs off on the cut-over? Name one person.', '${ADMIN}')`,
  ],
  ActionsDecisions1764295200000: [
    `INSERT INTO action_item (id, title, owner_id, status, due_on, created_by)
       VALUES ('${ACTION}', 'Rehearse the rolling upgrade', '${MEMBER}', 'in_progress', '2025-12-01', '${ADMIN}')`,
    `INSERT INTO decision (id, title, statement, status, thread_id, comment_id, created_by)
       VALUES ('${DECISION}', 'Upgrade on Fridays', 'We upgrade on Fridays.', 'superseded', '${THREAD}', '${COMMENT}', '${MEMBER}')`,
    `INSERT INTO decision (id, title, statement, status, supersedes_id, created_by, decided_by, decided_on)
       VALUES ('${NEWER_DECISION}', 'Upgrade any day', 'Rolling upgrades make any day fine.', 'accepted', '${DECISION}', '${ADMIN}', '${ADMIN}', '2025-11-10')`,
    `INSERT INTO follow_up_link (owner_type, owner_id, target_type, target_id) VALUES
       ('action', '${ACTION}', 'briefing', '${BRIEFING}'), ('action', '${ACTION}', 'discussion', '${THREAD}'),
       ('decision', '${NEWER_DECISION}', 'decision', '${DECISION}')`,
    `INSERT INTO activity (subject_type, subject_id, actor_id, change) VALUES ('action', '${ACTION}', '${ADMIN}', '{"status":["open","in_progress"]}')`,
  ],
  Search1764298800000: [
    `INSERT INTO search_synonym (terms, position) VALUES (ARRAY['upgrade', 'migration'], 99)`,
    `INSERT INTO saved_search (user_id, name, query) VALUES ('${MEMBER}', 'Upgrades', 'upgrade')`,
  ],
};

/** What must read the same after every later migration (ids, texts, links, history). */
const INVARIANTS: Array<{ after: string; sql: string }> = [
  {
    after: 'Accounts1764284400000',
    sql: `SELECT id, email, display_name, role FROM app_user ORDER BY id`,
  },
  {
    after: 'Briefings1764288000000',
    sql: `SELECT id, slug, title, visibility, published_on::text FROM briefing ORDER BY id`,
  },
  { after: 'Briefings1764288000000', sql: `SELECT group_id, user_id FROM user_group_member` },
  { after: 'Briefings1764288000000', sql: `SELECT id, title, url FROM item ORDER BY id` },
  {
    after: 'Briefings1764288000000',
    sql: `SELECT id, briefing_id, prompt_id, title FROM thread WHERE id = '${THREAD}'`,
  },
  {
    after: 'Discussions1764291600000',
    sql: `SELECT id, parent_id, seq::int, author_id, body FROM comment ORDER BY seq`,
  },
  { after: 'Discussions1764291600000', sql: `SELECT comment_id, body FROM comment_revision` },
  {
    after: 'Discussions1764291600000',
    sql: `SELECT thread_id, seq::int, type FROM thread_event ORDER BY seq`,
  },
  {
    after: 'ActionsDecisions1764295200000',
    sql: `SELECT id, title, owner_id, status, due_on::text FROM action_item`,
  },
  {
    after: 'ActionsDecisions1764295200000',
    sql: `SELECT id, status, supersedes_id FROM decision ORDER BY id`,
  },
  {
    after: 'ActionsDecisions1764295200000',
    sql: `SELECT owner_id, target_type, target_id FROM follow_up_link ORDER BY 1, 2`,
  },
  { after: 'Search1764298800000', sql: `SELECT name, query FROM saved_search` },
];

describe('upgrades from every earlier schema (issue 18)', () => {
  const name = `briefroom_upgrade_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let admin: pg.Client;
  let client: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  it('migrates a database holding data from each released schema up to the latest', async () => {
    expect(Object.keys(CHECKPOINTS).every((step) => ORDERED.includes(step))).toBe(true);
    const expected = new Map<string, unknown[]>();
    for (let step = 0; step < ORDERED.length; step++) {
      const migration = ORDERED[step];
      const ran = await migrateTo(databaseUrl, ORDERED.slice(0, step + 1));
      expect(ran).toEqual([migration]);
      // Data written under the previous schemas reads the same under this one.
      for (const [sql, rows] of expected)
        expect({ migration, sql, rows: (await client.query(sql)).rows }).toEqual({
          migration,
          sql,
          rows,
        });
      for (const statement of CHECKPOINTS[migration] ?? []) await client.query(statement);
      for (const invariant of INVARIANTS.filter((i) => i.after === migration))
        expected.set(invariant.sql, (await client.query(invariant.sql)).rows);
    }
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM migrations`);
    expect(rows.map((row) => row.name).sort()).toEqual(ORDERED.slice().sort());
    // Backfills done by later migrations: every user got a handle.
    const handles = await client.query<{ handle: string }>(
      `SELECT handle FROM app_user ORDER BY id`,
    );
    expect(handles.rows.map((row) => row.handle)).toEqual([
      expect.stringMatching(/^[a-z0-9._-]+$/),
      expect.stringMatching(/^[a-z0-9._-]+$/),
    ]);

    // Threads from before short titles got one by the rule; one inserted mid-upgrade without it too.
    const titles = await client.query<{ id: string; short_title: string }>(
      `SELECT id, short_title FROM thread ORDER BY id`,
    );
    expect(titles.rows).toEqual([
      { id: THREAD, short_title: 'Can we upgrade without downtime?' },
      { id: LATER_THREAD, short_title: 'Who signs off on the cut-over? Name one person.' },
    ]);

    // The upgraded database serves its old data through the current app.
    const server = await startServer(
      loadConfig({
        DATABASE_URL: databaseUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        WEB_BUILD_DIR: '/nonexistent-web-build',
        SEED_SAMPLE_BRIEFING: 'false',
        REMINDER_INTERVAL_SECONDS: '0',
        SAVED_SEARCH_ALERT_INTERVAL_SECONDS: '0',
      }),
    );
    try {
      const user = await server.app.get(UsersRepository).findById(MEMBER);
      const session = await server.app
        .get(AuthService)
        .startSession(user!, { userAgent: 'jest', ip: '127.0.0.1' });
      const port = (server.app.getHttpServer().address() as { port: number }).port;
      const get = async (path: string) => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {
          headers: { Authorization: `Bearer ${session.token}` },
        });
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        return (await response.json()) as Record<string, unknown>;
      };
      expect(await get(`/api/briefings/${BRIEFING}`)).toMatchObject({
        title: 'Daily Sync: November 3, 2025',
        visibility: 'restricted',
      });
      const thread = await get(`/api/threads/${THREAD}`);
      expect(JSON.stringify(thread)).toContain('Yes, with expand/contract.');
      expect(await get(`/api/actions/${ACTION}`)).toMatchObject({
        title: 'Rehearse the rolling upgrade',
        status: 'in_progress',
      });
      expect(await get(`/api/decisions/${NEWER_DECISION}`)).toMatchObject({ status: 'accepted' });
    } finally {
      await server.close();
    }
  });
});
