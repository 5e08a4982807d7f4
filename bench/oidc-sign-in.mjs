// Single sign-on end to end without a browser: GET /api/auth/oidc/login → the provider (a real
// oidc-provider process, the test one: its sign-in page signs in the login_hint account) → its
// redirect back → GET /api/auth/oidc/callback (code exchange with the PKCE verifier, ID token and
// userinfo checks, account lookup, session) → 302 with the session cookie. Each sign-in is a fresh
// browser (no provider session to reuse), so every hop happens every time. Target: p95 < 150 ms.
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>); BENCH_DATABASE_URL as for the other benches.
// node bench/oidc-sign-in.mjs [sign-ins=200]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { startApi } from './lib/api-process.mjs';
import { summary } from './lib/stats.mjs';

const [signIns = 200] = process.argv.slice(2).map(Number);
const WARM_UP = 10;
const CLIENT = { id: 'briefroom-bench', secret: 'a-bench-client-secret-of-some-length' };
const ACCOUNTS = Object.fromEntries(
  Array.from({ length: 20 }, (_, n) => [
    `person${n}`,
    {
      email: `person${n}@example.com`,
      email_verified: true,
      name: `Person ${n}`,
      groups: ['staff'],
    },
  ]),
);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function startProvider(port, redirectUri) {
  const options = {
    port,
    accounts: ACCOUNTS,
    clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [redirectUri] }],
  };
  const script = resolve(import.meta.dirname, '../api/test/support/oidc-provider.mjs');
  const child = spawn(process.execPath, [script, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise((resolveIssuer, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const ready = /ready (\S+)/.exec(output);
      if (ready) resolveIssuer(ready[1]);
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${output}`)));
  });
  return { issuer, child };
}

/** One browser: cookies per host, no redirect followed by itself. */
function browser() {
  const jar = new Map();
  return async function get(url) {
    const target = new URL(url);
    const cookies = jar.get(target.host) ?? new Map();
    const response = await fetch(target, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    await response.arrayBuffer();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        cookies.delete(pair.slice(0, at));
      else cookies.set(pair.slice(0, at), value);
    }
    jar.set(target.host, cookies);
    const location = response.headers.get('location');
    return {
      status: response.status,
      location: location && new URL(location, target).href,
      session: cookies.get('briefroom_session'),
    };
  };
}

async function signIn(appUrl, person) {
  const get = browser();
  const started = performance.now();
  let answer = await get(`${appUrl}/api/auth/oidc/login?loginHint=${person}`);
  const loggedIn = performance.now();
  let hops = 1;
  while (answer.location && !answer.location.startsWith(`${appUrl}/`) && hops < 10) {
    answer = await get(answer.location);
    hops += 1;
  }
  const backAt = performance.now();
  // The provider sent the browser to the callback; following it signs in.
  if (!answer.location?.startsWith(`${appUrl}/api/auth/oidc/callback`))
    throw new Error(`the provider did not come back: ${answer.status} ${answer.location}`);
  answer = await get(answer.location);
  hops += 1;
  if (answer.location !== `${appUrl}/` || !answer.session)
    throw new Error(`the callback refused: ${answer.status} ${answer.location}`);
  const phases = {
    login: loggedIn - started,
    provider: backAt - loggedIn,
    callback: performance.now() - backAt,
  };
  return { session: answer.session, hops, phases };
}

const [providerPort, appPort] = await Promise.all([freePort(), freePort()]);
const appUrl = `http://127.0.0.1:${appPort}`;
const provider = await startProvider(providerPort, `${appUrl}/api/auth/oidc/callback`);
const api = await startApi({
  port: appPort,
  env: {
    PUBLIC_URL: appUrl,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: CLIENT.id,
    OIDC_CLIENT_SECRET: CLIENT.secret,
    OIDC_ALLOWED_DOMAINS: 'example.com',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  },
});
try {
  const people = Object.keys(ACCOUNTS);
  // Warm-up: discovery, JIT, and each account's creation on its first sign-in.
  for (let n = 0; n < Math.max(WARM_UP, people.length); n += 1)
    await signIn(appUrl, people[n % people.length]);
  const times = [];
  const phases = { login: [], provider: [], callback: [] };
  let hops = 0;
  let last;
  for (let n = 0; n < signIns; n += 1) {
    const started = performance.now();
    last = await signIn(appUrl, people[n % people.length]);
    times.push(performance.now() - started);
    for (const [name, ms] of Object.entries(last.phases)) phases[name].push(ms);
    hops = last.hops;
  }
  const me = await fetch(`${appUrl}/api/auth/me`, {
    headers: { cookie: `briefroom_session=${last.session}` },
  });
  if (!me.ok) throw new Error(`the last session does not work: ${me.status}`);
  console.log(
    `OIDC sign-in end to end (${hops} HTTP requests: login, provider authorize, interaction, resume, callback; code exchange + userinfo inside the callback), existing accounts: ${summary(times)}`,
  );
  console.log(`  GET /api/auth/oidc/login (state, nonce, PKCE stored): ${summary(phases.login)}`);
  console.log(`  at the provider (authorize, sign-in, resume): ${summary(phases.provider)}`);
  console.log(
    `  GET /api/auth/oidc/callback (token + userinfo at the provider, account, session): ${summary(phases.callback)}`,
  );
} finally {
  await api.stop();
  provider.child.kill('SIGTERM');
}
