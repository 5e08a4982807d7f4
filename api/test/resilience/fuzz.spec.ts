import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { AuthService } from '../../src/auth/auth.service.js';
import { UsersRepository } from '../../src/users/users.repository.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Fuzzes every operation of the API's own OpenAPI document as anonymous, a viewer, a member and an
 * admin: bodies, query and path parameters built from each operation's schemas, each field either
 * valid or hostile (wrong types, huge strings, deep nesting, unicode, NUL, lone surrogates, SQL and
 * template injection). No answer may be a 5xx or leave the contract's error shape, and no rejected
 * (4xx) request may leave anything stored. FUZZ_SEED and FUZZ_RUNS reproduce or widen a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_511);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 10);
const REQUEST_TIMEOUT_MS = 15_000;

const sample = readFileSync(join(__dirname, '../../samples/daily-sync-2026-05-07.txt'), 'utf8');

// ── The operations, read from the app ──────────────────────────────────────────────────────────

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  minimum?: number;
  maximum?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: Schema | undefined;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/** Reads first, writes next, deletions last, so later operations still find the seeded data. */
const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

function operationsOf(document: OpenApi): Operation[] {
  return Object.entries(document.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content['application/json']?.schema,
      })),
    )
    .sort(
      (a, b) =>
        METHOD_ORDER.indexOf(a.method.toLowerCase()) - METHOD_ORDER.indexOf(b.method.toLowerCase()),
    );
}

// ── Values ─────────────────────────────────────────────────────────────────────────────────────

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE briefing; --",
  '1; SELECT pg_sleep(10)',
  '") OR 1=1 --',
  '${7*7}',
  '{{7*7}}',
  '<%= 7*7 %>',
  '#{7*7}',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '%FF',
  '\r\nX-Injected: 1',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '1e400',
  '99999999999999999999',
  '0x7fffffff',
  '',
  ' ',
];

/** Any UTF-16 code units, lone surrogates and NUL included. */
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  maxLength: 40,
});

/** Hostile text short enough for a URL (whose headers Node caps at 16 KiB). */
const shortHostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfff',
      '\udc00\ud800',
      '\u202e\u2066',
    ),
  },
  { weight: 3, arbitrary: codeUnits },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('z'.repeat(3_000)) },
);

const hostileString = fc.oneof(
  { weight: 12, arbitrary: shortHostileString },
  {
    weight: 1,
    arbitrary: fc.constantFrom('🦄'.repeat(2_000), 'x'.repeat(100_001), 'y'.repeat(300_000)),
  },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(1e20, -1e20, 2 ** 31, 2 ** 53 + 2, 1e308, -1, 0, 1.5, -0),
  fc.double(),
  fc.integer(),
);

/** Arrays nested this deep (the bound is 16); deeper still is sent as raw text. */
const nested = fc.integer({ min: 2, max: 200 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
});

function hostileValueOf(strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: strings },
    { weight: 2, arbitrary: hostileNumber },
    {
      weight: 1,
      arbitrary: fc.constantFrom(null, true, false, [], {}, [[[]]], [null], { '': null }),
    },
    { weight: 1, arbitrary: nested },
    { weight: 1, arbitrary: fc.object({ maxDepth: 3, maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.array(strings, { maxLength: 4 }) },
  );
}

const hostileValue = hostileValueOf(hostileString);
/** For path and query parameters, sent as text. */
const hostileParameter = hostileValueOf(shortHostileString);

interface Seeds {
  /** Real ids by the path segment that names their kind (briefings, threads, users, …). */
  byKind: Record<string, string[]>;
  all: string[];
  inviteTokens: string[];
}

function resolve(schema: Schema, document: OpenApi): Schema {
  let current = schema;
  for (let hops = 0; hops < 10; hops++) {
    const ref = current.$ref ?? current.allOf?.[0]?.$ref;
    if (!ref) return current;
    current = document.components.schemas[ref.replace('#/components/schemas/', '')] ?? {};
  }
  return current;
}

