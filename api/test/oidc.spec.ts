import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { createUser, expectError, PASSWORD } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { freePort } from './support/free-port.js';

/** Single sign-on end to end against a real oidc-provider process; the "browser" is fetch with a cookie jar. */

const CLIENT = { id: 'briefroom', secret: 'a-test-client-secret-of-some-length' };

const ACCOUNTS: Record<string, Record<string, unknown>> = {
  alice: { email: 'Alice@Example.com', email_verified: true, name: 'Alice Example' },
  // Signed in by the first-sign-in test only, so it runs alone or in any order.
  ada: { email: 'Ada@Example.com', email_verified: true, name: 'Ada Example' },
  dana: { email: 'dana@example.com', email_verified: true, groups: ['briefroom-admins'] },
  erin: { email: 'erin@example.com', email_verified: true, groups: ['staff', 'briefroom-editors'] },
  frank: { email: 'frank@partner.org', email_verified: true, groups: ['briefroom-editors'] },
  mallory: { email: 'mallory@elsewhere.net', email_verified: true },
  carol: { email: 'carol@example.com', email_verified: false },
  gina: { email: 'gina@example.com', email_verified: true },
  nomail: { email_verified: true },
  // Codes issued to this account live one second at the provider.
  hasty: { email: 'hasty@example.com', email_verified: true },
};

