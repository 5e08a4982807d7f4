// Seeds a benchmark database through the API (briefings, so items and threads are real) and SQL
// (users, groups, tags, 10,000 actions, 2,000 decisions and their links, in a few statements).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ADMIN, signIn } from './api-process.mjs';

const sample = readFileSync(
  resolve(import.meta.dirname, '../../api/samples/daily-sync-2026-05-07.txt'),
  'utf8',
);
export const MEMBER = { email: 'member@bench.test', password: ADMIN.password };

export async function seedFollowUps(
  api,
  { actions = 10_000, decisions = 2_000, briefings = 60, users = 50 } = {},
) {
  const adminToken = await signIn(api.url);
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const start = new Date('2026-01-05T00:00:00Z');
  for (let i = 0; i < briefings; i++) {
    const day = new Date(start.getTime() + i * 2 * 86_400_000);
    const label = day.toLocaleDateString('en-US', {
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const response = await fetch(`${api.url}/api/briefings/import`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ content: sample.replaceAll('May 7, 2026', label) }),
    });
    if (response.status !== 201)
      throw new Error(`import answered ${response.status}: ${await response.text()}`);
  }
  const db = new pg.Client({ connectionString: api.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO app_user (email, display_name, role, password_hash, handle)
       SELECT CASE WHEN g = 1 THEN $1 ELSE 'user' || g || '@bench.test' END, 'User ' || g, 'member',
              (SELECT password_hash FROM app_user WHERE email = $2), 'bench' || g
         FROM generate_series(1, $3::int) g`,
      [MEMBER.email, ADMIN.email, users],
    );
    // Two groups; every sixth briefing is restricted to one of them; the bench member is in the first.
    await db.query(`INSERT INTO user_group (name) VALUES ('Board'), ('Legal')`);
    await db.query(
      `INSERT INTO user_group_member (group_id, user_id)
       SELECT (SELECT id FROM user_group WHERE name = 'Board'), id FROM app_user WHERE email LIKE '%@bench.test' AND random() < 0.5 OR email = $1`,
      [MEMBER.email],
    );
    await db.query(`
      WITH ranked AS (SELECT id, row_number() OVER (ORDER BY published_on) AS n FROM briefing)
      UPDATE briefing b SET visibility = 'restricted' FROM ranked r WHERE r.id = b.id AND r.n % 6 = 0`);
    await db.query(`
      WITH r AS (SELECT id, row_number() OVER (ORDER BY published_on) AS n FROM briefing WHERE visibility = 'restricted')
      INSERT INTO briefing_group (briefing_id, group_id)
      SELECT r.id, g.id FROM r JOIN user_group g ON g.name = CASE WHEN r.n % 2 = 0 THEN 'Board' ELSE 'Legal' END`);
    await db.query(
      `INSERT INTO tag (name) SELECT 'topic-' || g FROM generate_series(0, 9) g ON CONFLICT DO NOTHING`,
    );
    await db.query(`
      WITH ranked AS (SELECT id, row_number() OVER (ORDER BY published_on) AS n FROM briefing)
      INSERT INTO briefing_tag (briefing_id, tag_id)
      SELECT r.id, t.id FROM ranked r JOIN tag t ON t.name IN ('topic-' || (r.n % 10), 'topic-' || ((r.n * 3 + 1) % 10))
      ON CONFLICT DO NOTHING`);
    await db.query(
      `INSERT INTO action_item (title, description, owner_id, status, priority, due_on, created_by, created_at, updated_at, completed_at)
       SELECT 'Action ' || g || ': follow up on the vendor review', 'Details for action ' || g, u.ids[1 + g % array_length(u.ids, 1)],
              (ARRAY['open','open','in_progress','blocked','done','cancelled'])[1 + (g * 7) % 6],
              (ARRAY['low','medium','medium','high','urgent'])[1 + (g * 3) % 5],
              CASE WHEN g % 10 = 0 THEN NULL ELSE date '2026-01-01' + (g * 37) % 500 END,
              u.ids[1 + (g * 11) % array_length(u.ids, 1)],
              now() - g * interval '1 minute', now() - g * interval '30 seconds',
              CASE WHEN (g * 7) % 6 = 4 THEN now() END
         FROM generate_series(1, $1::int) g, (SELECT array_agg(id ORDER BY email) AS ids FROM app_user) u`,
      [actions],
    );
    // Each action links to an item, a prompt's thread or a briefing (round robin over briefings); a third also to a second briefing's item.
    await db.query(`
      WITH a AS (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM action_item),
           b AS (SELECT id, row_number() OVER (ORDER BY published_on) AS n, count(*) OVER () AS total FROM briefing),
           first_item AS (SELECT DISTINCT ON (briefing_id) id, briefing_id FROM item ORDER BY briefing_id, position),
           first_thread AS (SELECT DISTINCT ON (briefing_id) id, briefing_id FROM thread ORDER BY briefing_id, id)
      INSERT INTO follow_up_link (owner_type, owner_id, target_type, target_id, briefing_id)
      SELECT 'action', a.id, kind.type,
             CASE kind.type WHEN 'item' THEN fi.id WHEN 'discussion' THEN ft.id ELSE b.id END, b.id
        FROM a JOIN b ON b.n = 1 + a.n % b.total
        JOIN first_item fi ON fi.briefing_id = b.id JOIN first_thread ft ON ft.briefing_id = b.id
        CROSS JOIN LATERAL (SELECT (ARRAY['item','discussion','briefing'])[1 + a.n % 3] AS type) kind
      UNION ALL
      SELECT 'action', a.id, 'item', fi.id, fi.briefing_id
        FROM a JOIN b ON b.n = 1 + (a.n * 7) % b.total JOIN first_item fi ON fi.briefing_id = b.id
       WHERE a.n % 3 = 0
      ON CONFLICT DO NOTHING`);
    await db.query(
      `WITH t AS (SELECT array_agg(id ORDER BY id) AS ids FROM thread), u AS (SELECT array_agg(id ORDER BY email) AS ids FROM app_user)
       INSERT INTO decision (title, statement, status, decided_by, decided_on, review_by, thread_id, created_by, created_at, updated_at)
       SELECT 'Decision ' || g, 'We decided ' || g, s.status,
              CASE WHEN s.status IN ('accepted', 'superseded') THEN u.ids[1 + g % array_length(u.ids, 1)] END,
              CASE WHEN s.status IN ('accepted', 'superseded') THEN date '2026-01-01' + g % 300 END,
              CASE WHEN g % 4 = 0 THEN date '2026-03-01' + g % 400 END,
              CASE WHEN g % 2 = 0 THEN t.ids[1 + g % array_length(t.ids, 1)] END,
              u.ids[1 + (g * 13) % array_length(u.ids, 1)], now() - g * interval '3 minutes', now() - g * interval '1 minute'
         FROM generate_series(1, $1::int) g, t, u,
              LATERAL (SELECT (ARRAY['proposed','accepted','accepted','rejected','superseded'])[1 + g % 5] AS status) s`,
      [decisions],
    );
    await db.query(`
      WITH d AS (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM decision WHERE thread_id IS NULL),
           b AS (SELECT id, row_number() OVER (ORDER BY published_on) AS n, count(*) OVER () AS total FROM briefing)
      INSERT INTO follow_up_link (owner_type, owner_id, target_type, target_id, briefing_id)
      SELECT 'decision', d.id, 'briefing', b.id, b.id FROM d JOIN b ON b.n = 1 + d.n % b.total`);
    await db.query('ANALYZE');
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM action_item)::int AS actions, (SELECT count(*) FROM decision)::int AS decisions,
              (SELECT count(*) FROM follow_up_link)::int AS links, (SELECT count(*) FROM briefing)::int AS briefings`,
    );
    return rows[0];
  } finally {
    await db.end();
  }
}