/** A value the schema allows, reaching as far into the services as a real client would. */
function validValue(
  schema: Schema,
  document: OpenApi,
  seeds: Seeds,
  depth = 0,
): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, document);
  if (resolved.enum?.length) return fc.constantFrom(...resolved.enum);
  if (resolved.format === 'uuid') return fc.oneof(fc.constantFrom(...seeds.all), fc.uuid());
  if (resolved.format === 'date-time') return fc.constant(new Date(2026, 4, 7).toISOString());
  if (typeof resolved.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(resolved.example))
    return fc.constantFrom(resolved.example, '2026-05-07', '2026-02-30');
  switch (resolved.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: resolved.minimum ?? 0, max: Math.min(resolved.maximum ?? 50, 50) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3
        ? fc.constant([])
        : fc.array(validValue(resolved.items ?? {}, document, seeds, depth + 1), { maxLength: 3 });
    case 'object':
      return depth > 3 ? fc.constant({}) : objectOf(resolved, document, seeds, depth + 1);
    default:
      return fc.oneof(
        fc.constantFrom('hello', 'Daily Sync', 'k8s', '@member', 'member1@example.com'),
        fc.string({ maxLength: 24 }),
      );
  }
}

/** An object of the schema's fields, each present or not, valid or hostile, sometimes with a stranger. */
function objectOf(
  schema: Schema,
  document: OpenApi,
  seeds: Seeds,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, field]) => [
      name,
      fc.oneof(
        { weight: 3, arbitrary: validValue(field, document, seeds, depth) },
        { weight: 2, arbitrary: hostileValue },
      ),
    ]),
  );
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(fc.tuple(fc.oneof(fc.string(), codeUnits), hostileValue), { freq: 8 }),
    )
    .map(([record, stranger]) => (stranger ? { ...record, [stranger[0]]: stranger[1] } : record));
}

// ── Requests ───────────────────────────────────────────────────────────────────────────────────

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string; text: string | Uint8Array };

interface FuzzRequest {
  path: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body: Body;
}

/** Percent-encodes as UTF-8; a lone surrogate goes as U+FFFD, as any client would send it. */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/\p{Cs}/gu, '\ufffd'));
}

/** Marks a path or query value that goes on the wire as it is (undecodable percent sequences). */
const RAW = '\u0001raw:';
const rawEscapes = fc.constantFrom('%FF', '%', '%zz', '%00', '%C0%AF', '%ED%A0%80', '%2e%2e');
const onWire = (value: string) => (value.startsWith(RAW) ? value.slice(RAW.length) : encode(value));

function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

function parameterValue(
  parameter: Parameter,
  operation: Operation,
  document: OpenApi,
  seeds: Seeds,
): fc.Arbitrary<string> {
  const kind = operation.path
    .split('/')
    .at(operation.path.split('/').indexOf(`{${parameter.name}}`) - 1);
  const real =
    parameter.name === 'token'
      ? seeds.inviteTokens
      : (seeds.byKind[kind ?? ''] ?? seeds.all).concat(seeds.all.slice(0, 3));
  return fc.oneof(
    { weight: 3, arbitrary: validValue(parameter.schema ?? {}, document, seeds).map(asText) },
    { weight: 2, arbitrary: fc.constantFrom(...real) },
    { weight: 3, arbitrary: hostileParameter.map(asText) },
    { weight: 1, arbitrary: rawEscapes.map((escape) => `${RAW}${escape}`) },
  );
}

