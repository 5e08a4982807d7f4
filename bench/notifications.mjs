// The notification bell at the API for a member with ~6,000 unread notifications: the first page
// of GET /api/notifications (all, and unread only; each answer carries the unread count) and
// GET /api/notifications/unread-count, beside GET /api/auth/me for the machine's floor. The
// notifications are about team threads, threads restricted to a group the member is in, threads
// restricted to a group they are not in (hidden from them, so the visibility rule filters them
// out), and action reminders; other users' notifications fill the table around them.
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>); BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) is where a throwaway database is created.
// node bench/notifications.mjs [unread=6000] [requests per route=300]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ADMIN, signIn, startApi } from './lib/api-process.mjs';
import { summary } from './lib/stats.mjs';

const [unread = 6000, requests = 300] = process.argv.slice(2).map(Number);
const READER = { email: 'reader@bench.test', password: ADMIN.password };
const sample = readFileSync(
  resolve(import.meta.dirname, '../api/samples/daily-sync-2026-05-07.txt'),
  'utf8',
);

const api = await startApi({ port: 3112 });
try {
  const seededAt = performance.now();
  const counts = await seed(api, unread);
  console.log(
    `seeded ${counts.mine} notifications for the reader (${counts.unread} unread, ${counts.hidden} about threads hidden from them), ${counts.all} in all, over ${counts.threads} threads, in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`,
  );
  const headers = { authorization: `Bearer ${await signIn(api.url, READER)}` };
  const get = async (path) => {
    const response = await fetch(`${api.url}${path}`, { headers });
    if (!response.ok)
      throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const routes = [
    ['GET /api/notifications (first page)', '/api/notifications'],
    ['GET /api/notifications?unread=true', '/api/notifications?unread=true'],
    ['GET /api/notifications/unread-count', '/api/notifications/unread-count'],
    // The floor on this machine: an authenticated read that touches one row.
    ['GET /api/auth/me (floor)', '/api/auth/me'],
  ];
  const first = await get('/api/notifications');
  console.log(
    `first page: ${first.notifications.length} notifications, unreadCount ${first.unreadCount}, next page ${first.nextCursor ? 'yes' : 'no'}`,
  );
  console.log(`${requests} sequential keep-alive requests per route after 30 warm-up, 1 client:`);
  for (const [label, path] of routes) {
    for (let i = 0; i < 30; i++) await get(path);
    const times = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await get(path);
      times.push(performance.now() - started);
    }
    console.log(`  ${label.padEnd(38)} ${summary(times)}`);
  }
} finally {
  await api.stop();
}

/**
 * Through the API: 24 briefings (so threads are real). Through SQL: the reader (a member of the
 * Board group) and 40 other members; every fourth briefing restricted to Board, every fourth to
 * Legal; `unread` unread notifications for the reader spread over every thread (a quarter of them
 * about Legal threads, which the reader may not read), 1,000 read ones, 200 action reminders, and
 * 500 for each other member.
 */
async function seed(api, unreadCount) {
  const adminHeaders = {
    authorization: `Bearer ${await signIn(api.url)}`,
    'content-type': 'application/json',
  };
  for (let i = 0; i < 24; i++) {
    const label = new Date(Date.UTC(2026, 0, 5 + i)).toLocaleDateString('en-US', {
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const response = await fetch(`${api.url}/api/briefings/import`, {
      method: 'POST',
      headers: adminHeaders,
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
       SELECT CASE WHEN g = 0 THEN $1 ELSE 'user' || g || '@bench.test' END, 'User ' || g, 'member',
              (SELECT password_hash FROM app_user WHERE email = $2), 'bench' || g
         FROM generate_series(0, 40) g`,
      [READER.email, ADMIN.email],
    );
    await db.query(`INSERT INTO user_group (name) VALUES ('Board'), ('Legal')`);
    await db.query(
      `INSERT INTO user_group_member (group_id, user_id)
       SELECT (SELECT id FROM user_group WHERE name = 'Board'), id FROM app_user WHERE email = $1`,
      [READER.email],
    );
    await db.query(`
      WITH ranked AS (SELECT id, row_number() OVER (ORDER BY published_on) AS n FROM briefing)
      UPDATE briefing b SET visibility = 'restricted' FROM ranked r WHERE r.id = b.id AND r.n % 4 IN (1, 2)`);
    await db.query(`
      WITH ranked AS (SELECT id, row_number() OVER (ORDER BY published_on) AS n FROM briefing)
      INSERT INTO briefing_group (briefing_id, group_id)
      SELECT r.id, g.id FROM ranked r JOIN user_group g ON g.name = CASE WHEN r.n % 4 = 1 THEN 'Board' ELSE 'Legal' END
       WHERE r.n % 4 IN (1, 2)`);
    // Newest first in the list: created_at steps back one minute per notification.
    await db.query(
      `WITH t AS (SELECT array_agg(id ORDER BY id) AS ids FROM thread),
            reader AS (SELECT id FROM app_user WHERE email = $1),
            actor AS (SELECT id FROM app_user WHERE email = 'user1@bench.test')
       INSERT INTO notification (user_id, kind, thread_id, actor_id, created_at, read_at)
       SELECT reader.id, (ARRAY['mention','reply','activity'])[1 + g % 3], t.ids[1 + g % array_length(t.ids, 1)], actor.id,
              now() - g * interval '1 minute', CASE WHEN g > $2 THEN now() END
         FROM generate_series(1, $2::int + 1000) g, t, reader, actor`,
      [READER.email, unreadCount],
    );
    await db.query(
      `WITH t AS (SELECT array_agg(id ORDER BY id) AS ids FROM thread)
       INSERT INTO notification (user_id, kind, thread_id, created_at)
       SELECT u.id, 'activity', t.ids[1 + g % array_length(t.ids, 1)], now() - g * interval '1 minute'
         FROM app_user u, generate_series(1, 500) g, t WHERE u.email LIKE 'user%@bench.test'`,
    );
    // Action reminders: open actions owned by the reader, tied to team briefings.
    await db.query(
      `WITH reader AS (SELECT id FROM app_user WHERE email = $1),
            made AS (
              INSERT INTO action_item (title, description, owner_id, status, priority, due_on, created_by)
              SELECT 'Action ' || g, '', reader.id, 'open', 'medium', current_date + g % 3 - 1, reader.id
                FROM generate_series(1, 200) g, reader RETURNING id, due_on)
       INSERT INTO notification (user_id, kind, action_id, created_at)
       SELECT reader.id, CASE WHEN made.due_on < current_date THEN 'action.overdue' ELSE 'action.due_soon' END, made.id,
              now() - (row_number() OVER ()) * interval '7 minutes'
         FROM made, reader`,
      [READER.email],
    );
    await db.query('ANALYZE');
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE n.user_id = u.id)::int AS mine,
              count(*) FILTER (WHERE n.user_id = u.id AND n.read_at IS NULL)::int AS unread,
              count(*) FILTER (WHERE n.user_id = u.id AND bg.group_id IS NOT NULL
                                 AND NOT EXISTS (SELECT 1 FROM user_group_member gm WHERE gm.group_id = bg.group_id AND gm.user_id = u.id))::int AS hidden,
              count(*)::int AS all, (SELECT count(*) FROM thread)::int AS threads
         FROM notification n CROSS JOIN (SELECT id FROM app_user WHERE email = $1) u
         LEFT JOIN thread t ON t.id = n.thread_id LEFT JOIN briefing_group bg ON bg.briefing_id = t.briefing_id`,
      [READER.email],
    );
    return rows[0];
  } finally {
    await db.end();
  }
}
