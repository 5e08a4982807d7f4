// A real OpenID Connect provider (oidc-provider, the certified library) for tests and the bench:
// `node oidc-provider.mjs '<json>'` prints `ready <issuer>` once it listens. Its only shortcut is the
// sign-in page: the interaction signs in the account named by `login_hint` (unknown → access_denied).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

/**
 * @typedef {{
 *   port: number,
 *   clients: Array<Record<string, unknown>>,
 *   accounts: Record<string, Record<string, unknown>>,
 *   codeTtlSeconds?: Record<string, number>, // per account: how long its codes live
 * }} ProviderOptions
 */

/** @type {ProviderOptions} */
const options = JSON.parse(process.argv[2] ?? '{}');
const issuer = `http://127.0.0.1:${options.port}`;

const provider = new Provider(issuer, {
  clients: options.clients,
  cookies: { keys: ['briefroom-test-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AuthorizationCode: (_ctx, token) => options.codeTtlSeconds?.[token.accountId] ?? 60,
    AccessToken: 600,
    IdToken: 600,
    Grant: 600,
    Interaction: 600,
    Session: 600,
  },
  async findAccount(_ctx, id) {
    const claims = options.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // Consent is given once the account signs in, so no consent page is needed either.
  async loadExistingGrant(ctx) {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    ctx.oidc.session.ensureClientContainer(ctx.oidc.client.clientId);
    ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId, grant.jti);
    return grant;
  },
});

const handle = provider.callback();
const server = createServer(async (req, res) => {
  if (!req.url?.startsWith('/interaction/')) return handle(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
    const result = options.accounts[hint]
      ? { login: { accountId: hint } }
      : { error: 'access_denied', error_description: 'no such test account' };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});
server.listen(options.port, '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