const rawBodies = fc.oneof(
  fc.constantFrom(
    { contentType: 'application/json', text: '{"a":' },
    { contentType: 'application/json', text: '' },
    { contentType: 'application/json', text: 'null' },
    { contentType: 'application/json', text: '"just a string"' },
    { contentType: 'application/json', text: '{"__proto__":{"admin":true}}' },
    { contentType: 'application/json', text: '{"constructor":{"prototype":{"admin":true}}}' },
    { contentType: 'application/json', text: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
    { contentType: 'application/json', text: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}` },
    {
      contentType: 'application/json',
      text: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    },
    { contentType: 'application/json; charset=utf-16', text: '{}' },
    { contentType: 'application/x-www-form-urlencoded', text: 'a=1&a=2&b[c]=3&__proto__=x' },
    { contentType: 'text/plain', text: 'plain words' },
    { contentType: 'application/xml', text: '<a>1</a>' },
    { contentType: 'multipart/form-data; boundary=x', text: '--x\r\n\r\n--x--' },
  ),
  fc.integer({ min: 1, max: 3_000 }).map((keys) => ({
    contentType: 'application/json',
    text: JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]))),
  })),
);

/** Routes whose raw-document bodies belong to the import pipeline: fuzzed as JSON only. */
const DOCUMENT_ROUTES = new Set(['/api/briefings/import', '/api/briefings/preview']);

function requestFor(
  operation: Operation,
  document: OpenApi,
  seeds: Seeds,
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const headerParameters = operation.parameters.filter((parameter) => parameter.in === 'header');
  const path = fc.record(
    Object.fromEntries(
      pathParameters.map((parameter) => [
        parameter.name,
        parameterValue(parameter, operation, document, seeds),
      ]),
    ),
  );
  const query = fc
    .tuple(
      fc.subarray(queryParameters),
      fc.option(fc.tuple(fc.oneof(fc.string(), codeUnits), shortHostileString), { freq: 6 }),
    )
    .chain(([chosen, stranger]) =>
      fc
        .tuple(
          ...chosen.map((parameter) =>
            fc
              .array(parameterValue(parameter, operation, document, seeds), {
                minLength: 1,
                maxLength: 2,
              })
              .map((values) => values.map((value): [string, string] => [parameter.name, value])),
          ),
        )
        .map((pairs) => [...pairs.flat(), ...(stranger ? [stranger] : [])]),
    );
  const headers = fc.record(
    Object.fromEntries(
      headerParameters.map((parameter) => [
        parameter.name,
        fc.oneof(
          fc.uuid(),
          fc
            .string({ unit: 'binary-ascii', maxLength: 300 })
            .map((text) => text.replace(/[^\x20-\x7e]/g, 'x')),
          fc.constant('k'.repeat(5_000)),
        ),
      ]),
    ),
    { requiredKeys: [] },
  );
  const body: fc.Arbitrary<Body> = operation.body
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: objectOf(resolve(operation.body, document), document, seeds).map(
            (value): Body => ({ kind: 'json', value }),
          ),
        },
        { weight: 1, arbitrary: hostileValue.map((value): Body => ({ kind: 'json', value })) },
        {
          weight: DOCUMENT_ROUTES.has(operation.path) ? 0 : 1,
          arbitrary: rawBodies.map((raw): Body => ({ kind: 'raw', ...raw })),
        },
      )
    : fc.constant<Body>({ kind: 'none' });
  return fc.record({ path, query, headers: headers as fc.Arbitrary<Record<string, string>>, body });
}

function urlOf(operation: Operation, request: FuzzRequest): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    onWire(request.path[name] ?? ''),
  );
  const query = request.query.map(([name, value]) => `${encode(name)}=${onWire(value)}`).join('&');
  return query ? `${path}?${query}` : path;
}

// ── What changed in the database ───────────────────────────────────────────────────────────────

/** Written on purpose by rejected requests (failed sign-ins feed the lock-out) or by background jobs. */
const UNTRACKED_TABLES = ['login_attempt', 'search_outbox', 'migrations', 'fuzz_change'];
/** Touched by authenticated reads and by the saved-search alert job. */
const UNTRACKED_COLUMNS = ['last_seen_at', 'last_used_at', 'last_checked_at', 'last_new_hits'];
const untrackedColumns = UNTRACKED_COLUMNS.map((column) => ` - '${column}'`).join('');

/**
 * Records every committed row change with the row's state before and after (a rolled-back write
 * stores nothing and is not recorded), so each request's net effect is known exactly; the
 * saved-search alert job's notifications aside.
 */
async function recordChanges(db: pg.Client): Promise<string[]> {
  const tables: string[] = (
    await db.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1))
        ORDER BY 1`,
      [UNTRACKED_TABLES],
    )
  ).rows.map((row: { table_name: string }) => row.table_name);
  await db.query(`
    CREATE TABLE fuzz_change (
      id bigserial PRIMARY KEY, table_name text NOT NULL, op text NOT NULL,
      appeared text, vanished text, row_data text);
    CREATE FUNCTION fuzz_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      before jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD)${untrackedColumns} END;
      after jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW)${untrackedColumns} END;
    BEGIN
      IF before IS NOT DISTINCT FROM after THEN RETURN NULL; END IF;
      IF TG_TABLE_NAME = 'notification' AND coalesce(after, before)->>'kind' = 'saved_search' THEN RETURN NULL; END IF;
      INSERT INTO fuzz_change (table_name, op, appeared, vanished, row_data)
        VALUES (TG_TABLE_NAME, TG_OP, md5(after::text), md5(before::text), left(coalesce(after, before)::text, 300));
      RETURN NULL;
    END $$;
    ${tables
      .map(
        (table) =>
          `CREATE TRIGGER fuzz_change AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION fuzz_record_change();`,
      )
      .join('\n')}
  `);
  return tables;
}