async function startProvider(
  port: number,
  appPorts: number[],
): Promise<{ issuer: string; child: ChildProcess }> {
  const redirectUris = appPorts.map((p) => `http://127.0.0.1:${p}/api/auth/oidc/callback`);
  const options = {
    port,
    accounts: ACCOUNTS,
    clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: redirectUris }],
    codeTtlSeconds: { hasty: 1 },
  };
  const child = spawn(
    process.execPath,
    [join(__dirname, 'support/oidc-provider.mjs'), JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\S+)/.exec(output);
      if (ready) resolve(ready[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${output}`)));
  });
  return { issuer, child };
}

/** A browser without a page: follows nothing by itself, keeps cookies per host. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<{ status: number; location: string | null }> {
    const target = new URL(url);
    const cookies = this.jar.get(target.host) ?? new Map<string, string>();
    const response = await fetch(target, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    await response.arrayBuffer();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(target.host, cookies);
    const location = response.headers.get('location');
    return { status: response.status, location: location && new URL(location, target).href };
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  /** Follows redirects while they stay off `stopAt`'s origin and path; returns the URL that reached it. */
  async followUntil(start: string, stopAt: string): Promise<string> {
    let url = start;
    for (let hop = 0; hop < 10; hop += 1) {
      if (url.startsWith(stopAt)) return url;
      const { status, location } = await this.get(url);
      if (status < 300 || status >= 400 || !location)
        throw new Error(`${url} answered ${status} instead of redirecting`);
      url = location;
    }
    throw new Error(`too many redirects from ${start}`);
  }
}

interface SignIn {
  browser: Browser;
  /** The provider's redirect back to the app, not yet followed. */
  callbackUrl: string;
}

/** Starts a sign-in in a fresh browser and walks it through the provider up to the app's callback. */
async function throughProvider(app: TestApp, hint: string, returnTo?: string): Promise<SignIn> {
  const browser = new Browser();
  const query = new URLSearchParams({ loginHint: hint });
  if (returnTo) query.set('returnTo', returnTo);
  const login = await browser.get(`${app.baseUrl}/api/auth/oidc/login?${query.toString()}`);
  expect(login.status).toBe(302);
  const callbackUrl = await browser.followUntil(
    login.location ?? '',
    `${app.baseUrl}/api/auth/oidc/callback`,
  );
  return { browser, callbackUrl };
}

async function signIn(app: TestApp, hint: string, returnTo?: string) {
  const { browser, callbackUrl } = await throughProvider(app, hint, returnTo);
  const done = await browser.get(callbackUrl);
  expect(done.status).toBe(302);
  const session = browser.cookie(app.baseUrl, 'briefroom_session');
  return { browser, callbackUrl, location: done.location, session };
}

function me(app: TestApp, session: string | undefined) {
  return app.http.get('/api/auth/me').set('cookie', `briefroom_session=${session}`);
}

async function rows<T extends pg.QueryResultRow>(
  app: TestApp,
  text: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const userCount = async (app: TestApp, email: string) =>
  (await rows(app, 'SELECT id FROM app_user WHERE email = $1', [email])).length;

describe('Single sign-on (OpenID Connect)', () => {
  let provider: ChildProcess;
  let app: TestApp;
  /** PASSWORD_SIGN_IN=false, and a client whose codes expire after a second. */
  let ssoOnly: TestApp;

  beforeAll(async () => {
    const [providerPort, appPort, ssoOnlyPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
    ]);
    const started = await startProvider(providerPort, [appPort, ssoOnlyPort]);
    provider = started.child;
    const oidcEnv = (port: number) => ({
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER: started.issuer,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      OIDC_ALLOWED_DOMAINS: 'example.com, example.org',
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'briefroom-admins=admin,briefroom-editors=editor',
      OIDC_DISPLAY_NAME: 'Example SSO',
    });
    [app, ssoOnly] = await Promise.all([
      createTestApp(oidcEnv(appPort)),
      createTestApp({ ...oidcEnv(ssoOnlyPort), PASSWORD_SIGN_IN: 'false' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([app?.close(), ssoOnly?.close()]);
    provider?.kill('SIGTERM');
  });

  it('tells the login page which ways in there are', async () => {
    await app.http.get('/api/auth/providers').expect(200, {
      password: true,
      oidc: { displayName: 'Example SSO', loginUrl: '/api/auth/oidc/login' },
    });
    await ssoOnly.http
      .get('/api/auth/providers')
      .expect(200)
      .expect(({ body }) => expect(body.password).toBe(false));
  });

  it('sends the browser to the provider with PKCE S256, state and nonce, state bound by a cookie', async () => {
    const browser = new Browser();
    const login = await browser.get(`${app.baseUrl}/api/auth/oidc/login`);
    expect(login.status).toBe(302);
    const location = new URL(login.location ?? '');
    expect(location.origin).toBe(new URL(app.config.oidc?.issuer ?? '').origin);
    const params = location.searchParams;
    expect(params.get('client_id')).toBe(CLIENT.id);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('redirect_uri')).toBe(`${app.baseUrl}/api/auth/oidc/callback`);
    expect(browser.cookie(app.baseUrl, 'briefroom_oidc')).toBe(params.get('state'));
    // Only the state's hash is kept server-side, never the state itself.
    const stored = await rows<{ state_hash: string }>(app, 'SELECT state_hash FROM oidc_sign_in');
    expect(stored.map((row) => row.state_hash)).not.toContain(params.get('state'));
  });

  it('creates an account on first sign-in for an allowed domain and signs it in like a password login', async () => {
    const first = await signIn(app, 'ada', '/briefings?view=unread');
    expect(first.location).toBe(`${app.baseUrl}/briefings?view=unread`);
    const signedIn = await me(app, first.session).expect(200);
    expect(signedIn.body.user).toMatchObject({
      email: 'ada@example.com',
      displayName: 'Ada Example',
      role: 'member',
      active: true,
    });

    // The second time it is the same account, and the session is a real one: logout ends it.
    const again = await signIn(app, 'ada');
    expect(again.location).toBe(`${app.baseUrl}/`);
    const sameUser = await me(app, again.session).expect(200);
    expect(sameUser.body.user.id).toBe(signedIn.body.user.id);
    expect(await userCount(app, 'ada@example.com')).toBe(1);
    const events = await rows<{ action: string; actor_id: string; details: { created: boolean } }>(
      app,
      `SELECT action, actor_id, details FROM audit_event WHERE action = 'auth.oidc.sign_in' AND actor_id = $1 ORDER BY at`,
      [signedIn.body.user.id],
    );
    expect(events.map((event) => event.details.created)).toEqual([true, false]);
  });

  it('maps the role from the configured claim, the highest match winning', async () => {
    const dana = await signIn(app, 'dana');
    expect((await me(app, dana.session).expect(200)).body.user.role).toBe('admin');
    const erin = await signIn(app, 'erin');
    expect((await me(app, erin.session).expect(200)).body.user.role).toBe('editor');
  });

  it('links an existing account by verified e-mail, whatever its domain, and applies the mapped role', async () => {
    const frank = await createUser(app, 'viewer', { email: 'frank@partner.org' });
    const signedIn = await signIn(app, 'frank');
    const body = (await me(app, signedIn.session).expect(200)).body;
    expect(body.user).toMatchObject({ id: frank.id, role: 'editor' });
    // The password still works beside single sign-on.
    await app.http
      .post('/api/auth/login')
      .send({ email: frank.email, password: PASSWORD })
      .expect(200);
  });

  it('refuses a new account outside the allowed domains, and stores nothing', async () => {
    const refused = await signIn(app, 'mallory');
    expect(refused.location).toBe(`${app.baseUrl}/login?error=oidc_domain`);
    expect(refused.session).toBeUndefined();
    expect(await userCount(app, 'mallory@elsewhere.net')).toBe(0);
    const audit = await rows<{ details: { reason: string; email: string } }>(
      app,
      `SELECT details FROM audit_event WHERE action = 'auth.oidc.refused' AND details->>'email' = $1`,
      ['mallory@elsewhere.net'],
    );
    expect(audit.map((event) => event.details.reason)).toEqual(['oidc_domain']);
  });

  it('refuses an unverified e-mail even when an account has that address', async () => {
    await createUser(app, 'admin', { email: 'carol@example.com' });
    const refused = await signIn(app, 'carol');
    expect(refused.location).toBe(`${app.baseUrl}/login?error=oidc_email_unverified`);
    expect(refused.session).toBeUndefined();
  });

  it('refuses an identity without an e-mail address', async () => {
    const refused = await signIn(app, 'nomail');
    expect(refused.location).toBe(`${app.baseUrl}/login?error=oidc_no_email`);
  });

  it('refuses a deactivated account', async () => {
    const gina = await createUser(app, 'member', { email: 'gina@example.com' });
    await rows(app, 'UPDATE app_user SET active = false WHERE id = $1', [gina.id]);
    const refused = await signIn(app, 'gina');
    expect(refused.location).toBe(`${app.baseUrl}/login?error=oidc_deactivated`);
    expect(refused.session).toBeUndefined();
  });

  it('refuses a tampered state, and a callback in a browser that did not start the sign-in', async () => {
    const { browser, callbackUrl } = await throughProvider(app, 'alice');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const answer = await browser.get(tampered.href);
    expect(answer).toEqual({ status: 302, location: `${app.baseUrl}/login?error=oidc_state` });
    expect(browser.cookie(app.baseUrl, 'briefroom_session')).toBeUndefined();

    const other = await throughProvider(app, 'alice');
    const elsewhere = await new Browser().get(other.callbackUrl);
    expect(elsewhere.location).toBe(`${app.baseUrl}/login?error=oidc_state`);
  });

  it('refuses a replayed callback, and a used code brought back with a fresh state', async () => {
    const first = await signIn(app, 'alice');
    expect(first.session).toBeDefined();
    const replay = await first.browser.get(first.callbackUrl);
    expect(replay.location).toBe(`${app.baseUrl}/login?error=oidc_state`);

    // A new sign-in in the same browser, answered with the old code: the provider refuses it.
    const fresh = await first.browser.get(`${app.baseUrl}/api/auth/oidc/login`);
    const freshState = new URL(fresh.location ?? '').searchParams.get('state') ?? '';
    const reused = new URL(first.callbackUrl);
    reused.searchParams.set('state', freshState);
    const answer = await first.browser.get(reused.href);
    expect(answer.location).toBe(`${app.baseUrl}/login?error=oidc_failed`);
  });

  it('refuses an expired code', async () => {
    const { browser, callbackUrl } = await throughProvider(app, 'hasty');
    // This account's codes live one second at the provider.
    await delay(2_100);
    const answer = await browser.get(callbackUrl);
    expect(answer.location).toBe(`${app.baseUrl}/login?error=oidc_failed`);
    expect(browser.cookie(app.baseUrl, 'briefroom_session')).toBeUndefined();
    expect(await userCount(app, 'hasty@example.com')).toBe(0);
  });

  it('passes on a refusal at the provider', async () => {
    const refused = await signIn(app, 'nobody-at-the-provider');
    expect(refused.location).toBe(`${app.baseUrl}/login?error=oidc_denied`);
  });

  it('returns only to paths on this site', async () => {
    const signedIn = await signIn(app, 'alice', 'https://evil.example.net/steal');
    expect(signedIn.location).toBe(`${app.baseUrl}/`);
    const protocolRelative = await signIn(app, 'alice', '//evil.example.net');
    expect(protocolRelative.location).toBe(`${app.baseUrl}/`);
  });

  it('answers bad login parameters with 400 in the error shape and starts nothing', async () => {
    const before = await rows(app, 'SELECT state_hash FROM oidc_sign_in');
    expectError(
      await app.http.get('/api/auth/oidc/login').query({ returnTo: `/${'a'.repeat(2001)}` }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http.get('/api/auth/oidc/login').query({ prompt: 'none' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await rows(app, 'SELECT state_hash FROM oidc_sign_in')).toHaveLength(before.length);
  });

  it('with PASSWORD_SIGN_IN=false refuses password sign-in with 403 and still signs in through the provider', async () => {
    const user = await createUser(ssoOnly, 'member', { email: 'gina@example.com' });
    expectError(
      await ssoOnly.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }),
      403,
      'FORBIDDEN',
    );
    const signedIn = await signIn(ssoOnly, 'gina');
    expect((await me(ssoOnly, signedIn.session).expect(200)).body.user.id).toBe(user.id);
  });
});

describe('Single sign-on when not configured', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('answers 404 in the error shape on both routes and offers passwords only', async () => {
    expectError(await app.http.get('/api/auth/oidc/login'), 404, 'NOT_FOUND');
    expectError(
      await app.http.get('/api/auth/oidc/callback').query({ code: 'x', state: 'y' }),
      404,
      'NOT_FOUND',
    );
    await app.http.get('/api/auth/providers').expect(200, { password: true, oidc: null });
  });
});

describe('OIDC configuration', () => {
  const base = { DATABASE_URL: 'postgres://localhost/x' };
  it.each([
    [{ OIDC_CLIENT_ID: 'x' }, /OIDC_CLIENT_ID is set but OIDC_ISSUER is not/],
    [
      { OIDC_ISSUER: 'http://idp.example.com', OIDC_CLIENT_ID: 'x' },
      /OIDC_ISSUER must be an https/,
    ],
    [{ OIDC_ISSUER: 'https://idp.example.com' }, /OIDC_CLIENT_ID must be set/],
    [
      {
        OIDC_ISSUER: 'https://idp.example.com',
        OIDC_CLIENT_ID: 'x',
        OIDC_ROLE_MAP: 'a=boss',
        OIDC_ROLE_CLAIM: 'g',
      },
      /OIDC_ROLE_MAP: "boss" is not a role/,
    ],
    [
      { OIDC_ISSUER: 'https://idp.example.com', OIDC_CLIENT_ID: 'x', OIDC_ROLE_MAP: 'a=admin' },
      /OIDC_ROLE_MAP is set but OIDC_ROLE_CLAIM is not/,
    ],
    [
      {
        OIDC_ISSUER: 'https://idp.example.com',
        OIDC_CLIENT_ID: 'x',
        OIDC_ALLOWED_DOMAINS: 'not a domain',
      },
      /OIDC_ALLOWED_DOMAINS/,
    ],
    [{ PASSWORD_SIGN_IN: 'false' }, /PASSWORD_SIGN_IN=false needs OIDC_ISSUER/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('reads a full configuration', () => {
    const config = loadConfig({
      ...base,
      OIDC_ISSUER: 'https://idp.example.com/realms/acme',
      OIDC_CLIENT_ID: 'briefroom',
      OIDC_ALLOWED_DOMAINS: '@Acme.com, acme.org',
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'br-admins=admin, br-viewers=viewer',
      OIDC_DEFAULT_ROLE: 'viewer',
      PASSWORD_SIGN_IN: 'false',
    });
    expect(config.oidc).toMatchObject({
      clientId: 'briefroom',
      clientSecret: undefined,
      allowedDomains: ['acme.com', 'acme.org'],
      defaultRole: 'viewer',
      displayName: 'single sign-on',
    });
    expect([...(config.oidc?.roleMap ?? [])]).toEqual([
      ['br-admins', 'admin'],
      ['br-viewers', 'viewer'],
    ]);
    expect(config.passwordSignIn).toBe(false);
  });
});
