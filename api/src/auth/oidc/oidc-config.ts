import { ConfigError } from '../../config/app-config.js';
import { ROLES, type Role } from '../../users/user.entity.js';

/** Single sign-on with an OpenID Connect provider, from OIDC_* variables; undefined without OIDC_ISSUER. */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  /** Undefined for a public client (PKCE alone). */
  clientSecret: string | undefined;
  /** Lower-cased e-mail domains whose people get an account on first sign-in; others must exist already. */
  allowedDomains: string[];
  /** The claim (string or list of strings) that carries group or role names, e.g. `groups`. */
  roleClaim: string | undefined;
  /** Claim values to roles; the highest match wins. */
  roleMap: ReadonlyMap<string, Role>;
  /** The role of a new account whose claim maps to none. */
  defaultRole: Role;
  /** What the button says after "Sign in with". */
  displayName: string;
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function role(name: string, raw: string): Role {
  const value = raw.trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(value))
    throw new ConfigError(`${name}: "${raw}" is not a role (${ROLES.join(', ')}).`);
  return value as Role;
}

export function readOidcConfig(env: Env): OidcConfig | undefined {
  const issuerRaw = read(env, 'OIDC_ISSUER');
  const clientId = read(env, 'OIDC_CLIENT_ID');
  if (!issuerRaw) {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ALLOWED_DOMAINS'].find((name) =>
      read(env, name),
    );
    if (stray) throw new ConfigError(`${stray} is set but OIDC_ISSUER is not.`);
    return undefined;
  }
  let issuer: URL;
  try {
    issuer = new URL(issuerRaw);
  } catch {
    throw new ConfigError(`OIDC_ISSUER must be a URL, got "${issuerRaw}".`);
  }
  // Plain http only for a provider on this machine (development, tests): tokens cross that connection.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && loopback))
    throw new ConfigError(
      `OIDC_ISSUER must be an https:// URL (http:// only on localhost), got "${issuerRaw}".`,
    );
  if (!clientId) throw new ConfigError('OIDC_CLIENT_ID must be set with OIDC_ISSUER.');

  const allowedDomains = (read(env, 'OIDC_ALLOWED_DOMAINS') ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  for (const domain of allowedDomains)
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain))
      throw new ConfigError(`OIDC_ALLOWED_DOMAINS: "${domain}" is not a domain name.`);

  const roleMap = new Map<string, Role>();
  for (const pair of (read(env, 'OIDC_ROLE_MAP') ?? '').split(',').filter((p) => p.trim())) {
    const at = pair.lastIndexOf('=');
    if (at <= 0)
      throw new ConfigError(`OIDC_ROLE_MAP entries are value=role, got "${pair.trim()}".`);
    roleMap.set(pair.slice(0, at).trim(), role('OIDC_ROLE_MAP', pair.slice(at + 1)));
  }
  const roleClaim = read(env, 'OIDC_ROLE_CLAIM');
  if (roleMap.size > 0 && !roleClaim)
    throw new ConfigError('OIDC_ROLE_MAP is set but OIDC_ROLE_CLAIM is not.');

  return {
    issuer,
    clientId,
    clientSecret: read(env, 'OIDC_CLIENT_SECRET'),
    allowedDomains,
    roleClaim,
    roleMap,
    defaultRole: role('OIDC_DEFAULT_ROLE', read(env, 'OIDC_DEFAULT_ROLE') ?? 'member'),
    displayName: read(env, 'OIDC_DISPLAY_NAME') ?? 'single sign-on',
  };
}

/** PASSWORD_SIGN_IN=false leaves single sign-on as the only way in, so it needs OIDC. */
export function readPasswordSignIn(env: Env, oidc: OidcConfig | undefined): boolean {
  const raw = read(env, 'PASSWORD_SIGN_IN')?.toLowerCase();
  if (raw === undefined) return true;
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(raw))
    throw new ConfigError(`PASSWORD_SIGN_IN must be true or false, got "${raw}".`);
  const on = ['true', '1', 'yes'].includes(raw);
  if (!on && !oidc)
    throw new ConfigError('PASSWORD_SIGN_IN=false needs OIDC_ISSUER: nobody could sign in.');
  return on;
}