async function lastChange(db: pg.Client): Promise<number> {
  return Number((await db.query('SELECT coalesce(max(id), 0) AS id FROM fuzz_change')).rows[0].id);
}

/**
 * What the changes after `since` left behind: row states that appeared and did not vanish again,
 * or the reverse (a claim inserted and deleted by the same rejected request nets to nothing).
 */
async function netChanges(db: pg.Client, since: number): Promise<unknown[]> {
  return (
    await db.query(
      `WITH change AS (SELECT * FROM fuzz_change WHERE id > $1),
            appeared AS (SELECT table_name, appeared AS state, count(*) AS n FROM change WHERE appeared IS NOT NULL GROUP BY 1, 2),
            vanished AS (SELECT table_name, vanished AS state, count(*) AS n FROM change WHERE vanished IS NOT NULL GROUP BY 1, 2),
            net AS (SELECT table_name, state FROM appeared FULL JOIN vanished USING (table_name, state)
                     WHERE coalesce(appeared.n, 0) <> coalesce(vanished.n, 0))
       SELECT change.table_name, change.op, change.row_data FROM change
        WHERE EXISTS (SELECT 1 FROM net WHERE net.table_name = change.table_name
                        AND net.state IN (change.appeared, change.vanished))
        ORDER BY change.id LIMIT 5`,
      [since],
    )
  ).rows;
}

/** Row count and an order-free checksum of every tracked table, to compare around a run of rejected requests. */
async function checksums(db: pg.Client, tables: string[]): Promise<Record<string, string>> {
  const rows = (
    await db.query(
      tables
        .map(
          (table) =>
            `SELECT '${table}' AS name, count(*) || ':' || coalesce(sum(hashtextextended((to_jsonb(t)${untrackedColumns})::text, 0)), 0) AS sum
               FROM "${table}" t${table === 'notification' ? " WHERE t.kind <> 'saved_search'" : ''}`,
        )
        .join(' UNION ALL '),
    )
  ).rows as Array<{ name: string; sum: string }>;
  return Object.fromEntries(rows.map((row) => [row.name, row.sum]));
}

// ── The run ────────────────────────────────────────────────────────────────────────────────────

