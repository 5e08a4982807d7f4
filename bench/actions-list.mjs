// Filtered list pages of action items and decisions at the API, with 10,000 actions and 2,000
// decisions (actions watched by 0-3 users each, about 1.5 on average), as a non-admin member (so
// the visibility rule runs on every row).
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>); BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) is where a throwaway database is created.
// node bench/actions-list.mjs [requests per page=200]
import pg from 'pg';
import { startApi, signIn } from './lib/api-process.mjs';
import { MEMBER, seedFollowUps } from './lib/follow-ups-seed.mjs';
import { percentile } from './lib/stats.mjs';

const [requests = 200] = process.argv.slice(2).map(Number);
const api = await startApi({ port: 3111 });
try {
  const seededAt = performance.now();
  const counts = await seedFollowUps(api);
  counts.watchers = await seedWatchers(api.databaseUrl);
  console.log(
    `seeded ${counts.actions} actions, ${counts.decisions} decisions, ${counts.links} links, ${counts.watchers} watchers, ${counts.briefings} briefings in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`,
  );
  const token = await signIn(api.url, MEMBER);
  const headers = { authorization: `Bearer ${token}` };
  const get = async (path) => {
    const response = await fetch(`${api.url}${path}`, { headers });
    if (!response.ok)
      throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const me = (await get('/api/auth/me')).user;
  const briefings = (await get('/api/briefings?limit=100')).briefings;
  const someBriefing = briefings[Math.floor(briefings.length / 2)];
  const latest = briefings[0];
  // A thread some actions link to, found from the actions' own links.
  let thread;
  for (const row of (await get('/api/actions?sort=created&limit=20')).actions) {
    thread ??= (await get(`/api/actions/${row.id}`)).links.find(
      (link) => link.type === 'discussion',
    )?.id;
  }
  const pages = [
    ['actions: default (open first by due date)', '/api/actions'],
    ['actions: status=open,in_progress', '/api/actions?status=open,in_progress'],
    ['actions: ownerId=me', `/api/actions?ownerId=${me.id}`],
    ['actions: overdue=true', '/api/actions?overdue=true'],
    ['actions: briefingId', `/api/actions?briefingId=${someBriefing.id}`],
    ['actions: tag=topic-3', '/api/actions?tag=topic-3'],
    ['actions: tag + status + sort=priority', '/api/actions?tag=topic-3&status=open&sort=priority'],
    ['actions: priority=urgent&sort=created', '/api/actions?priority=urgent&sort=created'],
    [
      'actions: due range, sort=updated',
      '/api/actions?dueFrom=2026-03-01&dueTo=2026-04-30&sort=updated',
    ],
    ['actions: linkType=discussion', `/api/actions?linkType=discussion&linkId=${thread}`],
    ['actions: page 20 of status=open', '/api/actions?status=open&page=20'],
    ['follow-ups of the latest briefing', `/api/briefings/${latest.id}/follow-ups`],
    ['decisions: default', '/api/decisions'],
    ['decisions: status=accepted&sort=decided', '/api/decisions?status=accepted&sort=decided'],
    ['decisions: tag=topic-3', '/api/decisions?tag=topic-3'],
    [
      'decisions: decided range + decidedBy',
      `/api/decisions?decidedFrom=2026-02-01&decidedTo=2026-06-30&decidedBy=${me.id}`,
    ],
    ['decisions: reviewDue=true', '/api/decisions?reviewDue=true'],
  ];
  console.log(`${requests} sequential keep-alive requests per page after 20 warm-up, 1 client:`);
  let worst = 0;
  for (const [label, path] of pages) {
    const rows = await get(path);
    const n = (rows.actions ?? rows.decisions).length;
    for (let i = 0; i < 20; i++) await get(path);
    const times = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await get(path);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    worst = Math.max(worst, p95);
    console.log(
      `  ${label.padEnd(44)} rows ${String(n).padStart(3)}  p50 ${percentile(times, 50).toFixed(1).padStart(5)} ms  p95 ${p95.toFixed(1).padStart(5)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(5)} ms`,
    );
  }
  console.log(`worst p95 over all pages: ${worst.toFixed(1)} ms`);
  await watchersCost(api.databaseUrl, me.id, requests);
} finally {
  await api.stop();
}

/** Watchers for the seeded actions: action n is watched by n % 4 users (0-3), picked round robin. */
async function seedWatchers(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`
      WITH a AS (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM action_item),
           u AS (SELECT array_agg(id ORDER BY email) AS ids FROM app_user)
      INSERT INTO action_watcher (action_id, user_id)
      SELECT a.id, u.ids[1 + (a.n * 5 + k * 17) % array_length(u.ids, 1)]
        FROM a, u, generate_series(1, 3) k WHERE k <= a.n % 4
      ON CONFLICT DO NOTHING`);
    await db.query('ANALYZE action_watcher');
    const { rows } = await db.query('SELECT count(*)::int AS n FROM action_watcher');
    return rows[0].n;
  } finally {
    await db.end();
  }
}

/**
 * What the `watchers` column costs a list page, on the SQL alone (HTTP timings on a shared machine
 * are too noisy for ~1 ms): the status=open,in_progress page query for the member, with and without
 * the column, interleaved.
 */
async function watchersCost(databaseUrl, userId, pairs) {
  const owner = `CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'displayName', o.display_name, 'handle', split_part(o.email, '@', 1)) END AS owner`;
  const watchers = `COALESCE((SELECT json_agg(json_build_object('id', wu.id, 'displayName', wu.display_name, 'handle', split_part(wu.email, '@', 1)) ORDER BY wu.display_name, wu.id)
      FROM action_watcher aw JOIN app_user wu ON wu.id = aw.user_id WHERE aw.action_id = a.id), '[]') AS watchers`;
  const page = (
    columns,
  ) => `SELECT a.id, a.title, a.status, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", ${columns}
      FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
     WHERE a.id IN (SELECT a.id FROM action_item a WHERE a.status = ANY($2::text[])
                      AND NOT EXISTS (SELECT 1 FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
                           WHERE vl.owner_type = 'action' AND vl.owner_id = a.id AND vb.visibility <> 'team'
                             AND NOT EXISTS (SELECT 1 FROM briefing_group bg JOIN user_group_member gm ON gm.group_id = bg.group_id
                                              WHERE bg.briefing_id = vb.id AND gm.user_id = $1))
                    ORDER BY a.due_on ASC NULLS LAST, a.id LIMIT 50)
     ORDER BY a.due_on ASC NULLS LAST, a.id`;
  const variants = {
    'without watchers': page(owner),
    'with watchers': page(`${owner}, ${watchers}`),
  };
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
    for (let i = 0; i < pairs + 20; i++)
      for (const [name, sql] of Object.entries(variants)) {
        const started = performance.now();
        await db.query(sql, [userId, ['open', 'in_progress']]);
        if (i >= 20) times[name].push(performance.now() - started);
      }
    console.log(
      `watchers column, SQL alone (${pairs} interleaved pairs, status=open,in_progress page):`,
    );
    for (const [name, list] of Object.entries(times)) {
      list.sort((a, b) => a - b);
      console.log(
        `  ${name.padEnd(18)} p50 ${percentile(list, 50).toFixed(2)} ms  p95 ${percentile(list, 95).toFixed(2)} ms`,
      );
    }
  } finally {
    await db.end();
  }
}
