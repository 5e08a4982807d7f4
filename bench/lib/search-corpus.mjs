// The search benchmarks' stack and corpus: an embedded Meilisearch (the pinned binary `npm start`
// uses) next to the built API on a throwaway database (bench/lib/api-process.mjs), and a corpus
// of 100,000 documents generated in SQL in one transaction, so the trigger-fed outbox holds all
// of them when it commits. Prints nothing.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  startEmbeddedMeilisearch,
  verifiedMeilisearchBinary,
} from '../../infra/launcher/meilisearch.mjs';
import { ADMIN, startApi } from './api-process.mjs';

export const MEMBER = { email: 'member@search.bench', password: ADMIN.password };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A what-if: the same pinned binary with extra command-line options (BENCH_MEILI_ARGS, e.g.
 * "--max-indexing-memory 1GiB"), which the launcher does not take; otherwise as the launcher runs it.
 */
async function startMeiliWithArgs(dataDir, port, extra) {
  const masterKey = randomBytes(24).toString('base64url');
  const child = spawn(
    await verifiedMeilisearchBinary(),
    [
      '--db-path',
      join(dataDir, 'data'),
      '--http-addr',
      `127.0.0.1:${port}`,
      '--env',
      'production',
      '--no-analytics',
      '--log-level',
      'WARN',
      ...extra,
    ],
    { cwd: dataDir, env: { PATH: process.env.PATH, MEILI_MASTER_KEY: masterKey }, stdio: 'ignore' },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`meilisearch ${extra.join(' ')} exited`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    masterKey,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Meilisearch (its own data directory, on `meiliPort` or a free port) + the API on a fresh
 * database; `env` carries everything `npm run reindex` needs.
 */
export async function startSearchStack({ port, meiliPort, env = {} }) {
  const meiliDir = await mkdtemp(join(tmpdir(), 'briefroom-bench-meili-'));
  const extra = (process.env.BENCH_MEILI_ARGS ?? '').split(' ').filter(Boolean);
  meiliPort ??= await freePort();
  const meili = extra.length
    ? await startMeiliWithArgs(meiliDir, meiliPort, extra)
    : await startEmbeddedMeilisearch({ dataDir: meiliDir, port: meiliPort });
  const prefix = `bench${randomUUID().slice(0, 8)}`;
  const searchEnv = {
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    SEARCH_INDEX_PREFIX: prefix,
  };
  let api;
  try {
    api = await startApi({ port, env: { ...searchEnv, ...env } });
  } catch (error) {
    await meili.stop();
    throw error;
  }
  return {
    url: api.url,
    databaseUrl: api.databaseUrl,
    meili: { url: meili.url, masterKey: meili.masterKey, prefix },
    env: { DATABASE_URL: api.databaseUrl, ...searchEnv },
    apiExitedWith: api.exitedWith,
    stop: async () => {
      await api.stop();
      await meili.stop();
      await rm(meiliDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: ~3,000 words. Text is drawn with a skewed (Zipf-like) distribution over the list's
// order, so the head words are broad (tens of thousands of documents) and the tail selective.

/** Broad terms, most frequent first; their rank decides how common they are. */
const HEAD = [
  'platform',
  'team',
  'latency',
  'kubernetes',
  'migration',
  'budget',
  'release',
  'customer',
  'incident',
  'security',
  'database',
  'roadmap',
  'vendor',
  'pipeline',
  'cost',
  'hiring',
  'api',
  'cloud',
  'deploy',
  'review',
  'risk',
  'model',
  'service',
  'storage',
  'network',
  'quarter',
  'metrics',
  'outage',
  'contract',
  'compliance',
  'gpu',
  'inference',
  'training',
  'observability',
  'postgres',
  'cache',
  'queue',
  'frontend',
  'mobile',
  'billing',
  'search',
  'analytics',
  'capacity',
  'backlog',
  'architecture',
  'on-call',
  'runbook',
  'audit',
  'encryption',
  'identity',
  'rollout',
  'experiment',
  'dashboard',
  'forecast',
  'headcount',
];
const TECH =
  `terraform ansible helm istio envoy linkerd prometheus grafana loki tempo jaeger opentelemetry
kafka pulsar rabbitmq nats redis memcached valkey cassandra scylla mongodb dynamodb cockroachdb
clickhouse druid pinot snowflake bigquery redshift databricks spark flink beam airflow dagster
dbt trino presto iceberg delta hudi parquet avro protobuf grpc graphql rest websocket http3 quic
tls mtls oauth oidc saml jwt vault sops kms hsm sbom slsa sigstore cosign trivy snyk dependabot
renovate github gitlab jenkins buildkite argo flux spinnaker tekton bazel gradle maven npm pnpm
yarn webpack vite esbuild rollup typescript javascript python golang rust java kotlin scala swift
elixir erlang haskell zig wasm webassembly llvm gcc clang cuda rocm triton pytorch tensorflow jax
onnx tensorrt vllm llama mistral gemma claude gpt embeddings vector rag retrieval reranker
finetuning lora quantization distillation tokenizer transformer diffusion agent evals guardrails
hallucination prompt context benchmark throughput p99 slo sla sli error-budget canary bluegreen
feature-flag chaos failover replication sharding partition consensus raft paxos etcd zookeeper
consul nomad docker containerd podman firecracker gvisor kata ebpf cilium calico wireguard bgp
anycast cdn edge cloudflare fastly akamai aws gcp azure oci openstack vmware proxmox baremetal
arm graviton x86 risc-v nvme ssd hdd ceph minio s3 gcs blob nfs zfs btrfs ext4 xfs linux kernel
systemd cgroups namespaces seccomp apparmor selinux sso mfa passkey webauthn fido yubikey zero-trust
soc2 iso27001 gdpr hipaa pci fedramp dpa pentest bugbounty cve zero-day ransomware phishing siem
soar edr xdr waf ddos ratelimit backpressure circuit-breaker retry idempotency saga outbox cdc
debezium etl elt lakehouse warehouse datamesh catalog lineage governance pii anonymization`.split(
    /\s+/,
  );
const COMMON =
  `meeting plan decision owner follow-up deadline estimate scope priority tradeoff proposal
draft feedback sync update status blocker dependency milestone launch beta pilot rollout rollback
hotfix patch upgrade deprecation sunset adoption usage growth churn revenue margin spend savings
invoice renewal negotiation procurement legal board investor offsite planning retro postmortem
interview onboarding offboarding promotion performance reorg manager director principal staff
engineer designer product research support sales marketing finance operations people recruiting
partner integration migration pilot alignment strategy vision mission goal objective result okr
kpi target baseline regression improvement latency spike error timeout saturation utilization
headroom region zone cluster node pod container image registry artifact secret certificate rotation
expiry alert page escalation ticket queue sprint epic story task bug debt refactor cleanup test
coverage flaky lint build artifact release train freeze window maintenance downtime uptime
availability durability consistency isolation transaction lock deadlock index query plan schema
column table view trigger function procedure backup restore snapshot archive retention purge
deletion export import sync webhook event stream batch job cron scheduler worker pool thread
process memory leak garbage collection heap profile flamegraph trace span log sample cardinality
label tag annotation quota limit burst throttle fairness tenant isolation noisy neighbour
customer enterprise startup midmarket segment persona journey funnel conversion activation
retention engagement satisfaction nps survey interview insight hypothesis experiment variant
control significance sample power dashboard report summary digest briefing newsletter memo
announcement policy guideline standard template checklist playbook handbook wiki documentation`.split(
    /\s+/,
  );

/** A deterministic PRNG, so every run builds the same vocabulary and the same query words. */
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function vocabulary(size = 3000) {
  const random = mulberry32(6);
  const words = [...new Set([...HEAD])];
  const seen = new Set(words);
  const rest = [...new Set([...TECH, ...COMMON])].filter((w) => !seen.has(w));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  words.push(...rest);
  // Made-up but pronounceable project and product names fill the long tail.
  const onsets = [
    'b',
    'br',
    'c',
    'cr',
    'd',
    'f',
    'fl',
    'g',
    'gr',
    'k',
    'l',
    'm',
    'n',
    'p',
    'pl',
    'r',
    's',
    'st',
    't',
    'tr',
    'v',
    'z',
  ];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io'];
  const codas = ['', 'n', 'r', 'x', 'l', 'm', 'nd', 'st', 'k'];
  for (const w of words) seen.add(w);
  while (words.length < size) {
    const syllables = 2 + Math.floor(random() * 2);
    let w = '';
    for (let s = 0; s < syllables; s++) {
      w +=
        onsets[Math.floor(random() * onsets.length)] + vowels[Math.floor(random() * vowels.length)];
    }
    w += codas[Math.floor(random() * codas.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

/** Multi-word phrases sprinkled into a fifth of the texts, for quoted-phrase queries. */
export const PHRASES = [
  'incident review',
  'capacity planning',
  'latency budget',
  'cost of goods sold',
  'zero downtime migration',
  'single sign on',
  'data retention policy',
  'vendor risk assessment',
  'quarterly business review',
  'error budget burn',
  'cold start latency',
  'model evaluation harness',
  'disaster recovery drill',
  'supply chain security',
  'platform team charter',
  'gpu reservation',
  'feature flag cleanup',
  'on-call handover',
  'customer escalation',
  'board pack',
];
export const SERIES = ['Daily Sync', 'Weekly Platform Review', 'Security Digest', 'AI Radar'];
export const TAGS = Array.from(
  { length: 20 },
  (_, i) =>
    ['infra', 'ai', 'security', 'hiring', 'finance', 'product', 'data', 'vendors', 'ops', 'legal'][
      i % 10
    ] + (i < 10 ? '' : '-followup'),
);

// Documents per type: 100,000 in all at scale 1.
const SHAPE = {
  briefings: 1_000,
  itemsPerBriefing: 30, // 3 sections of 10
  threadsPerBriefing: 5, // 2 prompts + 3 items
  comments: 50_000,
  actions: 10_000,
  decisions: 4_000,
};

/**
 * Generates the corpus in one transaction. Every 8th briefing is restricted (alternately to the
 * groups Board and Legal); MEMBER is in Board only. Returns counts and timings.
 */
export async function seedSearchCorpus(databaseUrl, { scale = 1 } = {}) {
  const n = {
    briefings: Math.round(SHAPE.briefings * scale),
    comments: Math.round(SHAPE.comments * scale),
    actions: Math.round(SHAPE.actions * scale),
    decisions: Math.round(SHAPE.decisions * scale),
  };
  const items = n.briefings * SHAPE.itemsPerBriefing;
  // Every text field gets its own text from a pool generated set-wise; `take` hands out slices.
  let used = 0;
  const take = (count) => {
    const offset = used;
    used += count;
    return offset;
  };
  const off = {
    briefingTitle: take(n.briefings),
    briefingSummary: take(n.briefings),
    takeaway: take(n.briefings),
    heading: take(n.briefings * 3),
    itemTitle: take(items),
    itemBody: take(items),
    prompt: take(n.briefings * 2),
    outcome: take(n.briefings * SHAPE.threadsPerBriefing),
    comment: take(n.comments),
    actionTitle: take(n.actions),
    actionBody: take(n.actions),
    decisionTitle: take(n.decisions),
    statement: take(n.decisions),
    rationale: take(n.decisions),
    alternatives: take(n.decisions),
  };
  /** SQL for the first `words` words of a text, capitalised. */
  const title = (column, words) =>
    `(SELECT upper(left(x, 1)) || substr(x, 2) FROM array_to_string((string_to_array(${column}, ' '))[1:${words}], ' ') x)`;
  const words = vocabulary();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = performance.now();
  try {
    await db.query('BEGIN');
    await db.query(
      `CREATE TEMP TABLE bench_word ON COMMIT DROP AS SELECT i::int, w FROM unnest($1::text[]) WITH ORDINALITY AS x(w, i)`,
      [words],
    );
    await db.query(
      `CREATE TEMP TABLE bench_phrase ON COMMIT DROP AS SELECT i::int, p FROM unnest($1::text[]) WITH ORDINALITY AS x(p, i)`,
      [PHRASES],
    );
    // Texts of 8 to 57 words (rank ~ N * u^2.2: a few words are everywhere, most are rare), a
    // fifth with a phrase appended.
    await db.query(
      `CREATE TEMP TABLE bench_text ON COMMIT DROP AS
       WITH picks AS MATERIALIZED (
              SELECT g, k, 1 + floor(power(random(), 2.2) * (SELECT count(*) FROM bench_word))::int AS r
                FROM generate_series(1, $1::int) g, generate_series(1, 8 + g % 50) k),
            extra AS MATERIALIZED (
              SELECT g, 1 + floor(random() * (SELECT count(*) FROM bench_phrase))::int AS r
                FROM generate_series(1, $1::int) g WHERE random() < 0.2)
       SELECT p.g - 1 AS id, string_agg(w.w, ' ' ORDER BY p.k) || COALESCE(' ' || max(ph.p), '') AS body
         FROM picks p JOIN bench_word w ON w.i = p.r
         LEFT JOIN extra e ON e.g = p.g LEFT JOIN bench_phrase ph ON ph.i = e.r
        GROUP BY p.g`,
      [used],
    );
    await db.query(`ALTER TABLE bench_text ADD PRIMARY KEY (id)`);
    await db.query(`ANALYZE bench_text`);
    const textsMs = performance.now() - started;

    await db.query(
      `INSERT INTO app_user (email, display_name, role, password_hash, handle)
       SELECT CASE WHEN g = 1 THEN $1 ELSE 'user' || g || '@search.bench' END,
              (ARRAY['Ada','Grace','Linus','Margaret','Ken','Barbara','Dennis','Frances','Alan','Radia'])[1 + g % 10] || ' ' || g,
              CASE WHEN g % 5 = 0 THEN 'editor' ELSE 'member' END,
              (SELECT password_hash FROM app_user WHERE email = $2), 'searcher' || g
         FROM generate_series(1, 30) g`,
      [MEMBER.email, ADMIN.email],
    );
    await db.query(`INSERT INTO user_group (name) VALUES ('Board'), ('Legal')`);
    await db.query(
      `INSERT INTO user_group_member (group_id, user_id)
       SELECT (SELECT id FROM user_group WHERE name = 'Board'), id FROM app_user
        WHERE email = $1 OR (email LIKE '%@search.bench' AND random() < 0.3)`,
      [MEMBER.email],
    );
    await db.query(
      `INSERT INTO user_group_member (group_id, user_id)
       SELECT (SELECT id FROM user_group WHERE name = 'Legal'), id FROM app_user
        WHERE email LIKE '%@search.bench' AND email <> $1 AND random() < 0.3 ON CONFLICT DO NOTHING`,
      [MEMBER.email],
    );
    await db.query(`INSERT INTO tag (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [
      TAGS,
    ]);

    // Briefings: one a day back from 2026-11-27, four series; every 8th restricted.
    await db.query(
      `INSERT INTO briefing (slug, title, title_key, series, published_on, author, reading_minutes, summary,
                             source_format, source_text, content_hash, visibility, created_at, updated_at)
       SELECT 'bench-' || g, s.series || ': ' || ${title('tt.body', 6)}, 'bench title ' || g, s.series,
              d.day, 'Author ' || (g % 12), 5, ts.body, 'text', 'generated', md5(g::text),
              CASE WHEN g % 8 = 0 THEN 'restricted' ELSE 'team' END, d.day + time '07:00', d.day + time '07:00'
         FROM generate_series(1, $1::int) g
         JOIN bench_text tt ON tt.id = $3 + g - 1 JOIN bench_text ts ON ts.id = $4 + g - 1,
              LATERAL (SELECT date '2026-11-27' - (g - 1) AS day) d,
              LATERAL (SELECT ($2::text[])[1 + g % 4] AS series) s`,
      [n.briefings, SERIES, off.briefingTitle, off.briefingSummary],
    );
    await db.query(`
      WITH r AS (SELECT id, row_number() OVER (ORDER BY published_on) AS k FROM briefing WHERE visibility = 'restricted')
      INSERT INTO briefing_group (briefing_id, group_id)
      SELECT r.id, g.id FROM r JOIN user_group g ON g.name = CASE WHEN r.k % 2 = 0 THEN 'Board' ELSE 'Legal' END`);
    await db.query(
      `WITH b AS (SELECT id, row_number() OVER (ORDER BY published_on) AS k FROM briefing),
            t AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS k FROM tag WHERE name = ANY($1::text[]))
       INSERT INTO briefing_tag (briefing_id, tag_id)
       SELECT b.id, t.id FROM b JOIN t ON t.k IN (b.k % 20, (b.k * 7 + 3) % 20, CASE WHEN b.k % 3 = 0 THEN (b.k * 11 + 5) % 20 END)
       ON CONFLICT DO NOTHING`,
      [TAGS],
    );

    // Sections 0-2 hold ten items each; section 3 is the takeaway.
    await db.query(
      `WITH b AS (SELECT id, row_number() OVER (ORDER BY published_on) - 1 AS k FROM briefing)
       INSERT INTO section (briefing_id, position, heading, kind, body)
       SELECT b.id, p, 'Takeaway', 'takeaway', t.body FROM b JOIN bench_text t ON t.id = $1 + b.k, (VALUES (3)) v(p)
       UNION ALL
       SELECT b.id, p, ${title('h.body', 3)}, 'items', NULL
         FROM b CROSS JOIN generate_series(0, 2) p JOIN bench_text h ON h.id = $2 + b.k * 3 + p`,
      [off.takeaway, off.heading],
    );
    await db.query(
      `WITH s AS (SELECT id, briefing_id, row_number() OVER (ORDER BY briefing_id, position) - 1 AS k FROM section WHERE kind = 'items')
       INSERT INTO item (section_id, briefing_id, position, title, body, url)
       SELECT s.id, s.briefing_id, i, ${title('tt.body', 8)}, tb.body, 'https://example.com/' || s.id || '/' || i
         FROM s CROSS JOIN generate_series(0, 9) i
         JOIN bench_text tt ON tt.id = $1 + s.k * 10 + i JOIN bench_text tb ON tb.id = $2 + s.k * 10 + i`,
      [off.itemTitle, off.itemBody],
    );
    await db.query(
      `WITH s AS (SELECT id, briefing_id, row_number() OVER (ORDER BY briefing_id, position) - 1 AS k
                    FROM section WHERE kind = 'items' AND position < 2)
       INSERT INTO discussion_prompt (section_id, briefing_id, prompt)
       SELECT s.id, s.briefing_id, ${title('t.body', 14)} || '?' FROM s JOIN bench_text t ON t.id = $1 + s.k`,
      [off.prompt],
    );
    await db.query(
      `WITH src AS (
         SELECT p.briefing_id, p.id AS prompt_id, NULL::uuid AS item_id, 'Discussion: ' || sec.heading AS title
           FROM discussion_prompt p JOIN section sec ON sec.id = p.section_id
         UNION ALL
         SELECT i.briefing_id, NULL, i.id, i.title FROM item i JOIN section s ON s.id = i.section_id
          WHERE s.position = 0 AND i.position < 3),
       k AS (SELECT src.*, row_number() OVER (ORDER BY briefing_id, title) - 1 AS k FROM src)
       INSERT INTO thread (briefing_id, prompt_id, item_id, title, short_title, state, outcome, created_at)
       SELECT k.briefing_id, k.prompt_id, k.item_id, k.title, left(k.title, 90), st.state,
              CASE WHEN st.state = 'resolved' THEN o.body END, b.created_at
         FROM k JOIN briefing b ON b.id = k.briefing_id JOIN bench_text o ON o.id = $1 + k.k,
              LATERAL (SELECT (ARRAY['open','open','converging','resolved'])[1 + k.k % 4] AS state) st`,
      [off.outcome],
    );

    // Comments spread unevenly over the threads (some busy, some quiet), seq in order per thread.
    await db.query(
      `WITH t AS (SELECT array_agg(t.id ORDER BY b.published_on, t.id) AS ids, array_agg(b.created_at ORDER BY b.published_on, t.id) AS at
                    FROM thread t JOIN briefing b ON b.id = t.briefing_id),
            u AS (SELECT array_agg(id ORDER BY email) AS ids FROM app_user),
            c AS (SELECT g, 1 + floor(power(random(), 1.6) * cardinality(t.ids))::int AS k FROM generate_series(1, $1::int) g, t)
       INSERT INTO comment (thread_id, seq, author_id, body, body_html, created_at)
       SELECT t.ids[c.k], row_number() OVER (PARTITION BY c.k ORDER BY c.g), u.ids[1 + c.g % cardinality(u.ids)],
              w.body, '<p>' || w.body || '</p>', t.at[c.k] + (c.g % 5000) * interval '1 minute'
         FROM c JOIN bench_text w ON w.id = $2 + c.g - 1, t, u`,
      [n.comments, off.comment],
    );
    await db.query(`
      UPDATE thread t SET last_seq = c.last, comment_count = c.count
        FROM (SELECT thread_id, max(seq) AS last, count(*) AS count FROM comment GROUP BY thread_id) c
       WHERE c.thread_id = t.id`);

    await db.query(
      `WITH u AS (SELECT array_agg(id ORDER BY email) AS ids FROM app_user)
       INSERT INTO action_item (title, description, owner_id, status, priority, due_on, created_by, created_at, updated_at)
       SELECT ${title('tt.body', 7)}, tb.body, u.ids[1 + g % cardinality(u.ids)],
              (ARRAY['open','open','in_progress','blocked','done','cancelled'])[1 + (g * 7) % 6],
              (ARRAY['low','medium','medium','high','urgent'])[1 + (g * 3) % 5],
              CASE WHEN g % 10 = 0 THEN NULL ELSE date '2024-01-01' + (g * 37) % 1100 END,
              u.ids[1 + (g * 11) % cardinality(u.ids)],
              timestamptz '2026-11-27' - (g * 2.5) * interval '1 hour', timestamptz '2026-11-27' - g * interval '1 hour'
         FROM generate_series(1, $1::int) g JOIN bench_text tt ON tt.id = $2 + g - 1
         JOIN bench_text tb ON tb.id = $3 + g - 1, u`,
      [n.actions, off.actionTitle, off.actionBody],
    );
    await db.query(`
      WITH a AS (SELECT id, row_number() OVER (ORDER BY created_at) AS k FROM action_item),
           b AS (SELECT id, row_number() OVER (ORDER BY published_on) AS k, count(*) OVER () AS total FROM briefing)
      INSERT INTO follow_up_link (owner_type, owner_id, target_type, target_id, briefing_id)
      SELECT 'action', a.id, 'briefing', b.id, b.id FROM a JOIN b ON b.k = 1 + (a.k * 7) % b.total`);
    await db.query(
      `WITH t AS (SELECT array_agg(id ORDER BY id) AS ids FROM thread), u AS (SELECT array_agg(id ORDER BY email) AS ids FROM app_user)
       INSERT INTO decision (title, statement, rationale, alternatives, status, decided_by, decided_on, thread_id, created_by, created_at, updated_at)
       SELECT ${title('tt.body', 7)}, ts.body, tr.body, ta.body, s.status,
              CASE WHEN s.status IN ('accepted', 'superseded') THEN u.ids[1 + g % cardinality(u.ids)] END,
              CASE WHEN s.status IN ('accepted', 'superseded') THEN date '2026-11-27' - g % 1000 END,
              CASE WHEN g % 2 = 0 THEN t.ids[1 + (g * 17) % cardinality(t.ids)] END,
              u.ids[1 + (g * 13) % cardinality(u.ids)],
              timestamptz '2026-11-27' - g * 6 * interval '1 hour', timestamptz '2026-11-27' - g * interval '1 hour'
         FROM generate_series(1, $1::int) g
         JOIN bench_text tt ON tt.id = $2 + g - 1 JOIN bench_text ts ON ts.id = $3 + g - 1
         JOIN bench_text tr ON tr.id = $4 + g - 1 JOIN bench_text ta ON ta.id = $5 + g - 1, t, u,
              LATERAL (SELECT (ARRAY['proposed','accepted','accepted','rejected','superseded'])[1 + g % 5] AS status) s`,
      [n.decisions, off.decisionTitle, off.statement, off.rationale, off.alternatives],
    );
    await db.query(`
      WITH d AS (SELECT id, row_number() OVER (ORDER BY created_at) AS k FROM decision WHERE thread_id IS NULL),
           b AS (SELECT id, row_number() OVER (ORDER BY published_on) AS k, count(*) OVER () AS total FROM briefing)
      INSERT INTO follow_up_link (owner_type, owner_id, target_type, target_id, briefing_id)
      SELECT 'decision', d.id, 'briefing', b.id, b.id FROM d JOIN b ON b.k = 1 + (d.k * 3) % b.total`);
    const seededMs = performance.now() - started;
    await db.query('COMMIT');
    const committedAt = performance.now();
    await db.query('ANALYZE');
    const { rows } = await db.query(`SELECT
        (SELECT count(*) FROM briefing)::int AS briefing, (SELECT count(*) FROM item)::int AS item,
        (SELECT count(*) FROM thread)::int AS discussion, (SELECT count(*) FROM comment)::int AS comment,
        (SELECT count(*) FROM action_item)::int AS action, (SELECT count(*) FROM decision)::int AS decision,
        (SELECT count(*) FROM briefing WHERE visibility = 'restricted')::int AS "restrictedBriefings",
        (SELECT count(*) FROM search_outbox)::int AS outbox,
        (SELECT sum(array_length(regexp_split_to_array(body, '\\s+'), 1)) FROM comment)::bigint AS "commentWords"`);
    const counts = rows[0];
    counts.total =
      counts.briefing +
      counts.item +
      counts.discussion +
      counts.comment +
      counts.action +
      counts.decision;
    return { counts, seededMs, textsMs, committedAt, words };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

/** Resolves once the search outbox is empty (every row indexed and acknowledged by Meilisearch). */
export async function waitForOutbox(databaseUrl, { timeoutMs = 30 * 60_000, onProgress } = {}) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = performance.now();
  let last = 0;
  try {
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS pending, max(attempts)::int AS attempts, max(last_error) AS error FROM search_outbox`,
      );
      if (rows[0].pending === 0) return;
      if (rows[0].error && rows[0].attempts > 3)
        throw new Error(`indexing keeps failing: ${rows[0].error}`);
      if (performance.now() - started > timeoutMs)
        throw new Error(`outbox not drained: ${rows[0].pending} left`);
      if (onProgress && performance.now() - last > 10_000) {
        last = performance.now();
        onProgress(rows[0].pending);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.end();
  }
}