interface Finding {
  what: '5xx' | 'off-contract error' | 'stored side effect' | 'no answer';
  principal: string;
  request: string;
  status: number;
  detail: string;
}

interface Answer {
  /** The request as a person would retype it (truncated). */
  shown: string;
  status: number;
  text: string;
  failure?: string;
}

async function send(
  baseUrl: string,
  operation: Operation,
  request: FuzzRequest,
  token: string | undefined,
): Promise<Answer> {
  const url = urlOf(operation, request);
  const headers: Record<string, string> = { ...request.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Uint8Array | undefined;
  if (request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body.value) ?? 'null';
  } else if (request.body.kind === 'raw') {
    headers['content-type'] = request.body.contentType;
    body = request.body.text;
  }
  const shown = `${operation.method} ${url.slice(0, 300)} ${body === undefined ? '' : String(body).slice(0, 300)}`;
  try {
    const response = await fetch(`${baseUrl}${url}`, {
      method: operation.method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { shown, status: response.status, text: await response.text() };
  } catch (error) {
    return { shown, status: 0, text: '', failure: String(error) };
  }
}

/** Whether an error answer is `{"error":{"code","message",…}}`. */
function inContractShape(text: string): boolean {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof error?.code === 'string' && typeof error.message === 'string';
  } catch {
    return false;
  }
}

describe('Fuzzing every API operation', () => {
  let app: TestApp;
  let db: pg.Client;
  let document: OpenApi;
  let seeds: Seeds;
  let tables: string[];
  const principals: Array<{ name: string; user: TestUser | undefined }> = [];

  beforeAll(async () => {
    // The reminder job would write on its own schedule and blur what each request changed.
    app = await createTestApp({ REMINDER_INTERVAL_SECONDS: '0' });
    const admin = await createUser(app, 'admin');
    const viewer = await createUser(app, 'viewer');
    const member = await createUser(app, 'member');
    // Users the fuzzer may edit, deactivate or add to groups without locking out the principals.
    const bystander = await createUser(app, 'member');
    const editor = await createUser(app, 'editor');
    principals.push(
      { name: 'anonymous', user: undefined },
      { name: 'viewer', user: viewer },
      { name: 'member', user: member },
      { name: 'admin', user: admin },
    );

    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body as {
      id: string;
      slug: string;
      sections: Array<{ items: Array<{ id: string }>; discussion: { threadId: string } | null }>;
    };
    const threads = briefing.sections.flatMap((section) =>
      section.discussion ? [section.discussion.threadId] : [],
    );
    const items = briefing.sections.flatMap((section) => section.items.map((item) => item.id));
    const comment = await app.http
      .post(`/api/threads/${threads[0]}/comments`)
      .set(bearer(member))
      .send({ body: 'A first comment @admin1' })
      .expect(201);
    const action = await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({ title: 'Seeded action', links: [{ type: 'briefing', id: briefing.id }] })
      .expect(201);
    const decision = await app.http
      .post('/api/decisions')
      .set(bearer(editor))
      .send({ title: 'Seeded decision', statement: 'We do it.', threadId: threads[0] })
      .expect(201);
    const group = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name: 'Seeded group' })
      .expect(201);
    const invite = await app.http
      .post('/api/admin/invites')
      .set(bearer(admin))
      .send({ email: 'invitee@example.com', role: 'member' })
      .expect(201);
    const saved = await app.http
      .post('/api/saved-searches')
      .set(bearer(member))
      .send({ name: 'Seeded', query: 'energy', alert: false })
      .expect(201);
    const token = await app.http
      .post('/api/auth/tokens')
      .set(bearer(bystander))
      .send({ name: 'Seeded' })
      .expect(201);

    const byKind: Record<string, string[]> = {
      briefings: [briefing.id, briefing.slug],
      items,
      threads,
      comments: [comment.body.id],
      actions: [action.body.id],
      decisions: [decision.body.id],
      groups: [group.body.group.id],
      users: [bystander.id, editor.id],
      invites: [invite.body.invite.id],
      'saved-searches': [saved.body.id],
      tokens: [token.body.token.id],
    };
    seeds = {
      byKind,
      all: Object.values(byKind).flat(),
      inviteTokens: [String(invite.body.url).split('/').pop() ?? 'x'],
    };
    document = (await app.http.get('/api/openapi.json').expect(200)).body as OpenApi;
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    tables = await recordChanges(db);
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  /** A principal signed out or edited by an earlier request signs in again with its own role. */
  async function restorePrincipals(): Promise<void> {
    for (const principal of principals) {
      const user = principal.user;
      if (!user) continue;
      const me = await fetch(`${app.baseUrl}/api/auth/me`, { headers: bearer(user) });
      const role = me.ok ? ((await me.json()) as { user: { role: string } }).user.role : undefined;
      if (role === user.role) continue;
      const users = app.server.app.get(UsersRepository);
      await users.update(user.id, { role: user.role, active: true });
      const entity = await users.findById(user.id);
      const session = await app.server.app
        .get(AuthService)
        .startSession(entity!, { userAgent: 'fuzz', ip: '127.0.0.1' });
      user.token = session.token;
    }
  }

  it('answers every fuzzed request with a 2xx or a 4xx in the contract shape, storing nothing on 4xx', async () => {
    const findings: Finding[] = [];
    const operations = operationsOf(document);
    let requests = 0;
    let rejected = 0;
    let checkedRuns = 0;
    const statuses = new Map<number, number>();
    const started = Date.now();

    let runIndex = 0;
    for (const operation of operations) {
      for (const principal of principals) {
        runIndex += 1;
        const before = operation.method === 'GET' ? undefined : await checksums(db, tables);
        let accepted = false;
        await fc.assert(
          fc.asyncProperty(requestFor(operation, document, seeds), async (request) => {
            const changedBefore = await lastChange(db);
            const answer = await send(app.baseUrl, operation, request, principal.user?.token);
            const finding = (what: Finding['what'], detail: string) =>
              findings.push({
                what,
                principal: principal.name,
                request: answer.shown,
                status: answer.status,
                detail: detail.slice(0, 500),
              });
            requests += 1;
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (answer.failure) return void finding('no answer', answer.failure);
            if (answer.status >= 500) finding('5xx', answer.text);
            if (answer.status >= 400 && !inContractShape(answer.text))
              finding('off-contract error', answer.text);
            if (answer.status < 400 || answer.status >= 500) {
              accepted = true;
              return;
            }
            rejected += 1;
            const changes = await netChanges(db, changedBefore);
            if (changes.length) finding('stored side effect', JSON.stringify(changes));
          }),
          { numRuns: RUNS_PER_OPERATION, seed: SEED + runIndex, endOnFailure: true },
        );
        // A whole run of rejected writes must leave every table exactly as it was.
        if (before && !accepted) {
          checkedRuns += 1;
          const after = await checksums(db, tables);
          const changed = tables.filter((table) => before[table] !== after[table]);
          if (changed.length)
            findings.push({
              what: 'stored side effect',
              principal: principal.name,
              request: `${operation.method} ${operation.path} (a run of rejected requests)`,
              status: 400,
              detail: `tables changed: ${changed.join(', ')}`,
            });
        }
        if (operation.method !== 'GET') await restorePrincipals();
      }
    }

    console.log(
      `fuzz: seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s, ${requests} requests over ${operations.length} operations × ${principals.length} principals; ` +
        `${rejected} rejected (4xx), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; ` +
        `${checkedRuns} all-rejected write runs checksummed; ${findings.filter((finding) => finding.what === '5xx').length} 5xx; ${findings.length} findings`,
    );
    expect(operations.length).toBeGreaterThanOrEqual(68);
    expect(findings).toEqual([]);
  });
});
